import pytest
from django.db import IntegrityError, transaction

from competency_framework.models import Framework, PositionProfile, ScaleLevel
from competency_framework.selectors import profile_for_position
from people.models import Corps
from tests.factories import PositionFactory, StateBodyFactory

pytestmark = pytest.mark.django_db


def test_scale_levels_come_in_value_order_and_are_unique(framework):
    fw = Framework.objects.create(idnumber="ORD", name_ru="Порядок")
    for value in (3, 1, 2):
        ScaleLevel.objects.create(framework=fw, value=value, name_en=f"L{value}")
    assert [lv.value for lv in fw.levels.all()] == [1, 2, 3]
    with pytest.raises(IntegrityError), transaction.atomic():
        ScaleLevel.objects.create(framework=fw, value=2, name_en="again")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScaleLevel.objects.create(framework=fw, value=0, name_en="zero")


def test_framework_idnumber_is_unique(framework):
    with pytest.raises(IntegrityError), transaction.atomic():
        Framework.objects.create(idnumber="FW", name_en="dup")


def _profile(framework, **kw):
    return PositionProfile.objects.create(framework=framework, name_en=str(kw), **kw)


def test_most_specific_general_profile_wins(framework):
    position = PositionFactory(corps=Corps.B, category_code="C-O-3", managerial=True)
    corps = _profile(framework, corps=Corps.B)
    assert profile_for_position(position) == corps
    corps_mgr = _profile(framework, corps=Corps.B, managerial=True)
    assert profile_for_position(position) == corps_mgr
    corps_group = _profile(framework, corps=Corps.B, category_group="C-O")
    assert profile_for_position(position) == corps_group  # group outranks managerial alone
    full = _profile(framework, corps=Corps.B, category_group="C-O", managerial=True)
    assert profile_for_position(position) == full


def test_profiles_that_do_not_match_are_ignored(framework):
    position = PositionFactory(corps=Corps.B, category_code="C-4", managerial=False)
    _profile(framework, corps=Corps.B, managerial=True)
    _profile(framework, corps=Corps.B, category_group="C-O")
    _profile(framework, corps=Corps.A)
    assert profile_for_position(position) is None
    executive = _profile(framework, corps=Corps.B, managerial=False)
    assert profile_for_position(position) == executive


def test_sectoral_override_of_nearest_body_wins(framework):
    ministry = StateBodyFactory(code="MF")
    committee = StateBodyFactory(parent=ministry)
    department = StateBodyFactory(parent=committee)
    sibling = StateBodyFactory(parent=ministry)
    position = PositionFactory(body=department, corps=Corps.B, category_code="C-R-2", managerial=False)
    _profile(framework, corps=Corps.B, category_group="C-R", managerial=False)  # most specific general
    at_ministry = _profile(framework, corps=Corps.B, body=ministry)
    assert profile_for_position(position) == at_ministry  # any override beats general
    _profile(framework, corps=Corps.B, body=sibling, category_group="C-R", managerial=False)  # not an ancestor
    assert profile_for_position(position) == at_ministry
    at_committee = _profile(framework, corps=Corps.B, body=committee)
    assert profile_for_position(position) == at_committee  # deeper body wins
    _profile(framework, corps=Corps.B, body=department, managerial=True)  # own body, wrong kind of post
    assert profile_for_position(position) == at_committee
    at_committee_specific = _profile(framework, corps=Corps.B, body=committee, managerial=False)
    assert profile_for_position(position) == at_committee_specific  # same body: more specific wins


def test_other_frameworks_and_inactive_profiles_are_ignored(framework):
    other = Framework.objects.create(idnumber="OTHER", name_en="Other")
    position = PositionFactory(corps=Corps.B, category_code="C-4")
    foreign = _profile(other, corps=Corps.B)
    inactive = _profile(framework, corps=Corps.B, managerial=False)
    inactive.is_active = False
    inactive.save()
    assert profile_for_position(position) is None
    assert profile_for_position(position, framework=other) == foreign


def test_resolution_is_one_query(framework, django_assert_num_queries):
    body = StateBodyFactory(parent=StateBodyFactory())
    for managerial in (True, False, None):
        _profile(framework, corps=Corps.B, managerial=managerial)
    _profile(framework, corps=Corps.B, body=body.parent)
    position = PositionFactory(body=body, corps=Corps.B, category_code="D-2")
    position = type(position).objects.select_related("body").get(pk=position.pk)
    with django_assert_num_queries(1):
        assert profile_for_position(position).body == body.parent

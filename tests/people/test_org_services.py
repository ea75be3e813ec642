"""Database invariants and the organisation services (tree paths, transfers, audit)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from lms.errors import ApplicationError
from lms.models import AuditEntry
from people import services
from people.models import CivilServant, EmploymentRecord, Position, StateBody
from people.selectors import body_subtree
from tests.factories import CivilServantFactory, PositionFactory, StateBodyFactory

pytestmark = pytest.mark.django_db


def _tree():
    ministry = services.body_create(actor=None, code="MIN", name_kk="Министрлік", name_ru="Министерство",
                                    name_en="Ministry")
    committee = services.body_create(actor=None, code="MIN-COM", parent=ministry, name_kk="Комитет",
                                     name_ru="Комитет", name_en="Committee")
    dept = services.body_create(actor=None, code="MIN-COM-AST", parent=committee, name_kk="Департамент",
                                name_ru="Департамент", name_en="Department")
    return ministry, committee, dept


def test_body_paths_and_subtree():
    ministry, committee, dept = _tree()
    assert dept.path.startswith(committee.path) and committee.path.startswith(ministry.path)
    assert (ministry.depth, committee.depth, dept.depth) == (0, 1, 2)
    assert set(body_subtree(committee)) == {committee, dept}
    assert AuditEntry.objects.filter(action="body.create").count() == 3


def test_body_move_rewrites_the_whole_subtree():
    ministry, committee, dept = _tree()
    other = services.body_create(actor=None, code="OTHER", name_kk="Басқа", name_ru="Другое", name_en="Other")
    services.body_move(actor=None, body=committee, new_parent=other)
    committee.refresh_from_db()
    dept.refresh_from_db()
    assert committee.path == other.path + StateBody.path_segment(committee.pk)
    assert dept.path == committee.path + StateBody.path_segment(dept.pk)
    assert dept.depth == 2
    assert set(body_subtree(ministry)) == {ministry}


def test_body_cannot_move_under_its_descendant():
    ministry, committee, dept = _tree()
    with pytest.raises(ApplicationError) as err:
        services.body_move(actor=None, body=ministry, new_parent=dept)
    assert err.value.code == "body_cycle"


def test_position_category_code_required_for_b_optional_for_a_never_political():
    body = StateBodyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(body=body, title_ru="Руководитель", corps="B", category_code="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(body=body, title_ru="Министр", corps="political", category_code="A-1")
    # corps A may carry a category code (seed 001: categories "will be established" for corps A)
    Position.objects.create(body=body, title_ru="Ответственный секретарь", corps="A", category_code="A-1")
    Position.objects.create(body=body, title_ru="Ответственный секретарь", corps="A", category_code="")


def test_personnel_number_and_iin_are_unique():
    servant = CivilServantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CivilServantFactory(personnel_number=servant.personnel_number)
    with pytest.raises(IntegrityError), transaction.atomic():
        CivilServantFactory(iin=servant.iin)


def test_transfer_keeps_history_and_one_open_post():
    servant = CivilServantFactory(appointed_on=date(2020, 1, 1))
    new_position = PositionFactory(category_code="C-3", managerial=True)
    services.servant_transfer(actor=None, servant=servant, position=new_position, appointed_on=date(2024, 6, 1))
    history = list(EmploymentRecord.objects.filter(servant=servant).order_by("started_on"))
    assert [(r.started_on, r.ended_on) for r in history] == [(date(2020, 1, 1), date(2024, 6, 1)),
                                                           (date(2024, 6, 1), None)]
    servant.refresh_from_db()
    assert servant.body == new_position.body and servant.position == new_position
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentRecord.objects.create(servant=servant, position=new_position, body=new_position.body,
                                        started_on=date(2025, 1, 1))
    entry = AuditEntry.objects.get(action="servant.transfer")
    assert entry.before["appointed_on"] == "2020-01-01" and entry.after["appointed_on"] == "2024-06-01"


def test_transfer_cannot_be_backdated():
    servant = CivilServantFactory(appointed_on=date(2022, 1, 1))
    with pytest.raises(ApplicationError):
        services.servant_transfer(actor=None, servant=servant, position=PositionFactory(),
                                  appointed_on=date(2021, 1, 1))
    assert CivilServant.objects.get(pk=servant.pk).appointed_on == date(2022, 1, 1)


def test_audit_masks_iin():
    servant = CivilServantFactory()
    from lms.audit import audit_record

    entry = audit_record(actor=None, action="servant.update", obj=servant, before={"iin": servant.iin},
                         after={"note": f"changed {servant.iin}"})
    assert servant.iin not in str(entry.before) + str(entry.after)

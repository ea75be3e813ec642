from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.errors import ApplicationError, NotAllowed
from scholarships import eligibility, services
from scholarships.documents import pdf_check
from scholarships.models import Status
from tests.scholarships.world import complete_application, make_call, partner, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_call()


def rules(application) -> set[str]:
    return {f["rule"] for f in application.eligibility}


def test_complete_application_is_eligible(call):
    application = complete_application(call, partner("aibek"))
    assert application.status == Status.SUBMITTED
    assert application.eligibility == []
    assert application.country == "KG"


def test_each_failed_rule_is_reported_and_fixing_then_resubmitting_works(call):
    user = partner("nodir", "UZ")
    application = services.application_create(call=call, actor=user)
    application = services.application_submit(application=application, actor=user)
    assert application.status == Status.INELIGIBLE
    assert {
        "no_preferences",
        "missing_personal_data",
        "missing_employment",
        "service_too_short",
        "reference_missing",
        "english_certificate_missing",
        "essay_too_short",
    } <= rules(application)
    message = eligibility.rule_message("essay_too_short", {"words": 100, "count": 0})
    assert "100" in message
    application = complete_application(call, partner("ok1", "UZ"))
    assert application.status == Status.SUBMITTED


def test_country_outside_the_call_is_ineligible(call):
    application = complete_application(call, partner("hans", "DE"))
    assert application.status == Status.INELIGIBLE
    assert rules(application) == {"country_not_eligible"}


def test_english_minimum_is_per_programme(call):
    application = complete_application(
        call, partner("low", "TJ"), preferences=("PHD-PA", "MPM-1"), ielts="5.0"
    )
    assert application.status == Status.SUBMITTED  # eligible for the master's
    assert [f["programme"] for f in application.eligibility] == ["PHD-PA"]
    only_phd = complete_application(call, partner("low2", "TJ"), preferences=("PHD-PA",), ielts="5.0")
    assert only_phd.status == Status.INELIGIBLE
    assert rules(only_phd) == {"english_below_minimum"}


def test_toefl_counts_through_the_equivalence_table(call):
    user = partner("toefl", "AM")
    application = complete_application(call, user, preferences=("PHD-PA",), submit=False)
    services.application_update(
        application=application, actor=user, english_test="TOEFL_IBT", english_score=Decimal("50")
    )
    assert services.application_submit(application=application, actor=user).status == Status.SUBMITTED
    assert eligibility.ielts_equivalent("TOEFL_IBT", Decimal("33")) == Decimal("4.5")
    services.application_update(
        application=application, actor=user, english_test="TOEFL_IBT", english_score=Decimal("40")
    )
    assert services.application_submit(application=application, actor=user).status == Status.INELIGIBLE


def test_renamed_non_pdf_is_refused(call):
    user = partner("renamer")
    application = services.application_create(call=call, actor=user)
    with pytest.raises(ApplicationError) as exc:
        services.document_upload(
            application=application, actor=user, kind="reference", data=b"GIF89a....", name="letter.pdf"
        )
    assert exc.value.code == "document_not_pdf"
    with pytest.raises(ApplicationError) as exc:
        pdf_check(b"%PDF-1.4\nnot really a pdf")
    assert exc.value.code == "document_damaged"
    with pytest.raises(ApplicationError) as exc:
        pdf_check(pdf_bytes()[:-200])
    assert exc.value.code == "document_damaged"
    pdf_check(pdf_bytes())


def test_document_size_limit(call, settings):
    settings.SCHOLARSHIP_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ApplicationError) as exc:
        pdf_check(pdf_bytes())
    assert exc.value.code == "document_too_large"


def test_nothing_changes_after_the_deadline(call):
    user = partner("late")
    application = complete_application(call, user, submit=False)
    call.applications_close_at = timezone.now() - timedelta(minutes=1)
    call.opens_at = call.applications_close_at - timedelta(days=5)
    call.save()
    for attempt in (
        lambda: services.application_submit(application=application, actor=user),
        lambda: services.application_update(application=application, actor=user, phone="1"),
    ):
        with pytest.raises(ApplicationError) as exc:
            attempt()
        assert exc.value.code == "call_closed"


def test_someone_else_cannot_touch_an_application(call):
    application = complete_application(call, partner("owner"), submit=False)
    with pytest.raises(NotAllowed):
        services.application_update(application=application, actor=partner("intruder", "TJ"), phone="1")


def test_one_application_per_call_and_preferences_limited(call):
    user = partner("twice")
    application = services.application_create(call=call, actor=user)
    with pytest.raises(ApplicationError):
        services.application_create(call=call, actor=user)
    with pytest.raises(ApplicationError) as exc:
        services.application_set_preferences(
            application=application, actor=user, programme_codes=["MPM-1", "MDPA-1", "PHD-PA", "X"]
        )
    assert exc.value.code == "too_many_preferences"


def test_a_kazakhstan_civil_servant_applies_with_the_body_as_organisation(call):
    from people.models import Role
    from tests.factories import user_with_role

    user = user_with_role(Role.SERVANT, username="kz_servant")
    application = services.application_create(call=call, actor=user)
    assert application.country == "KZ"
    assert application.organisation == user.servant.body.name_ru


def test_users_without_a_participant_profile_cannot_apply(call):
    from tests.scholarships.world import committee

    with pytest.raises(NotAllowed):
        services.application_create(call=call, actor=committee("nobody"))

"""A small scholarship world for tests: one open call with three programmes and two criteria, applicants from
partner countries, reviewers from several countries and a committee member."""

import io
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from reportlab.pdfgen import canvas

from people.models import PartnerParticipant, Role
from people.services import role_assign
from scholarships import services
from scholarships.models import Call, Criterion, Programme, ProgrammeKind
from tests.factories import UserFactory

ESSAY = " ".join(["I want to study public administration to improve services in my country."] * 12)


def pdf_bytes(text: str = "Reference") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def make_call(code: str = "GRANT-2027", *, budget=Decimal("100000000"), **kw) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        code=code,
        title_kk="Грант 2027",
        title_ru="Гранты 2027",
        title_en="Scholarships 2027",
        budget=budget,
        eligible_countries=["KG", "TJ", "UZ", "AM", "KZ", "GE"],
        opens_at=now - timedelta(days=10),
        applications_close_at=now + timedelta(days=10),
        review_close_at=now + timedelta(days=20),
        results_at=now + timedelta(days=30),
        acceptance_deadline=now + timedelta(days=40),
        **kw,
    )
    for i, (code_, kind, seats, reserved, cap) in enumerate(
        [
            ("MPM-1", ProgrammeKind.MASTER_1Y, 2, {"KG": 1}, None),
            ("MDPA-1", ProgrammeKind.MASTER_1Y, 2, {}, 1),
            ("PHD-PA", ProgrammeKind.DOCTORAL, 1, {}, None),
        ]
    ):
        Programme.objects.create(
            call=call,
            code=code_,
            kind=kind,
            title_kk=code_,
            title_ru=code_,
            title_en=code_,
            seats=seats,
            grant_cost=Decimal("5000000"),
            reserved=reserved,
            country_cap=cap,
            position=i,
        )
    Criterion.objects.create(
        call=call,
        code="ACAD",
        name_kk="Білім",
        name_ru="Академические",
        name_en="Academic",
        weight=Decimal("2"),
        max_points=10,
        position=1,
    )
    Criterion.objects.create(
        call=call,
        code="MOTIV",
        name_kk="Мотивация",
        name_ru="Мотивация",
        name_en="Motivation",
        weight=Decimal("1"),
        max_points=10,
        position=2,
    )
    return call


def partner(username: str, country: str = "KG", organisation: str = "Civil Service Agency", **kw):
    user = UserFactory(
        username=username,
        first_name=username.title(),
        last_name="Test",
        email=f"{username}@example.org",
        **kw,
    )
    PartnerParticipant.objects.create(user=user, country=country, organisation=organisation)
    role_assign(actor=None, user=user, role=Role.PARTNER)
    return user


def reviewer(username: str, country: str, organisation: str = "University"):
    user = partner(username, country, organisation)
    role_assign(actor=None, user=user, role=Role.GRANT_REVIEWER)
    return user


def committee(username: str = "committee"):
    user = UserFactory(username=username)
    role_assign(actor=None, user=user, role=Role.GRANT_COMMITTEE)
    return user


def complete_application(call: Call, user, *, preferences=("MPM-1", "MDPA-1"), ielts="6.0", submit=True):
    application = services.application_create(call=call, actor=user)
    services.application_update(
        application=application,
        actor=user,
        date_of_birth=timezone.now().date().replace(year=1990),
        position_title="Chief specialist",
        service_years=5,
        english_test="IELTS",
        english_score=Decimal(ielts),
        essay=ESSAY,
    )
    services.application_set_preferences(
        application=application, actor=user, programme_codes=list(preferences)
    )
    for kind in ("reference", "english"):
        services.document_upload(application=application, actor=user, kind=kind, data=pdf_bytes(kind))
    if submit:
        application = services.application_submit(application=application, actor=user)
    application.refresh_from_db()
    return application


def score_all(call: Call, committee_user, points: dict) -> None:
    """Assign reviewers and have every reviewer give the application's points (username -> points 0..10) to
    both criteria, so its final score is points * 10."""
    from scholarships import reviews
    from scholarships.models import Review

    reviews.reviewers_assign(call=call, actor=committee_user)
    for review in Review.objects.filter(application__call=call, state="assigned").select_related(
        "application__applicant", "reviewer"
    ):
        value = points[review.application.applicant.username]
        reviews.review_submit(review=review, actor=review.reviewer, scores={"ACAD": value, "MOTIV": value})


def results_day(call: Call) -> Call:
    """Move the call's clock past the results date (reviews are closed, offers can be answered)."""
    now = timezone.now()
    call.opens_at, call.applications_close_at = now - timedelta(days=20), now - timedelta(days=3)
    call.review_close_at, call.results_at = now - timedelta(days=2), now - timedelta(days=1)
    call.acceptance_deadline = now + timedelta(days=10)
    call.save()
    return call

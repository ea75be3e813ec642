"""Demo data of the scholarships (idempotent: nothing is created when the call exists): the Hub's 2026 call
for APA master's, doctoral and MBA places with applicants from Kyrgyzstan, Tajikistan, Uzbekistan, Armenia,
Georgia and Azerbaijan in every state (draft, ineligible, submitted, under review, third review, offered,
accepted, declined, not admitted), two reviews each (one third review), a published allocation run; an open
spring call to apply to; demo users 'reviewer'..'reviewer4' and 'committee'. The demo 'partner'
(Kyrgyzstan) holds an offer to accept or decline."""

import io
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from people.demo_users import _user as demo_user
from people.models import PartnerParticipant, Role, User
from people.services import role_assign
from scholarships import reviews, runs, services
from scholarships.models import Application, Call, Criterion, Programme, ProgrammeKind, Review, Status

CALL_CODE = "HUB-2026"
OPEN_CALL_CODE = "HUB-2027-SPRING"
M1, M2, PHD, MBA = ProgrammeKind.MASTER_1Y, ProgrammeKind.MASTER_2Y, ProgrammeKind.DOCTORAL, ProgrammeKind.MBA

# code, kind, (kk, ru, en), seats, grant cost, reserved, cap
PROGRAMMES = [
    (
        "MPM-1",
        M1,
        (
            "Мемлекеттік менеджмент (1 жыл)",
            "Государственный менеджмент (1 год)",
            "Public Management (one year)",
        ),
        3,
        "4500000",
        {"KG": 1},
        2,
    ),
    (
        "MDPA-1",
        M1,
        (
            "Цифрлық мемлекеттік басқару (1 жыл)",
            "Цифровое государственное управление (1 год)",
            "Digital Public Administration (one year)",
        ),
        2,
        "4500000",
        {},
        1,
    ),
    (
        "MACP-1",
        M1,
        (
            "Сыбайлас жемқорлыққа қарсы саясат (1 жыл)",
            "Антикоррупционная политика (1 год)",
            "Anti-Corruption Policy (one year)",
        ),
        2,
        "4500000",
        {},
        None,
    ),
    (
        "MPA-2",
        M2,
        (
            "Мемлекеттік басқару (2 жыл)",
            "Государственное управление (2 года)",
            "Public Administration (two years)",
        ),
        2,
        "9000000",
        {"TJ": 1},
        None,
    ),
    (
        "PHD-PA",
        PHD,
        (
            "Докторантура: мемлекеттік басқару",
            "Докторантура: государственное управление",
            "Doctoral programme in Public Administration",
        ),
        1,
        "12000000",
        {},
        None,
    ),
    (
        "MBA-PS",
        MBA,
        (
            "MBA: мемлекеттік сектордағы басқару",
            "MBA: управление в государственном секторе",
            "MBA in Public Sector Management",
        ),
        1,
        "7000000",
        {},
        None,
    ),
]
CRITERIA = [
    ("ACAD", ("Академиялық дайындық", "Академическая подготовка", "Academic record"), "3"),
    ("EXP", ("Кәсіби тәжірибе", "Профессиональный опыт", "Professional experience"), "2"),
    ("MOTIV", ("Уәждеме", "Мотивация", "Motivation and fit"), "2"),
]
COUNTRIES = ["KG", "TJ", "UZ", "AM", "GE", "AZ", "KZ"]
REVIEWERS = [
    ("reviewer", "Armen", "Sargsyan", "AM", "Public Administration Academy of Armenia"),
    ("reviewer2", "Nino", "Kapanadze", "GE", "Civil Service Bureau of Georgia"),
    ("reviewer3", "Leyla", "Aliyeva", "AZ", "Academy of Public Administration of Azerbaijan"),
    ("reviewer4", "Marje", "Tamm", "EE", "Government Office of Estonia"),
]

# username, first, last, country, organisation, preferences, IELTS, points (two reviews) or None, final state
APPLICANTS = [
    ("partner", None, None, "KG", None, ("MPM-1", "MDPA-1"), "6.0", (8, 8), "offered"),
    (
        "sch_kg_1",
        "Nurlan",
        "Asanov",
        "KG",
        "Ministry of Economy of the Kyrgyz Republic",
        ("MDPA-1", "MPM-1"),
        "6.5",
        (9, 9),
        "accepted",
    ),
    (
        "sch_kg_2",
        "Aizada",
        "Bekova",
        "KG",
        "Mayor's Office of Bishkek",
        ("MDPA-1", "MACP-1"),
        "5.0",
        (7, 7),
        "offered",
    ),
    (
        "sch_tj_1",
        "Farrukh",
        "Rahimov",
        "TJ",
        "Civil Service Agency of Tajikistan",
        ("MPA-2", "MPM-1"),
        "5.5",
        (6, 6),
        "accepted",
    ),
    (
        "sch_tj_2",
        "Malika",
        "Nazarova",
        "TJ",
        "Ministry of Finance of Tajikistan",
        ("PHD-PA", "MPA-2"),
        "6.0",
        (9, 8),
        "declined",
    ),
    (
        "sch_uz_1",
        "Jasur",
        "Karimov",
        "UZ",
        "Agency for Civil Service Development of Uzbekistan",
        ("MDPA-1", "MPM-1", "MACP-1"),
        "7.0",
        (8, 9),
        "accepted",
    ),
    (
        "sch_uz_2",
        "Dilnoza",
        "Yusupova",
        "UZ",
        "Ministry of Justice of Uzbekistan",
        ("MDPA-1",),
        "4.5",
        (5, 5),
        "not_admitted",
    ),
    (
        "sch_am_1",
        "Anna",
        "Hakobyan",
        "AM",
        "Office of the Prime Minister of Armenia",
        ("MBA-PS", "MACP-1"),
        "6.0",
        (7, 8),
        "accepted",
    ),
    (
        "sch_ge_1",
        "Giorgi",
        "Beridze",
        "GE",
        "Ministry of Regional Development of Georgia",
        ("PHD-PA",),
        "5.0",
        None,
        "ineligible",
    ),
    (
        "sch_az_1",
        "Rashad",
        "Mammadov",
        "AZ",
        "State Examination Centre of Azerbaijan",
        ("MACP-1", "MPM-1"),
        "5.5",
        (9, 4),
        "third_review",
    ),
    (
        "sch_kg_3",
        "Bakyt",
        "Osmonov",
        "KG",
        "State Personnel Service of Kyrgyzstan",
        ("MPM-1",),
        "6.0",
        (7,),
        "under_review",
    ),
    (
        "sch_uz_3",
        "Shahlo",
        "Ergasheva",
        "UZ",
        "Tashkent City Administration",
        ("MPA-2",),
        "6.0",
        None,
        "submitted",
    ),
    (
        "sch_tj_3",
        "Sino",
        "Saidova",
        "TJ",
        "Ministry of Education of Tajikistan",
        ("MACP-1",),
        "5.0",
        None,
        "draft",
    ),
    ("sch_am_2", "Tigran", "Petrosyan", "AM", "Yerevan Municipality", (), None, None, "draft"),
]
ESSAY = (
    "I lead a team that designs public services for citizens. A degree at the Academy of Public "
    "Administration would let me bring proven practice of Kazakhstan and the region home, to make our civil "
    "service more open, digital and merit-based. "
) * 5


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)  # invariant: the same bytes on every run
    page.drawString(72, 760, text)
    page.save()
    return buffer.getvalue()


def _call(code: str, *, titles, opens, close, review, results, acceptance, budget: str) -> Call:
    call = Call.objects.create(
        code=code,
        title_kk=titles[0],
        title_ru=titles[1],
        title_en=titles[2],
        budget=Decimal(budget),
        description_kk="Хаб серіктес елдерінің мемлекеттік қызметшілеріне арналған МБА гранттары.",
        description_ru="Гранты Хаба для государственных служащих стран-партнёров на обучение в АГУ.",
        description_en="Hub grants for civil servants of partner countries to study at the APA.",
        eligible_countries=COUNTRIES,
        opens_at=opens,
        applications_close_at=close,
        review_close_at=review,
        results_at=results,
        acceptance_deadline=acceptance,
    )
    for i, (pcode, kind, names, seats, cost, reserved, cap) in enumerate(PROGRAMMES):
        Programme.objects.create(
            call=call,
            code=pcode,
            kind=kind,
            title_kk=names[0],
            title_ru=names[1],
            title_en=names[2],
            seats=seats,
            grant_cost=Decimal(cost),
            reserved=reserved,
            country_cap=cap,
            position=i,
        )
    for i, (ccode, names, weight) in enumerate(CRITERIA):
        Criterion.objects.create(
            call=call,
            code=ccode,
            name_kk=names[0],
            name_ru=names[1],
            name_en=names[2],
            weight=Decimal(weight),
            max_points=10,
            position=i,
        )
    return call


def _people() -> tuple[User, dict[str, User]]:
    committee = demo_user("committee", "Гульмира", "Ахметова", "ru", reset_password=False)
    role_assign(actor=None, user=committee, role=Role.GRANT_COMMITTEE)
    for username, first, last, country, organisation in REVIEWERS:
        user = demo_user(username, first, last, "en", reset_password=False)
        PartnerParticipant.objects.get_or_create(
            user=user, defaults={"country": country, "organisation": organisation}
        )
        role_assign(actor=None, user=user, role=Role.GRANT_REVIEWER)
    applicants = {}
    for username, first, last, country, organisation, *_ in APPLICANTS:
        if first is None:
            applicants[username] = User.objects.get(username=username)  # the demo 'partner'
            continue
        user = demo_user(username, first, last, "en", reset_password=False)
        PartnerParticipant.objects.get_or_create(
            user=user, defaults={"country": country, "organisation": organisation}
        )
        role_assign(actor=None, user=user, role=Role.PARTNER)
        applicants[username] = user
    return committee, applicants


def _fill(call: Call, user: User, prefs, ielts, state: str) -> Application:
    application = services.application_create(call=call, actor=user)
    if state == "draft" and not prefs:
        return application
    services.application_update(
        application=application,
        actor=user,
        date_of_birth=timezone.now().date().replace(year=1988, month=5, day=14),
        email=user.email,
        position_title="Chief specialist",
        service_years=6,
        english_test="IELTS",
        english_score=Decimal(ielts) if ielts else None,
        essay=ESSAY,
    )
    services.application_set_preferences(application=application, actor=user, programme_codes=list(prefs))
    if state == "ineligible":  # the doctoral programme needs IELTS 5.5; the reference letter is missing too
        services.document_upload(application=application, actor=user, kind="english", data=_pdf("IELTS"))
    elif state != "draft":
        for kind in ("reference", "english", "cv"):
            services.document_upload(application=application, actor=user, kind=kind, data=_pdf(kind))
    if state != "draft":
        services.application_submit(application=application, actor=user)
    return application


def _review(call: Call, applications: dict[str, Application], points: dict[str, tuple]) -> None:
    """Each assigned review scores all criteria with the planned points of its applicant, in order."""
    done: dict[int, int] = {}
    for review in (
        Review.objects.filter(application__call=call, state=Review.State.ASSIGNED)
        .select_related("application__applicant", "reviewer")
        .order_by("application_id", "reviewer_id")
    ):
        planned = points.get(review.application.applicant.username) or ()
        index = done.get(review.application_id, 0)
        if index >= len(planned):
            continue
        value = planned[index]
        reviews.review_submit(
            review=review,
            actor=review.reviewer,
            scores={c: value for c, _, _ in CRITERIA},
            comment="Demo review.",
        )
        done[review.application_id] = index + 1


@transaction.atomic
def seed_scholarships_demo() -> dict[str, int]:
    if Call.objects.filter(code=CALL_CODE).exists():
        return {"calls": 0, "applications": 0, "runs": 0}
    now = timezone.now().replace(microsecond=0)
    committee, users = _people()
    call = _call(
        CALL_CODE,
        titles=("Хаб гранттары 2026", "Гранты Хаба 2026", "Hub scholarships 2026"),
        opens=now - timedelta(days=60),
        close=now + timedelta(days=1),
        review=now + timedelta(days=2),
        results=now + timedelta(days=3),
        acceptance=now + timedelta(days=20),
        budget="75000000",
    )
    applications = {}
    late = [row for row in APPLICANTS if row[8] == "submitted"]
    for username, _f, _l, _c, _o, prefs, ielts, _p, state in APPLICANTS:
        if state != "submitted":
            applications[username] = _fill(call, users[username], prefs, ielts, state)
    reviews.reviewers_assign(call=call, actor=committee)
    for username, _f, _l, _c, _o, prefs, ielts, _p, state in late:  # submitted after the assignment
        applications[username] = _fill(call, users[username], prefs, ielts, state)
    points = {row[0]: row[7] for row in APPLICANTS if row[7]}
    _review(call, applications, points)
    # The call's clock moves on: applications and reviews closed, results day passed.
    Call.objects.filter(pk=call.pk).update(
        applications_close_at=now - timedelta(days=20),
        review_close_at=now - timedelta(days=5),
        results_at=now - timedelta(days=1),
    )
    call.refresh_from_db()
    run = runs.run_create(call=call, actor=committee)
    runs.run_publish(run=run, actor=committee)
    _respond(call)
    _call(
        OPEN_CALL_CODE,
        titles=("Хаб гранттары 2027 (көктем)", "Гранты Хаба 2027 (весна)", "Hub scholarships 2027 (spring)"),
        opens=now - timedelta(days=5),
        close=now + timedelta(days=45),
        review=now + timedelta(days=60),
        results=now + timedelta(days=75),
        acceptance=now + timedelta(days=90),
        budget="60000000",
    )
    return {"calls": 2, "applications": Application.objects.filter(call=call).count(), "runs": 1}


def _respond(call: Call) -> None:
    wanted = {row[0]: row[8] for row in APPLICANTS}
    for application in Application.objects.filter(call=call, status=Status.OFFERED).select_related(
        "applicant"
    ):
        state = wanted.get(application.applicant.username)
        if state in ("accepted", "declined"):
            services.application_respond(
                application=application, actor=application.applicant, accept=state == "accepted"
            )

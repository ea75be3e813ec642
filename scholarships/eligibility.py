"""Eligibility rules, checked automatically on submission. Each failed rule is stored as {"rule", "params"} so
the applicant reads it in their own language later (`rule_message`). Application-level rules make the whole
application ineligible; the English minimum is per programme (IELTS 4.0 for master's, 5.5 for doctoral and MBA,
other tests through the equivalence table), so an applicant can stay eligible for some ranked programmes only."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from scholarships.models import Application, DocumentKind, EnglishEquivalence, Programme, ProgrammeKind

IELTS_MINIMUM = {
    ProgrammeKind.MASTER_1Y: Decimal("4.0"),
    ProgrammeKind.MASTER_2Y: Decimal("4.0"),
    ProgrammeKind.DOCTORAL: Decimal("5.5"),
    ProgrammeKind.MBA: Decimal("5.5"),
}
ENGLISH_TESTS = ("IELTS", "TOEFL_IBT")

MESSAGES = {
    "country_not_eligible": _("Applicants from %(country)s are not eligible for this call."),
    "no_preferences": _("Rank at least one programme."),
    "missing_personal_data": _("Fill in your full name, date of birth and e-mail."),
    "missing_employment": _("Fill in your state body and position."),
    "service_too_short": _("At least %(years)s years in public service are required."),
    "reference_missing": _("Upload the reference letter from your state body."),
    "english_certificate_missing": _("Upload your English certificate and enter its score."),
    "english_test_unknown": _("The English test %(test)s is not in the equivalence table."),
    "essay_too_short": _("The motivation essay needs at least %(words)s words (now %(count)s)."),
    "english_below_minimum": _(
        "%(programme)s requires IELTS %(required)s or equivalent; yours counts as %(ielts)s."
    ),
}


def rule_message(code: str, params: dict | None = None) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def ielts_equivalent(test: str, score: Decimal | None) -> Decimal | None:
    """The IELTS band a certificate counts as; None when the test is unknown or the score too low for any row."""
    if score is None:
        return None
    if test == "IELTS":
        return Decimal(score)
    row = (
        EnglishEquivalence.objects.filter(test=test, min_score__lte=score)
        .order_by("-min_score")
        .values_list("ielts", flat=True)
        .first()
    )
    return row


def application_failures(
    application: Application, *, kinds: set[str], preferences: list[Programme]
) -> list[dict]:
    call = application.call
    failures = []

    def fail(rule, **params):
        failures.append({"rule": rule, "params": params})

    if application.country not in call.eligible_countries:
        fail("country_not_eligible", country=application.country)
    if not preferences:
        fail("no_preferences")
    if not (application.full_name.strip() and application.date_of_birth and application.email):
        fail("missing_personal_data")
    if not (application.organisation.strip() and application.position_title.strip()):
        fail("missing_employment")
    if application.service_years < call.min_service_years:
        fail("service_too_short", years=call.min_service_years)
    if DocumentKind.REFERENCE not in kinds:
        fail("reference_missing")
    if DocumentKind.ENGLISH not in kinds or application.english_score is None:
        fail("english_certificate_missing")
    elif (
        application.english_test != "IELTS"
        and not EnglishEquivalence.objects.filter(test=application.english_test).exists()
    ):
        fail("english_test_unknown", test=application.english_test)
    words = len(application.essay.split())
    if words < call.min_essay_words:
        fail("essay_too_short", words=call.min_essay_words, count=words)
    return failures


def programme_failures(application: Application, programmes: list[Programme]) -> dict[str, dict]:
    """Programme code -> the failed English rule, for the ranked programmes the certificate is too weak for."""
    ielts = ielts_equivalent(application.english_test, application.english_score)
    out = {}
    for programme in programmes:
        required = IELTS_MINIMUM[programme.kind]
        if ielts is None or ielts < required:
            out[programme.code] = {
                "rule": "english_below_minimum",
                "params": {
                    "programme": programme.code,
                    "required": str(required),
                    "ielts": str(ielts or "—"),
                },
            }
    return out


def check(application: Application) -> tuple[list[dict], dict[str, dict]]:
    """(application-level failures, per-programme failures). Eligible when the first is empty and at least one
    ranked programme has no failure; if every ranked programme fails, those failures count for the application."""
    preferences = [p.programme for p in application.preferences.select_related("programme").order_by("rank")]
    kinds = set(application.documents.values_list("kind", flat=True))
    failures = application_failures(application, kinds=kinds, preferences=preferences)
    per_programme = programme_failures(application, preferences)
    if preferences and len(per_programme) == len(preferences):
        failures.extend(per_programme.values())
    return failures, per_programme

"""Demo certificates: the demo servant has three (two courses and a Hub event), two more servants with accounts
have one each, the partner participant an event certificate, and one certificate is revoked with a reason.
Strictly idempotent: every certificate has a fixed source key (issuing returns the existing one), revocation only
happens when not yet revoked, dates are fixed."""

from datetime import date

from certificates.models import Certificate, CertificateKind
from certificates.services import certificate_issue, certificate_revoke
from people.models import User

APA = (
    "Қазақстан Республикасы Президентінің жанындағы Мемлекеттік басқару академиясы",
    "Академия государственного управления при Президенте Республики Казахстан",
    "Academy of Public Administration under the President of the Republic of Kazakhstan",
)
HUB = (
    "Астана мемлекеттік қызмет хабы",
    "Астанинский хаб в области государственной службы",
    "Astana Civil Service Hub",
)

# key, kind, (kk, ru, en) title, course type, hours, provider, start, end
COURSES = {
    "digital": (
        CertificateKind.COURSE,
        (
            "Мемлекеттік басқарудағы цифрлық трансформация",
            "Цифровая трансформация в государственном управлении",
            "Digital transformation in public administration",
        ),
        "e_course",
        16,
        APA,
        date(2026, 9, 1),
        date(2026, 9, 19),
    ),
    "ethics": (
        CertificateKind.RUN,
        (
            "Мемлекеттік қызметтегі әдеп және сыбайлас жемқорлыққа қарсы мәдениет",
            "Этика и антикоррупционная культура на государственной службе",
            "Ethics and anti-corruption culture in the civil service",
        ),
        "advanced_training",
        36,
        APA,
        date(2026, 10, 5),
        date(2026, 10, 9),
    ),
    "hub-forum": (
        CertificateKind.EVENT,
        (
            "Мемлекеттік қызметті реформалау: өңірлік тәжірибе",
            "Реформа государственной службы: региональный опыт",
            "Civil service reform: regional experience",
        ),
        "seminar",
        8,
        HUB,
        date(2026, 6, 18),
        date(2026, 6, 19),
    ),
    "leadership": (
        CertificateKind.RUN,
        (
            "Мемлекеттік органдағы көшбасшылық және өзгерістерді басқару",
            "Лидерство и управление изменениями в государственном органе",
            "Leadership and change management in a state body",
        ),
        "advanced_training",
        40,
        APA,
        date(2026, 3, 2),
        date(2026, 3, 6),
    ),
}
# (demo username, course key); "manager" and "hr" have servant records in the demo data
AWARDS = [
    ("servant", "digital"),
    ("servant", "ethics"),
    ("servant", "hub-forum"),
    ("servant", "leadership"),
    ("partner", "hub-forum"),
    ("manager", "leadership"),
    ("manager", "ethics"),
]
# The demo servant's login shows both states: valid certificates and this revoked one.
REVOKED = (
    "servant",
    "leadership",
    "Completion confirmed in error: the participant did not attend the final day.",
)


def _holders() -> dict:
    return {u.username: u for u in User.objects.filter(username__in={who for who, _ in AWARDS})}


def _issue(holder, key: str):
    kind, title, course_type, hours, provider, start, end = COURSES[key]
    return certificate_issue(
        holder=holder,
        source_key=f"demo:{key}:{holder.username}",
        kind=kind,
        achievement_key=f"demo:{key}",
        title_kk=title[0],
        title_ru=title[1],
        title_en=title[2],
        course_type=course_type,
        hours=hours,
        provider=provider[1],
        provider_kk=provider[0],
        provider_en=provider[2],
        started_on=start,
        completed_on=end,
        issued_on=end,
    )


def seed_certificates_demo() -> dict:
    holders = _holders()
    before = Certificate.objects.count()
    issued = {}
    for who, key in AWARDS:
        if who in holders:
            issued[(who, key)] = _issue(holders[who], key)
    revoked = 0
    who, key, reason = REVOKED
    certificate = issued.get((who, key))
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if certificate is not None and not certificate.is_revoked and admin is not None:
        certificate_revoke(certificate=certificate, reason=reason, actor=admin)
        revoked = 1
    return {"certificates": Certificate.objects.count() - before, "revoked": revoked}

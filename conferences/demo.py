"""Demo data of the Hub's events (idempotent by slug): the annual conference, a webinar with the Civil Service
Agency of Kyrgyzstan, master classes with speakers from Georgia, Estonia and Korea, and round tables; sessions
in several languages and zones, some registrations for the demo users 'partner' and 'servant'."""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from conferences.models import Audience, Event, EventCountry, EventType, Registration, Session, Speaker
from people.models import PartnerParticipant, User

SPEAKERS = {
    "GE": ("Нино Беридзе", "Нино Беридзе", "Nino Beridze", "Civil Service Bureau of Georgia",
           "Грузия мемлекеттік қызмет бюросының сарапшысы.", "Эксперт Бюро государственной службы Грузии.",
           "Expert of the Civil Service Bureau of Georgia, HR reform lead."),
    "EE": ("Маргус Тамм", "Маргус Тамм", "Margus Tamm", "Government Office of Estonia",
           "Эстония үкіметі кеңсесінің цифрлық қызметтер жөніндегі кеңесшісі.",
           "Советник Государственной канцелярии Эстонии по цифровым услугам.",
           "Adviser on digital public services, Government Office of Estonia."),
    "KR": ("Ким Джи Хён", "Ким Джи Хён", "Kim Ji-hyun", "Ministry of Personnel Management, Korea",
           "Корея персоналды басқару министрлігінің директоры.",
           "Директор Министерства управления персоналом Кореи.",
           "Director, Ministry of Personnel Management of the Republic of Korea."),
    "KZ": ("Айгүл Серікова", "Айгуль Серикова", "Aigul Serikova", "Academy of Public Administration",
           "МБА профессоры.", "Профессор Академии государственного управления.",
           "Professor at the Academy of Public Administration."),
}

# slug, type, audience, (kk, ru, en), zone, capacity, mode, accredited hours, invited, sessions
# session: (day offset, local hour, minutes, languages, speaker countries, (kk, ru, en))
EVENTS = [
    ("hub-annual-conference", EventType.CONFERENCE, Audience.PUBLIC,
     ("Хабтың жыл сайынғы конференциясы", "Ежегодная конференция Хаба", "Annual Conference of the Hub"),
     "Asia/Almaty", 500, Event.Registration.OPEN, 0, [],
     [(10, 10, 120, "kk,ru,en", ["KZ"], ("Ашылу", "Открытие", "Opening plenary")),
      (10, 14, 90, "en", ["EE", "KR"], ("Цифрлық мемлекет", "Цифровое государство", "Digital government")),
      (11, 10, 90, "ru,en", ["GE"], ("Кадрлық реформалар", "Кадровые реформы", "HR reforms"))]),
    ("webinar-kyrgyzstan-agency", EventType.WEBINAR, Audience.INVITED,
     ("Қырғызстан мемлекеттік қызмет агенттігімен вебинар", "Вебинар с Агентством госслужбы Кыргызстана",
      "Webinar with the Civil Service Agency of Kyrgyzstan"),
     "Asia/Bishkek", 150, Event.Registration.OPEN, 0, ["KG", "KZ", "TJ", "UZ"],
     [(5, 11, 90, "ru", ["KZ"], ("Конкурстық іріктеу", "Конкурсный отбор", "Competitive selection"))]),
    ("master-class-georgia-hr", EventType.MASTER_CLASS, Audience.PUBLIC,
     ("Грузиядан шеберлік сыныбы: HR аудиті", "Мастер-класс из Грузии: HR-аудит", "Master class from Georgia: HR audit"),
     "Asia/Almaty", 40, Event.Registration.OPEN, 4, [],
     [(3, 15, 180, "en,ru", ["GE"], ("", "", ""))]),
    ("master-class-estonia-digital", EventType.MASTER_CLASS, Audience.PUBLIC,
     ("Эстониядан шеберлік сыныбы: цифрлық қызметтер", "Мастер-класс из Эстонии: цифровые услуги",
      "Master class from Estonia: digital services"),
     "Europe/Tallinn", 40, Event.Registration.APPROVAL, 4, [],
     [(14, 10, 180, "en", ["EE"], ("", "", ""))]),
    ("master-class-korea-performance", EventType.MASTER_CLASS, Audience.CIVIL_SERVANTS,
     ("Кореядан шеберлік сыныбы: нәтижелерді бағалау", "Мастер-класс из Кореи: оценка результатов",
      "Master class from Korea: performance evaluation"),
     "Asia/Seoul", 60, Event.Registration.OPEN, 6, [],
     [(21, 9, 180, "en,ru", ["KR"], ("", "", ""))]),
    ("round-table-ethics", EventType.ROUND_TABLE, Audience.PUBLIC,
     ("Дөңгелек үстел: мемлекеттік қызметтегі әдеп", "Круглый стол: этика на госслужбе",
      "Round table: ethics in the civil service"),
     "Asia/Almaty", None, Event.Registration.OPEN, 0, [],
     [(7, 16, 120, "kk,ru", ["KZ", "GE"], ("", "", ""))]),
    ("round-table-kabul-toronto", EventType.ROUND_TABLE, Audience.INVITED,
     ("Дөңгелек үстел: қашықтан жұмыс", "Круглый стол: удалённая работа", "Round table: remote work in government"),
     "America/Toronto", 80, Event.Registration.OPEN, 0, ["AF", "CA", "DE", "KG"],
     [(30, 8, 90, "en", ["EE"], ("", "", ""))]),
]


def _speakers() -> dict[str, Speaker]:
    result = {}
    for country, (kk, ru, en, org, bio_kk, bio_ru, bio_en) in SPEAKERS.items():
        result[country], _ = Speaker.objects.get_or_create(name_en=en, defaults={
            "name_kk": kk, "name_ru": ru, "organisation": org, "country": country,
            "bio_kk": bio_kk, "bio_ru": bio_ru, "bio_en": bio_en})
    return result


def _start(zone_name: str, days: int, hour: int) -> datetime:
    from conferences.timezones import local_to_utc

    day = (timezone.now() + timedelta(days=days)).astimezone(UTC).date()
    return local_to_utc(datetime(day.year, day.month, day.day, hour, 0), zone_name)


@transaction.atomic
def seed_conferences_demo() -> dict:
    organiser = User.objects.filter(username="faculty").first() or User.objects.filter(is_superuser=True).first()
    speakers = _speakers()
    created_events = created_sessions = created_regs = 0
    for slug, kind, audience, titles, zone, capacity, mode, hours, invited, sessions in EVENTS:
        event, created = Event.objects.get_or_create(slug=slug, defaults={
            "event_type": kind, "audience": audience, "title_kk": titles[0], "title_ru": titles[1],
            "title_en": titles[2], "timezone": zone, "capacity": capacity, "registration_mode": mode,
            "accredited": bool(hours), "academic_hours": hours, "location": "Online · APA, Astana",
            "summary_en": f"{titles[2]}. Astana Civil Service Hub and the Academy of Public Administration.",
            "summary_ru": f"{titles[1]}. Астанинский хаб госслужбы и Академия государственного управления.",
            "summary_kk": f"{titles[0]}. Астана мемлекеттік қызмет хабы және Мемлекеттік басқару академиясы."})
        created_events += created
        if organiser is not None:
            event.organisers.add(organiser)
        EventCountry.objects.bulk_create([EventCountry(event=event, country=c) for c in invited],
                                         ignore_conflicts=True)
        if event.sessions.exists():
            continue
        for days, hour, minutes, languages, speaker_countries, stitles in sessions:
            start = _start(zone, days, hour)
            session = Session.objects.create(event=event, starts_at=start, ends_at=start + timedelta(minutes=minutes),
                                             languages=languages, title_kk=stitles[0], title_ru=stitles[1],
                                             title_en=stitles[2], provider=Session.Provider.BBB)
            session.speakers.set([speakers[c] for c in speaker_countries])
            created_sessions += 1
    created_regs += _register("partner", ["hub-annual-conference", "webinar-kyrgyzstan-agency",
                                          "master-class-georgia-hr"])
    created_regs += _register("servant", ["hub-annual-conference", "master-class-korea-performance",
                                          "round-table-ethics"])
    return {"events": Event.objects.count(), "sessions": Session.objects.count(), "new events": created_events,
            "new sessions": created_sessions, "new registrations": created_regs}


def _register(username: str, slugs: list[str]) -> int:
    user = User.objects.filter(username=username).first()
    if user is None:
        return 0
    partner = PartnerParticipant.objects.filter(user=user).first()
    country, organisation = (partner.country, partner.organisation) if partner else ("KZ", "")
    created = 0
    for event in Event.objects.filter(slug__in=slugs):
        _, new = Registration.objects.get_or_create(event=event, user=user, defaults={
            "status": Registration.Status.CONFIRMED, "country": country, "organisation": organisation})
        created += new
    return created

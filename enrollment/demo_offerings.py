"""Demo course runs for the demo catalog: some open for application today, some opening later, one finished run
with confirmed completions; vouchers for the demo ministry, a quota for Almaty; applications in every state,
including a waiting list; the demo user `servant` has an application, an internal completion and an external
upload awaiting HR. Idempotent: runs by code, applications skipped when open ones exist, completion confirmation
is itself idempotent. Dates are relative to the real today (Asia/Almaty) so the windows are open when shown."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction

from compliance.selectors import my_training
from compliance.services import training_record_create
from courses import selectors as courses_selectors
from enrollment import applications as app_services
from enrollment import offerings as run_services
from enrollment.models import (
    Application,
    ApplicationStep,
    AttendanceMark,
    DeliveryMode,
    Funding,
    Offering,
    Quota,
    QuotaPolicy,
    Voucher,
)
from enrollment.scopes import today_almaty
from lms.errors import ApplicationError
from people.models import CivilServant, StateBody, User

# code suffix, course type, start in days, length, capacity, delivery, language, funding, place
RUNS = [
    ("OPEN-1", "advanced_training", 10, 5, 25, DeliveryMode.ONSITE, "ru", Funding.VOUCHER, "Астана, АГУ, ауд. 305"),
    ("OPEN-2", "advanced_training", 20, 3, 5, DeliveryMode.ONSITE, "kk", Funding.CONTRACT, "Астана, АГУ, ауд. 112"),
    ("OPEN-3", "advanced_training", 15, 10, 40, DeliveryMode.ONLINE, "ru", Funding.CONTRACT, ""),
    ("OPEN-4", "seminar", 8, 1, 30, DeliveryMode.ONSITE, "ru", Funding.CONTRACT, "Алматы, филиал АГУ"),
    ("LATER-1", "advanced_training", 45, 5, 25, DeliveryMode.BLENDED, "ru", Funding.QUOTA, "Алматы, филиал АГУ"),
    ("LATER-2", "retraining", 60, 20, 20, DeliveryMode.BLENDED, "ru", Funding.VOUCHER, "Астана, АГУ"),
    ("DONE-1", "advanced_training", -30, 5, 20, DeliveryMode.ONSITE, "ru", Funding.CONTRACT, "Астана, АГУ"),
]
PDF = b"%PDF-1.4\n% demo certificate\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _versions() -> dict[str, list]:
    by_type: dict[str, list] = {}
    for course in courses_selectors.published_courses().order_by("code"):
        by_type.setdefault(course.published_version.course_type.code, []).append(course.published_version)
    return by_type


def _runs(today) -> dict[str, Offering]:
    versions, out, used = _versions(), {}, {}
    for suffix, type_code, start_in, days, capacity, delivery, lang, funding, place in RUNS:
        pool = versions.get(type_code) or versions.get("advanced_training") or []
        if not pool:
            continue
        version = pool[used.get(type_code, 0) % len(pool)]
        used[type_code] = used.get(type_code, 0) + 1
        start = today + timedelta(days=start_in)
        out[suffix], _ = Offering.objects.get_or_create(code=f"DEMO-{suffix}", defaults={
            "version": version, "starts_on": start, "ends_on": start + timedelta(days=days - 1),
            "capacity": capacity, "delivery": delivery, "language": lang, "funding": funding, "place": place,
            "price": 85000 if funding == Funding.CONTRACT else None})
    return out


def _funding(today) -> None:
    ministry = StateBody.objects.filter(code="MF").first()
    if ministry is not None:
        for i in range(1, 31):
            Voucher.objects.get_or_create(code=f"MF-{today.year}-{i:03d}", defaults={
                "body": ministry, "valid_from": today.replace(month=1, day=1),
                "valid_to": today.replace(month=12, day=31) + timedelta(days=365)})
    almaty = StateBody.objects.filter(code="AKM-ALA").first()
    if almaty is not None:
        for year in (today.year, today.year + 1):
            Quota.objects.get_or_create(year=year, body=almaty, defaults={"places": 12,
                                                                           "policy": QuotaPolicy.WAITLIST})


def _open(offering, servant) -> bool:
    """Any application, closed ones included: a second run of the seed must not re-apply the withdrawn."""
    return Application.objects.filter(offering=offering, servant=servant).exists()


def _nominate(offering, servant, admin):
    if _open(offering, servant):
        return None
    try:
        return app_services.application_nominate(offering=offering, servant=servant, actor=admin)
    except ApplicationError:
        return None


def _applications(runs, admin, servant_user) -> None:
    others = list(CivilServant.objects.filter(user__isnull=True, is_active=True, body__code__startswith="MF")
                  .select_related("body", "unit").order_by("personnel_number")[:40])
    me = getattr(servant_user, "servant", None) if servant_user else None
    if me is not None and "OPEN-1" in runs and not _open(runs["OPEN-1"], me):
        try:
            app_services.application_create(offering=runs["OPEN-1"], servant=me, actor=servant_user,
                                            motivation="Хочу обновить знания по цифровым сервисам.")
        except ApplicationError:
            pass
    if "OPEN-2" in runs:  # 5 places, 8 nominees: a waiting list of 3
        for s in others[:8]:
            _nominate(runs["OPEN-2"], s, admin)
    if "OPEN-1" in runs:  # a mix of steps: pending provider, approved, rejected, withdrawn
        apps = [a for a in (_nominate(runs["OPEN-1"], s, admin) for s in others[8:16]) if a]
        for a in apps[:3]:
            app_services.application_approve(application=a, actor=admin, comment="Согласовано")
        if len(apps) > 4:
            app_services.application_reject(application=apps[3], actor=admin,
                                            reason="Курс уже пройден в текущем цикле")
            app_services.application_withdraw(application=apps[4], actor=admin, reason="Командировка")
    if "OPEN-3" in runs:
        for s in others[16:22]:
            _nominate(runs["OPEN-3"], s, admin)


def _completions(run, admin, servant_user) -> int:
    """The finished run: participants placed directly (its window is long past), attendance, confirmation."""
    people = list(CivilServant.objects.filter(user__isnull=True, is_active=True, body__code__startswith="MF")
                  .order_by("-personnel_number")[:12])
    me = getattr(servant_user, "servant", None) if servant_user else None
    if me is not None:
        people.insert(0, me)
    have = set(Application.objects.filter(offering=run).values_list("servant_id", flat=True))
    fresh = [Application(offering=run, servant=s, status="approved", seat_number=i + 1)
             for i, s in enumerate(people[:run.capacity]) if s.pk not in have]
    if fresh and not have:
        Application.objects.bulk_create(fresh)
        created = Application.objects.filter(offering=run)
        ApplicationStep.objects.bulk_create([ApplicationStep(application=a, stage=stage, decision="approved",
                                                             actor=admin) for a in created
                                             for stage in ("manager", "hr", "provider")])
        days = run.session_days()
        AttendanceMark.objects.bulk_create(
            [AttendanceMark(application=a, day=d, present=(i % 6 != 5) or d != days[-1], marked_by=admin)
             for i, a in enumerate(created) for d in days], ignore_conflicts=True)
    done = 0
    # the same nine places every run (not "the next nine still approved"): a second run confirms nothing new
    for app in Application.objects.filter(offering=run).order_by("seat_number")[:9]:
        if app.status != "approved":
            continue
        try:
            with transaction.atomic():
                run_services.completion_confirm(application=app, actor=None)
            done += 1
        except ApplicationError:
            continue
    return done


def _external_upload(servant_user) -> None:
    me = getattr(servant_user, "servant", None) if servant_user else None
    if me is None:
        return
    title, day = "Онлайн-курс «Открытые данные в госуправлении»", today_almaty() - timedelta(days=75)
    if my_training(servant_user).filter(title=title).exists():  # uploaded on an earlier day already
        return
    training_record_create(servant=me, title=title, course_type="e_course", hours=16, completed_on=day,
                           provider="Coursera / Open Government Partnership", source="external_upload",
                           evidence=ContentFile(PDF, name="certificate-open-data.pdf"), actor=servant_user)


@transaction.atomic
def seed_offerings_demo() -> dict:
    today = today_almaty()
    admin = User.objects.filter(username="admin").first()
    servant_user = User.objects.filter(username="servant").select_related("servant").first()
    before = Application.objects.count()
    runs = _runs(today)
    _funding(today)
    if admin is not None:
        _applications(runs, admin, servant_user)
    completed = _completions(runs["DONE-1"], admin, servant_user) if "DONE-1" in runs else 0
    _external_upload(servant_user)
    return {"offerings": Offering.objects.filter(code__startswith="DEMO-").count(),
            "applications": Application.objects.count() - before,
            "waitlisted": Application.objects.filter(waitlist_position__isnull=False).count(),
            "completions": completed}

"""Demo catalog: providers and ~40 published trilingual courses mapped to the corps B competencies, every one
with lessons (three hand-written, the others one lesson per competency they develop, `courses.demo_topics`);
eight complete e-courses also carry a video lesson (and get their quizzes from assessments.demo). Idempotent by provider and course code; written through the services
(so hours rules, sanitising, translation checks and audit all apply). Authors: the demo user `faculty`."""

from django.db import transaction

from competency_framework import selectors as cf
from competency_framework.demo import FRAMEWORK_IDNUMBER, seed_competency_demo
from courses import services
from courses.cache import catalog_changed
from courses.demo_data import COURSES, LESSONS, PROVIDERS, SUMMARY
from courses.demo_topics import MODULE_TITLE, TOPICS, VIDEO_LESSON_TITLE, VIDEO_MODULE_TITLE
from courses.models import Course, CourseType, Provider
from media import selectors as media_selectors
from people.models import User

# The complete e-courses: text lessons, a video lesson (complete at 80 % watched) and, added by
# assessments.demo, a practice quiz and a final test. Together they develop all 13 corps B competencies.
COMPLETE_COURSES = ("APA-AC-102", "APA-SM-105", "APA-CV-106", "APA-DT-101", "APA-AG-140", "APA-DD-108",
                    "CSC-MR-137", "APA-PP-118")
DEMO_VIDEO_TITLE_EN = "Demo: Public service ethics (master class)"  # made ready by media.demo (runs first)

LANG_INDEX = {"kk": 0, "ru": 1, "en": 2}


def _framework():
    fw = cf.framework_by_idnumber(FRAMEWORK_IDNUMBER)
    if fw is None:  # the competency step runs first in seed_demo; alone (tests), seed the framework here
        seed_competency_demo(assessments=0)
        fw = cf.framework_by_idnumber(FRAMEWORK_IDNUMBER)
    return fw


def _providers() -> dict[str, Provider]:
    out = {}
    for code, kind, country, kk, ru, en in PROVIDERS:
        out[code], _created = Provider.objects.get_or_create(code=code, defaults={
            "kind": kind, "country": country, "name_kk": kk, "name_ru": ru, "name_en": en})
    return out


def _summary(title: tuple, comp_names: list[tuple]) -> dict:
    return {f"summary_{lang}": SUMMARY[i].format(title=title[i],
                                                 competencies=", ".join(n[i].lower() for n in comp_names))
            for lang, i in LANG_INDEX.items()}


@transaction.atomic
def seed_courses_demo() -> dict:
    framework = _framework()
    comps = cf.competencies_by_idnumber(framework)
    levels = cf.levels_by_value(framework)
    providers = _providers()
    types = {t.code: t for t in CourseType.objects.all()}
    author = User.objects.filter(username="faculty").first()
    existing = set(Course.objects.filter(code__in=[c[0] for c in COURSES]).values_list("code", flat=True))
    created = 0
    for code, type_code, provider, fmt, langs, hours, mapping, title in COURSES:
        if code in existing:
            continue
        names = [(comps[c].name_kk, comps[c].name_ru, comps[c].name_en) for c in mapping]
        course = services.course_create(
            actor=None, code=code, course_type=types[type_code], provider=providers[provider], hours=hours,
            languages=langs, delivery_format=fmt, title_kk=title[0], title_ru=title[1], title_en=title[2],
            **_summary(title, names),
        )
        if author is not None:
            course.authors.add(author)
        version = course.versions.get()
        services.version_set_competencies(version=version, actor=None, items=[
            {"competency": comps[c], "level": levels[lv]} for c, lv in mapping.items()])
        _lessons(version, LESSONS.get(code) or _topic_modules(mapping))
        if code in COMPLETE_COURSES:
            _video_module(version)
        services.version_submit(version=version, actor=None)
        services.version_publish(version=version, actor=None, comment="demo data")
        created += 1
    catalog_changed()
    return {"courses": created, "providers": len(providers), "total": Course.objects.count()}


def _lessons(version, modules) -> None:
    for module_titles, lessons in modules:
        module = services.module_create(version=version, actor=None, **_tri("title", module_titles))
        for lesson_titles, bodies in lessons:
            services.lesson_create(module=module, actor=None, kind="text", completion_rule="marked",
                                   duration_minutes=10, **_tri("title", lesson_titles), **_tri("body", bodies))


def _tri(field: str, values: tuple) -> dict:
    return {f"{field}_{lang}": values[i] for lang, i in LANG_INDEX.items()}


def _topic_modules(mapping: dict) -> list:
    """One module, one short lesson per competency the course develops: no published course is empty."""
    return [(MODULE_TITLE, [TOPICS[code] for code in mapping])]


def _video_module(version) -> None:
    video = media_selectors.video_assets().filter(title_en=DEMO_VIDEO_TITLE_EN, status="ready").first()
    if video is None:  # media.demo did not run (a test seeding courses alone): text lessons only
        return
    module = services.module_create(version=version, actor=None, **_tri("title", VIDEO_MODULE_TITLE))
    services.lesson_create(module=module, actor=None, kind="video", video=video, completion_rule="video_share",
                           completion_param=80, duration_minutes=15, **_tri("title", VIDEO_LESSON_TITLE))

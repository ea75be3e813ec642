"""Demo catalog: providers and ~40 published trilingual courses mapped to the corps B competencies, three with
modules and lessons a learner can take. Idempotent by provider and course code; written through the services
(so hours rules, sanitising, translation checks and audit all apply). Authors: the demo user `faculty`."""

from django.db import transaction

from competency_framework import selectors as cf
from competency_framework.demo import FRAMEWORK_IDNUMBER, seed_competency_demo
from courses import services
from courses.demo_data import COURSES, LESSONS, PROVIDERS, SUMMARY
from courses.models import Course, CourseType, Provider
from people.models import User

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
        _lessons(version, LESSONS.get(code, []))
        services.version_submit(version=version, actor=None)
        services.version_publish(version=version, actor=None, comment="demo data")
        created += 1
    return {"courses": created, "providers": len(providers), "total": Course.objects.count()}


def _lessons(version, modules) -> None:
    for module_titles, lessons in modules:
        module = services.module_create(version=version, actor=None, **_tri("title", module_titles))
        for lesson_titles, bodies in lessons:
            services.lesson_create(module=module, actor=None, kind="text", completion_rule="marked",
                                   duration_minutes=10, **_tri("title", lesson_titles), **_tri("body", bodies))


def _tri(field: str, values: tuple) -> dict:
    return {f"{field}_{lang}": values[i] for lang, i in LANG_INDEX.items()}

"""Issue 14: a training's title in the reader's language when the record has it (a course version's or an event's
titles), else the stored title with a visible marker of its language (`<span lang="ru">…</span>
<abbr class="fallback-lang">RU</abbr>`), on the HR list, the servant's own status and the training pages."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from compliance import dashboard as D
from compliance.models import TrainingRecord
from compliance.services import training_record_create
from tests.compliance.compliance_fixtures import AS_OF, _servant, build_world
from tests.factories import StateBodyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _soon(rows):
    return next(r for r in rows if r.personnel_number == "M-SOON")


def test_hr_list_shows_the_course_title_in_the_readers_language():
    w = build_world()
    TrainingRecord.objects.filter(servant=w["M-SOON"]).update(
        title_ru="Курс M-SOON", title_en="Course M-SOON", title_language="ru"
    )
    f = D.resolve_filters(w["hr"], as_of=AS_OF)
    with translation.override("en"):
        row = _soon(D.servant_page(w["hr"], f, limit=50))
    assert (row.last_title, row.last_title_lang) == ("Course M-SOON", "")
    with translation.override("ru"):
        row = _soon(D.servant_page(w["hr"], f, limit=50))
    assert (row.last_title, row.last_title_lang) == ("Курс M-SOON", "")
    with translation.override("kk"):  # no Kazakh title: the Russian one, marked
        row = _soon(list(D.iter_servant_rows(w["hr"], f)))
    assert (row.last_title, row.last_title_lang) == ("Курс M-SOON", "ru")


def test_a_title_without_translations_is_marked_with_its_language():
    w = build_world()
    TrainingRecord.objects.filter(servant=w["M-SOON"]).update(title_language="ru")
    f = D.resolve_filters(w["hr"], as_of=AS_OF)
    with translation.override("en"):
        row = _soon(D.servant_page(w["hr"], f, limit=50))
        python_row = _soon(D._python_rows(D.scoped_servants(w["hr"], f), f, "en"))
    assert (
        (row.last_title, row.last_title_lang)
        == ("Курс M-SOON", "ru")
        == (python_row.last_title, python_row.last_title_lang)
    )


def test_the_servants_own_page_and_training_list_mark_the_fallback(client):
    user = UserFactory(preferred_language="en")
    servant = _servant("OWN-1", StateBodyFactory(), last="Абаев", user=user)
    training_record_create(
        servant=servant,
        title="Мемлекеттік қызмет негіздері",
        course_type="advanced_training",
        hours=36,
        completed_on=date.today().replace(day=1),
        provider="АГУ",
        actor=None,
        source="import",
    )
    training_record_create(
        servant=servant,
        title="Курс этики",
        course_type="advanced_training",
        hours=36,
        completed_on=date(2024, 1, 10),
        actor=None,
        titles={"ru": "Курс этики", "en": "Ethics"},
    )
    records = {r.title: r for r in TrainingRecord.objects.filter(servant=servant)}
    assert records["Мемлекеттік қызмет негіздері"].title_language == "kk"  # guessed from the letters
    assert records["Курс этики"].title_in("en") == ("Ethics", "en")
    assert records["Курс этики"].title_in("kk") == ("Курс этики", "ru")

    client.force_login(user)
    page = client.get(reverse("compliance:mine")).content.decode()
    assert '<span lang="kk">Мемлекеттік қызмет негіздері</span> <abbr class="fallback-lang"' in page
    page = client.get(reverse("enrollment:my-training")).content.decode()
    assert ">Ethics<" in page and "Курс этики" not in page
    assert '<span lang="kk">Мемлекеттік қызмет негіздері</span>' in page

    user.preferred_language = "kk"
    user.save(update_fields=["preferred_language"])
    page = client.get(reverse("enrollment:my-training")).content.decode()
    assert '<span lang="ru">Курс этики</span> <abbr class="fallback-lang"' in page
    assert "Мемлекеттік қызмет негіздері<" in page and '<span lang="kk">' not in page

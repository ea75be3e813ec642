"""One date, time and number convention per language (issue 14): Kazakh and Russian pages show 07.12.2029 and
24-hour times, never 12/07/2029, 2029-12-07, "Қар. 7, 2029" or AM/PM markers; money reads "85 000 ₸"."""

import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from certificates.services import certificate_issue
from conferences import services as conference_services
from lms.audit import audit_record
from people.models import Role
from tests.conferences.conftest import make_event, make_partner
from tests.factories import user_with_role

FOREIGN = {
    "kk": [
        r"\b\d{1,2}/\d{1,2}/\d{4}\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"\b(a\.m\.|p\.m\.|AM|PM|Т\.Қ\.|Т\.Ж\.)",
        r"\b[А-ЯӘҒҚҢӨҰҮҺІ][а-яәғқңөұүһі]{1,3}\. \d{1,2}, \d{4}",
    ],
    "ru": [r"\b\d{1,2}/\d{1,2}/\d{4}\b", r"\b\d{4}-\d{2}-\d{2}\b", r"\b(a\.m\.|p\.m\.|AM|PM)\b"],
}


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles (ISO dates in datetime= are fine)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize(
    ("lang", "day", "moment"),
    [
        ("kk", "07.12.2029", "07.12.2029 14:46"),
        ("ru", "07.12.2029", "07.12.2029 14:46"),
    ],
)
def test_format_filters_follow_the_language(lang, day, moment):
    value = datetime(2029, 12, 7, 14, 46)
    template = Template(
        '{{ v|date:"DATE_FORMAT" }}|{{ v|date:"SHORT_DATETIME_FORMAT" }}|{{ v|time }}|{{ v|date }}'
    )
    with translation.override(lang):
        long_day, short_moment, clock, default = template.render(Context({"v": value})).split("|")
    assert short_moment == moment and clock == "14:46"
    assert day in default or "2029" in default
    if lang == "kk":
        assert long_day == day


@pytest.mark.parametrize(
    ("lang", "text"), [("kk", "85\xa0000\xa0₸"), ("ru", "85\xa0000\xa0₸"), ("en", "85,000\xa0₸")]
)
def test_money_is_grouped_without_cents(lang, text):
    with translation.override(lang):
        assert Template("{% load frontend_tags %}{{ p|money }}").render(Context({"p": "85000.00"})) == text


@pytest.fixture
def people(tree):
    admin = user_with_role(Role.ADMIN, username="root")
    audit_record(actor=admin, action="test.thing", obj=admin, summary="something happened")
    organiser = user_with_role(Role.FACULTY, username="organiser")
    partner = make_partner("nino", zone="Asia/Tbilisi")
    event = make_event(organiser, start_in=timedelta(days=3))
    conference_services.registration_create(event=event, user=partner)
    certificate_issue(
        holder=partner,
        source_key="test:1",
        title_kk="Курс",
        title_ru="Курс",
        title_en="Course",
        course_type="seminar",
        hours=4,
        provider="APA",
        started_on=date(2026, 3, 2),
        completed_on=date(2026, 3, 4),
    )
    hr = user_with_role(Role.HR_OFFICER, body=tree["ministry"])
    return {"admin": admin, "partner": partner, "hr": hr, "organiser": organiser, "event": event}


PAGES = {
    "admin": ["frontend:home", "frontend:audit"],
    "hr": ["frontend:home", "compliance:dashboard", "enrollment:records"],
    "partner": ["frontend:home", "conferences:mine", "conferences:calendar", "certificates:mine"],
    "organiser": ["frontend:home", "conferences:mine"],
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_main_pages_show_no_foreign_date_pattern(client, people, lang, django_user_model):
    django_user_model.objects.update(preferred_language=lang)  # the account's language wins over the header
    for who, names in PAGES.items():
        client.force_login(people[who])
        client.cookies["django_language"] = lang
        for name in names:
            response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE=lang)
            assert response.status_code == 200, (who, name)
            text = visible(response.content.decode())
            for pattern in FOREIGN[lang]:
                found = re.search(pattern, text)
                assert not found, (
                    f"{lang} {who} {name}: {found.group(0)!r} in …{text[max(0, found.start() - 60) : found.end() + 20]}"
                )
    assert timezone.now()  # keep the import used when the list of pages shrinks


def test_stored_text_in_another_language_carries_a_visible_marker():
    class Course:
        title_kk, title_ru, title_en = "", "Цифровое государство", ""

    template = Template('{% load frontend_tags %}{% trilingual c "title" %}')
    with translation.override("en"):
        html = template.render(Context({"c": Course()}))
    assert '<span lang="ru">Цифровое государство</span>' in html and 'class="fallback-lang"' in html and ">RU<" in html
    Course.title_en = "Digital state"
    with translation.override("en"):
        assert template.render(Context({"c": Course()})) == "Digital state"

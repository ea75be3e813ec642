"""Issue 14: notifications and the approval chain's system notes are stored as keys and rendered in the reader's
CURRENT language (and date format) when read; e-mails in the recipient's language; rows written before the
keys keep showing their stored text."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from enrollment import applications, offerings
from enrollment.models import ApplicationStep
from notifications import messages
from notifications.models import Notification
from notifications.services import notification_email_send, notification_send
from tests.enrollment.test_offerings import (  # noqa: F401
    applicant,
    body,
    faculty,
    hr,
    make_offering,
    make_version,
)

_ = (applicant, body, faculty, hr)  # fixtures


def _approved_notice(offering, applicant, faculty, hr) -> Notification:
    app = applications.application_nominate(offering=offering, servant=applicant.servant, actor=hr)
    applications.application_approve(application=app, actor=faculty)
    return Notification.objects.get(user=applicant, kind="enrollment.approved")


@pytest.mark.django_db
def test_notice_follows_the_readers_current_language(client, applicant, faculty, hr):
    offering = make_offering(version=make_version(author=faculty))
    version = offering.version
    notice = _approved_notice(offering, applicant, faculty, hr)
    assert notice.message == "enrollment.approved" and notice.params["course"]["$t"]["en"] == version.title_en
    assert version.title_kk in notice.title  # the stored fallback: rendered in the recipient's language (kk)

    client.force_login(applicant)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f"Өтінім келісілді: {version.title_kk}" in page
    with translation.override("kk"):
        assert date_format(offering.starts_on, "DATE_FORMAT") in page  # 23.06.2026, not "June 23, 2026"

    applicant.preferred_language = "en"  # the reader switches to English: the same row now reads in English
    applicant.save(update_fields=["preferred_language"])
    page = client.get(reverse("notifications:list")).content.decode()
    assert f"Application approved: {version.title_en}" in page
    assert version.title_kk not in page and "Өтінім" not in page
    with translation.override("en"):
        assert date_format(offering.starts_on, "DATE_FORMAT") in page

    applicant.preferred_language = "ru"
    applicant.save(update_fields=["preferred_language"])
    page = client.get(reverse("notifications:list")).content.decode()
    assert f"Заявка согласована: {version.title_ru}" in page


@pytest.mark.django_db
def test_email_is_rendered_in_the_recipients_language_when_sent(applicant, faculty, hr):
    offering = make_offering(version=make_version(author=faculty))
    notice = _approved_notice(offering, applicant, faculty, hr)
    applicant.preferred_language = "ru"  # changed between the notice and the e-mail: the e-mail follows
    applicant.email = "a@example.kz"
    applicant.save(update_fields=["preferred_language", "email"])
    mail.outbox.clear()
    with translation.override("en"):  # whatever the worker's language
        assert notification_email_send(notice.pk) is True
    message = mail.outbox[-1]
    assert message.subject == f"Заявка согласована: {offering.version.title_ru}"
    with translation.override("ru"):
        assert date_format(offering.starts_on, "DATE_FORMAT") in message.body  # "13 декабря 2026 г."


@pytest.mark.django_db
def test_rows_without_a_key_and_unknown_keys_show_their_stored_text(client, applicant):
    Notification.objects.create(
        user=applicant, kind="legacy", dedup_key="legacy:1", title="Старый заголовок", body="Старый текст"
    )
    Notification.objects.create(
        user=applicant,
        kind="gone",
        dedup_key="gone:1",
        title="Stored title",
        body="Stored body",
        message="no.such.message",
        params={"x": 1},
    )
    client.force_login(applicant)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Старый заголовок" in page and "Старый текст" in page and "Stored title" in page


@pytest.mark.django_db
def test_a_message_must_be_registered_and_its_params_must_fit(applicant):
    with pytest.raises(ValueError):
        notification_send(user=applicant, kind="x", dedup_key="x:1", message="nobody.registered.this")
    with pytest.raises(ValueError):  # the parameters do not fit the message's text
        notification_send(user=applicant, kind="x", dedup_key="x:2", message="enrollment.approved", params={})
    assert not Notification.objects.filter(dedup_key__in=["x:1", "x:2"]).exists()


def test_tagged_params_resolve_in_the_active_language_and_zone():
    from datetime import UTC, date, datetime

    from django.utils import timezone

    params = {
        "t": messages.text(kk="Қазақша", ru="", en="English"),
        "d": messages.day(date(2026, 3, 12)),
        "i": messages.instant(datetime(2026, 3, 12, 9, 5, tzinfo=UTC)),
    }
    with translation.override("ru"), timezone.override("Asia/Almaty"):
        resolved = messages.resolve(params)
    assert resolved == {"t": "Қазақша", "d": "12 марта 2026 г.", "i": "12 марта 2026 г. 14:05"}
    with translation.override("kk"), timezone.override("Asia/Almaty"):
        assert messages.resolve(params) == {"t": "Қазақша", "d": "12.03.2026", "i": "12.03.2026 14:05"}
    with translation.override("en"), timezone.override("UTC"):
        assert messages.resolve(params)["t"] == "English"


@pytest.mark.django_db
def test_system_notes_of_the_approval_chain_follow_the_reader(client, applicant, faculty, hr):
    offering = make_offering(version=make_version(author=faculty), capacity=1)
    app = applications.application_nominate(offering=offering, servant=applicant.servant, actor=hr)
    skipped = ApplicationStep.objects.get(application=app, stage="manager", decision="skipped")
    assert skipped.note_key == "nominated_by_hr" and skipped.comment == ""
    with translation.override("ru"):
        assert skipped.note == "направление кадровой службой"
    with translation.override("kk"):
        assert skipped.note == "кадр қызметі оқуға жіберген"
    with translation.override("en"):
        assert skipped.note == "nominated by HR"

    with translation.override("en"):  # the provider works in English; the applicant reads Kazakh
        offerings.offering_cancel(offering=offering, actor=faculty, reason="The trainer is ill")
    cancelled = ApplicationStep.objects.get(application=app, stage="provider", decision="rejected")
    assert cancelled.note_key == "run_cancelled" and cancelled.comment == "The trainer is ill"
    with translation.override("ru"):
        assert cancelled.note == "Поток курса отменен. Причина: The trainer is ill"
    client.force_login(applicant)  # kk
    page = client.get(reverse("enrollment:mine")).content.decode()
    assert "кадр қызметі оқуға жіберген" in page and "nominated by HR" not in page


@pytest.mark.django_db
def test_free_text_notes_of_people_are_shown_as_typed(applicant, faculty, hr):
    offering = make_offering(version=make_version(author=faculty))
    app = applications.application_nominate(offering=offering, servant=applicant.servant, actor=hr)
    applications.application_approve(application=app, actor=faculty, comment="Согласовано")
    step = ApplicationStep.objects.get(application=app, decision="approved", stage="provider")
    assert step.note_key == "" and step.note == "Согласовано"

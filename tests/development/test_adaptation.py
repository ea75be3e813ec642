import csv
import io
from datetime import date

import pytest

from development import services
from development.exports import escape_cell
from development.models import AdaptationPlan
from lms.errors import ApplicationError, NotAllowed

pytestmark = pytest.mark.django_db


def test_probation_three_months_extendable_once(world, settings):
    plan = services.adaptation_plan_create(
        servant=world["servant"], mentor=world["mentor"], actor=world["hr"]
    )
    assert (plan.starts_on, plan.ends_on) == (date(2026, 9, 1), date(2026, 12, 1))
    world["servant"].refresh_from_db()
    assert world["servant"].mentor == world["mentor"] and world["servant"].probation_until == date(
        2026, 12, 1
    )
    services.adaptation_extend(plan=plan, actor=world["hr"])
    plan.refresh_from_db()
    assert plan.ends_on == date(2027, 3, 1) and plan.extensions == 1
    with pytest.raises(ApplicationError) as err:
        services.adaptation_extend(plan=plan, actor=world["hr"])
    assert err.value.code == "extension_limit"
    settings.DEVELOPMENT = {**settings.DEVELOPMENT, "PROBATION_MAX_EXTENSIONS": 2}
    services.adaptation_extend(plan=plan, actor=world["hr"])  # configurable


def test_only_hr_assigns_and_both_sign(world):
    with pytest.raises(NotAllowed):
        services.adaptation_plan_create(
            servant=world["servant"], mentor=world["mentor"], actor=world["manager"]
        )
    with pytest.raises(ApplicationError):
        services.adaptation_plan_create(servant=world["servant"], mentor=world["servant"], actor=world["hr"])
    plan = services.adaptation_plan_create(
        servant=world["servant"], mentor=world["mentor"], actor=world["hr"]
    )
    task = services.adaptation_task_add(
        plan=plan,
        actor=world["hr"],
        title="Retraining on ethics",
        due_on=date(2026, 11, 1),
        kind="retraining",
    )
    services.adaptation_task_done(task=task, actor=world["servant_user"], done_on=date(2026, 10, 20))
    services.adaptation_sign(plan=plan, actor=world["servant_user"])
    with pytest.raises(ApplicationError):
        services.adaptation_sign(plan=plan, actor=world["servant_user"])
    with pytest.raises(NotAllowed):
        services.adaptation_sign(plan=plan, actor=world["hr"])
    assert AdaptationPlan.objects.get().servant_signed_at is not None


def test_mentor_allowance_export_escapes_formulas(world, client):
    world["mentor"].last_name_ru = "=HYPERLINK(1)"
    world["mentor"].save()
    services.adaptation_plan_create(servant=world["servant"], mentor=world["mentor"], actor=world["hr"])
    client.force_login(world["hr"])
    response = client.get("/development/probation/allowance.csv?since=2026-09-01&until=2026-09-30")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][1].startswith("'=HYPERLINK") and rows[1][-1] == "30"
    assert [escape_cell(v) for v in ("+1", "-1", "@x", "\tx", "\rx", "ok", 5)] == [
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "ok",
        5,
    ]
    client.force_login(world["manager"])
    assert client.get("/development/probation/allowance.csv").status_code == 403


def test_adaptation_page_for_the_servant_and_the_mentor_only(world, client):
    from tests.factories import UserFactory

    mentor_user = UserFactory(username="mentor.m")
    world["mentor"].user = mentor_user
    world["mentor"].save()
    plan = services.adaptation_plan_create(
        servant=world["servant"], mentor=world["mentor"], actor=world["hr"]
    )
    task = services.adaptation_task_add(
        plan=plan, actor=world["hr"], title="Read the unit's regulations", due_on=date(2026, 9, 15)
    )
    client.force_login(world["servant_user"])
    assert "Read the unit" in client.get("/development/adaptation/").content.decode()
    client.post(f"/development/adaptation/{plan.pk}/tasks/{task.pk}/done/")
    client.post(f"/development/adaptation/{plan.pk}/sign/")
    client.force_login(mentor_user)
    client.post(f"/development/adaptation/{plan.pk}/sign/")
    plan.refresh_from_db()
    task.refresh_from_db()
    assert plan.servant_signed_at and plan.mentor_signed_at and task.done_on
    client.force_login(world["stranger_user"])
    assert client.post(f"/development/adaptation/{plan.pk}/sign/").status_code == 404


def test_mentor_adds_a_task_on_the_adaptation_page(world, client):
    from tests.factories import UserFactory

    mentor_user = UserFactory(username="mentor.m")
    world["mentor"].user = mentor_user
    world["mentor"].save()
    plan = services.adaptation_plan_create(
        servant=world["servant"], mentor=world["mentor"], actor=world["hr"]
    )
    url = f"/development/adaptation/{plan.pk}/tasks/"
    client.force_login(world["servant_user"])
    page = client.get("/development/adaptation/").content.decode()
    assert f"adaptation-task-form-{plan.pk}" not in page  # the probationer does not add tasks
    client.post(
        url,
        {f"plan{plan.pk}-kind": "task", f"plan{plan.pk}-title": "x", f"plan{plan.pk}-due_on": "2026-10-01"},
    )
    assert not plan.tasks.exists()
    client.force_login(mentor_user)
    assert f"adaptation-task-form-{plan.pk}" in client.get("/development/adaptation/").content.decode()
    data = {
        f"plan{plan.pk}-kind": "retraining",
        f"plan{plan.pk}-title": "Ethics",
        f"plan{plan.pk}-due_on": "2026-10-01",
    }
    assert client.post(url, data).status_code == 302
    task = plan.tasks.get()
    assert (task.kind, task.title, task.due_on) == ("retraining", "Ethics", date(2026, 10, 1))
    early = client.post(url, {**data, f"plan{plan.pk}-due_on": "2026-01-01"}, follow=True)
    assert plan.tasks.count() == 1 and "before the probation starts" in early.content.decode()
    client.force_login(world["stranger_user"])
    assert client.post(url, data).status_code == 404


def test_mentor_task_form_errors_are_shown_next_to_the_fields_and_nothing_is_written(world, client):
    """A refused task (bad input, or the service's refusal) re-renders the adaptation page with the error next
    to its field in the mentor's language and the input kept, not as a page message; nothing is written."""
    from django.utils import translation

    from lms.models import AuditEntry
    from tests.factories import UserFactory

    mentor_user = UserFactory(username="mentor.m", preferred_language="en")
    world["mentor"].user = mentor_user
    world["mentor"].save()
    plan = services.adaptation_plan_create(
        servant=world["servant"], mentor=world["mentor"], actor=world["hr"]
    )
    url, p = f"/development/adaptation/{plan.pk}/tasks/", f"plan{plan.pk}"
    client.force_login(mentor_user)
    before = AuditEntry.objects.count()

    def post(**fields):
        data = {f"{p}-kind": "retraining", f"{p}-title": "Ethics", f"{p}-due_on": "2026-10-01", **fields}
        response = client.post(url, {k: v for k, v in data.items() if v is not None})
        assert response.status_code == 200, response.status_code  # the page again, not a redirect
        assert not list(response.context["messages"])  # no flash message
        form = next(x for x in response.context["plans"] if x.pk == plan.pk).task_form
        return response.content.decode(), form

    html, form = post(**{f"{p}-title": "", f"{p}-due_on": "31.31.2026"})
    assert set(form.errors) == {"title", "due_on"}
    assert f'id="id_{p}-title_error"' in html and f'id="id_{p}-due_on_error"' in html
    assert 'value="31.31.2026"' in html and '<option value="retraining" selected>' in html

    html, form = post(**{f"{p}-kind": "party"})
    assert list(form.errors) == ["kind"] and 'value="Ethics"' in html

    html, form = post(**{f"{p}-due_on": "2026-01-01"})  # refused by the service
    assert form.errors == {"due_on": ["The due date is before the probation starts."]}
    assert 'value="Ethics"' in html and 'value="2026-01-01"' in html
    assert f'<ul class="errorlist" id="id_{p}-due_on_error"><li>The due date is before' in html

    mentor_user.preferred_language = "kk"
    mentor_user.save()
    with translation.override("kk"):
        expected = translation.gettext("The due date is before the probation starts.")
    assert not expected.isascii()
    html, form = post(**{f"{p}-due_on": "2026-01-01"})
    assert form.errors["due_on"] == [expected] and expected in html

    assert not plan.tasks.exists() and AuditEntry.objects.count() == before

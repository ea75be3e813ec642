"""Every beat entry the migrations create names a task the worker knows (a typo would fire nothing, silently)."""

import pytest
from django_celery_beat.models import PeriodicTask

from lms.celery import app

pytestmark = pytest.mark.django_db


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    scheduled = set(PeriodicTask.objects.values_list("task", flat=True))
    assert "notifications.tasks.email_unsent" in scheduled
    assert scheduled <= set(app.tasks), sorted(scheduled - set(app.tasks))

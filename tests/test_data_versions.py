"""lms.data_versions: a bump is seen at once and again after the commit (one callback per transaction however
many rows change); versions read together agree with versions read one by one; a missing counter starts at 1."""

import pytest
from django.core.cache import cache
from django.db import transaction

from lms.data_versions import bump_data_version, data_version, data_versions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "data-versions-tests"}}
    cache.clear()


def test_bumps_now_and_once_after_the_commit(django_capture_on_commit_callbacks):
    assert data_version("a") == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            bump_data_version("a")
            bump_data_version("a")
            bump_data_version("b")
            assert data_version("a") == 3
    assert len(callbacks) == 2  # one per name
    assert data_versions("a", "b") == (4, 3) == (data_version("a"), data_version("b"))


def test_a_missing_counter_starts_over_above_what_readers_saw():
    assert data_versions("c") == (1,)
    cache.clear()  # evicted
    bump_data_version("c")
    assert data_version("c") == 2

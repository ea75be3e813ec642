import os

import pytest

os.environ.setdefault("LMS_TESTING", "1")

# One Playwright/Chromium per test process, shared by browser tests in every folder.
pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks(settings):
    """The platform defaults to Russian; tests read English source strings unless they switch language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

import os

import pytest

os.environ.setdefault("LMS_TESTING", "1")


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks(settings):
    """The platform defaults to Russian; tests read English source strings unless they switch language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
django_application = get_wsgi_application()

from media.tracking import beacon_wsgi  # noqa: E402 (needs the apps loaded above)


def application(environ, start_response):
    """Exactly POST /api/v1/media/beacon/ (the player's heartbeat) skips Django's middleware: see
    media.tracking.beacon_wsgi. Everything else is Django."""
    if beacon_wsgi.is_beacon(environ):
        return beacon_wsgi.application(environ, start_response)
    return django_application(environ, start_response)

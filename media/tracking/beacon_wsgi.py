"""The player's heartbeat beacon as a bare WSGI callable, in front of Django (lms.wsgi dispatches exactly
POST /api/v1/media/beacon/ here). The beacon reads no cookie, session or user, so Django's middleware stack and
URL resolution are pure overhead on the hottest request (issue #6: >= 2,000 beats/s on 2 CPUs). The rules are
not repeated here: media.tracking.api.beacon_respond does the token check and record_beat, as for the view."""

import json

from django.conf import settings
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real

from media.tracking.api import beacon_respond

PATH = "/api/v1/media/beacon/"
_HEADERS = [("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin")]
_STATUS = {200: "200 OK", 400: "400 Bad Request", 401: "401 Unauthorized", 403: "403 Forbidden",
           404: "404 Not Found", 409: "409 Conflict", 413: "413 Payload Too Large", 429: "429 Too Many Requests"}


def is_beacon(environ) -> bool:
    return environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == PATH


def _language(environ) -> str:
    """Accept-Language, as LocaleMiddleware reads it (the beacon has no cookie and no language prefix)."""
    header = environ.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _q in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _body(environ) -> bytes | None:
    """The request body, or None when it is larger than Django would accept."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        return None
    return environ["wsgi.input"].read(length) if length > 0 else b""


def application(environ, start_response):
    # Django's request signals: per-request database connection upkeep (CONN_MAX_AGE) and query log reset.
    signals.request_started.send(sender=__name__, environ=environ)
    try:
        with translation.override(_language(environ)):
            raw = _body(environ)
            if raw is None:
                status, payload = 413, {"code": "too_large", "detail": _("The heartbeat is too large.")}
            else:
                status, payload = beacon_respond(raw)
            data = json.dumps(payload, cls=DjangoJSONEncoder).encode()
    finally:
        signals.request_finished.send(sender=__name__)
    start_response(_STATUS.get(status, f"{status} Error"), [*_HEADERS, ("Content-Length", str(len(data)))])
    return [data]

"""Message keys: what a notification says, rendered in the reader's language when it is read.

A notification stores a message key ("enrollment.approved") and JSON parameters; its title and body are
rendered at display time (the notifications page, the e-mail) under the reader's active language and time
zone, so a notice sent while the reader used English reads in Kazakh after they switch. The rendered text is
also kept on the row (`title`/`body`): it is what rows written before the keys existed show, and what shows
when a key is no longer registered.

Each feature app registers its messages in its own `notices.py` module (imported on first use by
`autodiscover_modules("notices")`, so this app never imports the apps above it). Parameters must be JSON;
values that depend on the reader are stored tagged and resolved at render time:

- `text(kk=..., ru=..., en=...)` or `text_of(obj, "title")`: a trilingual text, shown in the reader's language
  (falling back to ru, kk, en);
- `day(date)`: a date, shown in the reader's DATE_FORMAT;
- `instant(datetime)`: an instant, shown in the reader's time zone and DATETIME_FORMAT.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

LANGS = ("kk", "ru", "en")
Part = Callable[[dict], str] | Any  # a callable of the resolved params, or a (lazy) %-format string


@dataclass(frozen=True)
class Message:
    title: Part
    body: Part = ""


_REGISTRY: dict[str, Message] = {}
_discovered = False


def register(key: str, *, title: Part, body: Part = "") -> str:
    """Register (or replace) the message `key`; returns the key so modules can keep it as a constant."""
    _REGISTRY[key] = Message(title, body)
    return key


def _discover() -> None:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("notices")
        _discovered = True


def is_registered(key: str) -> bool:
    _discover()
    return key in _REGISTRY


# --- parameters --------------------------------------------------------------------------------------------


def text(**variants: str) -> dict:
    return {"$t": {lang: variants.get(lang) or "" for lang in LANGS}}


def text_of(obj, field: str) -> dict:
    return text(**{lang: getattr(obj, f"{field}_{lang}", "") or "" for lang in LANGS})


def day(value: date) -> dict:
    return {"$date": value.isoformat()}


def instant(value: datetime) -> dict:
    return {"$instant": value.isoformat()}


def pick(variants: dict, language: str | None = None) -> str:
    lang = (language or get_language() or "ru")[:2]
    for candidate in (lang, "ru", "kk", "en"):
        if variants.get(candidate):
            return variants[candidate]
    return ""


def resolve(value):
    """A stored parameter as the reader sees it (active language and time zone)."""
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$t":
            return pick(inner)
        if tag == "$date":
            return date_format(date.fromisoformat(inner), "DATE_FORMAT")
        if tag == "$instant":
            return date_format(timezone.localtime(datetime.fromisoformat(inner)), "DATETIME_FORMAT")
    if isinstance(value, list):
        return [resolve(v) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v) for k, v in value.items()}
    return value


def _part(part: Part, params: dict, raw: dict) -> str:
    if callable(part):
        return str(part(params | {"_raw": raw}))
    if not part:
        return ""
    return str(part) % params


def render(key: str, params: dict) -> tuple[str, str] | None:
    """(title, body) of message `key` in the active language and time zone, or None for an unknown key or
    parameters that no longer fit it (the stored text is shown then)."""
    _discover()
    message = _REGISTRY.get(key)
    if message is None:
        return None
    try:
        resolved = {k: resolve(v) for k, v in (params or {}).items()}
        return _part(message.title, resolved, params or {})[:300], _part(message.body, resolved, params or {})
    except (KeyError, ValueError, TypeError):
        return None

import json
from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

register = template.Library()


@register.filter
def payload_lines(value) -> str:
    """An audit payload (before/after) as "key: value" lines; autoescaped by the template."""
    if value in (None, "", {}, []):
        return ""
    if not isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "\n".join(
        f"{key}: {_local_if_date(item) if isinstance(item, str) else json.dumps(item, ensure_ascii=False)}"
        for key, item in sorted(value.items())
    )


def _local_if_date(text: str) -> str:
    """Payloads store ISO dates and instants; the reader sees them in their language's format."""
    try:
        if len(text) == 10:
            return date_format(date.fromisoformat(text), "SHORT_DATE_FORMAT")
        if len(text) > 10 and text[10] == "T":
            return date_format(timezone.localtime(datetime.fromisoformat(text)), "SHORT_DATETIME_FORMAT")
    except ValueError:
        pass
    return text


@register.filter
def money(value, currency: str = "₸") -> str:
    """An amount in the reader's convention: grouped thousands, no ".00" for whole amounts ("85 000 ₸")."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimals, use_l10n=True, force_grouping=True)}\xa0{currency}"


def _fallback(value: str, language: str):
    note = gettext("not translated yet")
    return format_html('<span lang="{}">{}</span> <abbr class="fallback-lang" title="{}">{}</abbr>',
                       language, value, note, language.upper())


@register.simple_tag
def in_language(value, language: str = ""):
    """A stored text written in `language`: as it is when that is the reader's language (or unknown), else
    with its lang attribute and the visible marker of `trilingual`."""
    if not value:
        return ""
    lang = (get_language() or "ru")[:2]
    if not language or language == lang:
        return value
    return _fallback(value, language)


@register.simple_tag
def record_title(record):
    """A training record's title in the reader's language (TrainingRecord.title_in), marked when it is not."""
    title, language = record.title_in()
    return in_language(title, language)


@register.simple_tag
def trilingual(obj, field: str):
    """obj.<field> in the reader's language; when only another language has it, that text with its lang
    attribute and a visible marker naming the language it is shown in (issue 14: a visible fallback)."""
    lang = (get_language() or "ru")[:2]
    if getattr(obj, f"{field}_{lang}", ""):
        return getattr(obj, f"{field}_{lang}")
    for candidate in ("ru", "kk", "en"):
        value = getattr(obj, f"{field}_{candidate}", "")
        if value:
            return _fallback(value, candidate)
    return ""

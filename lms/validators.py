"""Text that ends up in an e-mail header (a subject built from an event title, a session title) must be one line:
Django refuses a header with a line break (the e-mail task fails and nobody is notified), and a line break in a
header is how header injection starts."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() splits on


def refuse_line_breaks(value) -> None:
    text = "" if value is None else str(value)
    if any(ch in LINE_BREAKS for ch in text):
        raise ValidationError(_("Line breaks are not allowed here."), code="line_break")


def single_line(text) -> str:
    """The defensive side, for headers built from rows stored before the rule: any run of whitespace (line
    breaks included) becomes one space."""
    return " ".join(str(text).split())

"""The neutral shape both formats parse into and write from, and the error that names a question's place."""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from lms.importing import RowError

DEFAULT_CATEGORY = "top"
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@dataclass
class QuestionError(RowError):
    """`question 3, line 17: ...` (line only for GIFT; 0 = file level)."""

    line: int = 0

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"question {self.row}")
        if self.line:
            where.append(f"line {self.line}")
        return f"{', '.join(where) or 'file'}: {self.message}"


@dataclass
class ParsedChoice:
    text: str = ""
    fraction: Decimal = Decimal(0)
    feedback: str = ""
    match: str = ""  # matching: the right-hand item
    tolerance: Decimal | None = None  # numeric


@dataclass
class ParsedQuestion:
    position: int
    line: int
    category: str
    kind: str
    name: str = ""
    text: str = ""
    text_format: str = "moodle"
    general_feedback: str = ""
    default_mark: Decimal = Decimal(1)
    penalty: Decimal = Decimal(0)
    shuffle: bool = True
    case_sensitive: bool = False
    tags: list[str] = field(default_factory=list)
    choices: list[ParsedChoice] = field(default_factory=list)

    def content_hash(self) -> str:
        """Stable key of an unnamed question: its kind, text and answers (not feedback)."""
        payload = [
            self.kind,
            self.text.strip(),
            [[c.text, c.match, str(c.fraction.normalize()), str(c.tolerance)] for c in self.choices],
        ]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:16]

    def language_guess(self) -> str:
        """Kazakh letters → kk; other Cyrillic → ru; else en."""
        sample = self.text + " ".join(c.text for c in self.choices)
        if KAZAKH_LETTERS & set(sample):
            return "kk"
        if any("\u0400" <= ch <= "\u04ff" for ch in sample):
            return "ru"
        return "en"


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM); Windows-1251 as a fallback for files saved by Russian-locale editors."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1251", errors="replace")


def guess_format(text: str) -> str:
    head = text.lstrip()[:200].lower()
    return "xml" if head.startswith("<?xml") or head.startswith("<quiz") else "gift"


def parse_decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip().replace(",", "."))
    except (ArithmeticError, ValueError):
        return None
    return number if number.is_finite() else None


def percent_text(fraction: Decimal) -> str:
    """0.3333333 → '33.33333'; 1 → '100'."""
    value = (fraction * 100).normalize()
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def validate(question: ParsedQuestion) -> list[str]:
    """Rules every imported question must meet, whatever the format (messages in the active language)."""
    from django.utils.translation import gettext as _

    problems = []
    kind, choices = question.kind, question.choices
    if not question.text.strip():
        problems.append(_("The question has no text."))
    if kind in ("single", "multiple") and len(choices) < 2:
        problems.append(_("A choice question needs at least two options."))
    if kind in ("single", "multiple", "short", "numeric") and not any(c.fraction > 0 for c in choices):
        problems.append(_("No answer earns marks: mark the correct one with = or a positive weight."))
    if kind == "single" and not any(c.fraction == 1 for c in choices):
        problems.append(_("A single-choice question needs one option worth 100%."))
    if kind == "multiple" and sum(c.fraction for c in choices if c.fraction > 0) < Decimal("0.99"):
        problems.append(_("The positive weights of a multiple-choice question must add up to 100%."))
    if kind == "matching" and sum(1 for c in choices if c.text.strip()) < 2:
        problems.append(_("A matching question needs at least two pairs."))
    if kind == "ordering" and len(choices) < 2:
        problems.append(_("An ordering question needs at least two items."))
    if any(not c.text.strip() for c in choices if kind not in ("matching",)):
        problems.append(_("An answer is empty."))
    if any(c.fraction < -1 or c.fraction > 1 for c in choices):
        problems.append(_("Answer weights must be between -100% and 100%."))
    return problems

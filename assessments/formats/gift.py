"""Moodle GIFT (docs.moodle.org/en/GIFT_format): parse and write.

Supported: `$CATEGORY:`, `::title::`, `[html|moodle|plain|markdown]`, multiple choice `=right ~wrong`, weights
`~%50%`, per-answer feedback `#`, general feedback `####`, true/false `{T}` `{TRUE}` `{F}` `{FALSE}` (with
`#wrong#right` feedback), short answer `{=a =b}`, numeric `{#3.14:0.01}`, ranges `{#1..5}` and several
numeric answers, matching `{=a -> b}`, essay `{}`, missing-word text after the block, escapes
`\\~ \\= \\# \\{ \\} \\: \\\\ \\n`, `// [tag:...]` comments (Moodle 3.x). The project adds comment directives
Moodle ignores: `// @ordering` (an ordering question, items in the right order), `// @usecase` (short answer
is case sensitive), `// @noshuffle`, `// @mark:2`, `// @penalty:0.3333333`."""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.formats.common import (
    DEFAULT_CATEGORY,
    ParsedChoice,
    ParsedQuestion,
    QuestionError,
    parse_decimal,
    percent_text,
    validate,
)

ESCAPABLE = "~=#{}:\\"
FORMATS = ("html", "moodle", "plain", "markdown")
TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
DIRECTIVE_RE = re.compile(r"@(\w+)(?::(\S+))?")
WEIGHT_RE = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")


# --- lexing helpers: every search skips backslash-escaped characters ---------------------------------------


def _find(text: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def _split(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at unescaped separator characters: [(separator, piece), ...] ('' for text before the first)."""
    parts, current, sep, i = [], [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch in separators:
            parts.append((sep, "".join(current)))
            current, sep = [], ch
        else:
            current.append(ch)
        i += 1
    parts.append((sep, "".join(current)))
    return parts


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt if nxt in ESCAPABLE else "\\" + nxt)
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out).strip()


def escape(text: str) -> str:
    out = "".join("\\" + ch if ch in ESCAPABLE else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


# --- blocks -----------------------------------------------------------------------------------------------


def blocks(text: str):
    """Yield (first line number, lines, comments) per question or $CATEGORY block. Blank lines separate
    blocks, as in Moodle (an unclosed brace is reported, never allowed to swallow the next question);
    `//` comment lines are collected for tags and directives."""
    lines, comments, start = [], [], 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            comments.append(stripped[2:])
            continue
        if not stripped:
            if lines:
                yield start, lines, comments
                comments = []
            lines = []
            continue
        if not lines:
            start = number
        lines.append(raw)
        if stripped.startswith("$CATEGORY:"):
            yield start, lines, []
            lines = []
    if lines:
        yield start, lines, comments


def parse(text: str) -> tuple[list[ParsedQuestion], list[QuestionError]]:
    questions, errors, category, position = [], [], DEFAULT_CATEGORY, 0
    for line, lines, comments in blocks(text):
        body = "\n".join(lines).strip()
        if body.startswith("$CATEGORY:"):
            category = normalise_category(body[len("$CATEGORY:") :])
            continue
        position += 1
        try:
            question = _parse_question(body, comments, category, position, line)
        except _GiftError as exc:
            errors.append(QuestionError(position, "", str(exc), line=line + exc.offset))
            continue
        problems = validate(question)
        errors.extend(QuestionError(position, "", message, line=line) for message in problems)
        if not problems:
            questions.append(question)
    if not questions and not errors:
        errors.append(QuestionError(0, "", _("The file holds no questions.")))
    return questions, errors


def normalise_category(raw: str) -> str:
    """`$course$/top/Law/Ethics` → `top/Law/Ethics`; always rooted at `top`."""
    parts = [p.strip() for p in raw.strip().split("/") if p.strip()]
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    if not parts or parts[0] != DEFAULT_CATEGORY:
        parts = [DEFAULT_CATEGORY, *parts]
    return "/".join(parts)


class _GiftError(Exception):
    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.offset = offset  # lines after the block's first line


def _directives(comments: list[str]) -> tuple[list[str], dict[str, str]]:
    tags, directives = [], {}
    for comment in comments:
        tags.extend(t.strip() for t in TAG_RE.findall(comment))
        stripped = comment.strip()
        if stripped.startswith("@"):
            for name, value in DIRECTIVE_RE.findall(stripped):
                directives[name.lower()] = value
    return tags, directives


def _parse_question(body: str, comments, category: str, position: int, line: int) -> ParsedQuestion:
    tags, directives = _directives(comments)
    name = ""
    if body.startswith("::"):
        end = _find(body, "::", 2)
        if end < 0:
            raise _GiftError(_("The title is not closed with ::."))
        name, body = unescape(body[2:end]), body[end + 2 :].lstrip()
    text_format = "moodle"
    match = re.match(r"^\[(\w+)\]", body)
    if match and match.group(1).lower() in FORMATS:
        text_format, body = match.group(1).lower(), body[match.end() :].lstrip()
    open_at = _find(body, "{")
    if open_at < 0:
        raise _GiftError(_("No answer block {…} found (descriptions are not imported)."))
    close_at = _find(body, "}", open_at + 1)
    if close_at < 0:
        raise _GiftError(_("The answer block is not closed with }."), body[:open_at].count("\n"))
    after = body[close_at + 1 :].strip()
    text = unescape(body[:open_at])
    if after:
        text = f"{text} _____ {unescape(after)}"
    question = ParsedQuestion(
        position=position,
        line=line,
        category=category,
        kind="",
        name=name,
        text=text,
        text_format=text_format,
        tags=[t for t in tags if t],
    )
    _apply_directives(question, directives)
    _parse_answers(
        question, body[open_at + 1 : close_at], "ordering" in directives, body[:open_at].count("\n")
    )
    return question


def _apply_directives(question: ParsedQuestion, directives: dict[str, str]) -> None:
    question.case_sensitive = "usecase" in directives
    question.shuffle = "noshuffle" not in directives
    for attr in ("mark", "penalty"):
        if attr in directives:
            value = parse_decimal(directives[attr])
            if value is None or value < 0:
                raise _GiftError(_("The @%(name)s directive needs a number.") % {"name": attr})
            setattr(question, "default_mark" if attr == "mark" else "penalty", value)


def _parse_answers(question: ParsedQuestion, block: str, ordering: bool, offset: int) -> None:
    pieces = _split_general_feedback(block)
    answers, question.general_feedback = pieces
    answers = answers.strip()
    if not answers:
        question.kind = "essay"
    elif answers.startswith("#"):
        question.kind = "numeric"
        question.choices = _numeric(answers[1:], offset)
    elif _truefalse(answers) is not None:
        question.kind = "truefalse"
        question.choices = _truefalse(answers)
    elif _find(answers, "->") >= 0:
        question.kind = "matching"
        question.choices = _matching(answers, offset)
    elif ordering:
        question.kind = "ordering"
        question.choices = [ParsedChoice(text=c.text, fraction=Decimal(1)) for c in _items(answers, offset)]
    elif _find(answers, "~") >= 0:
        question.choices = _items(answers, offset)
        # Moodle's rule: without any "=" answer the question accepts several answers.
        question.kind = "single" if any(sep == "=" for sep, _ in _split(answers, "=~")) else "multiple"
    else:
        question.kind = "short"
        question.choices = _items(answers, offset)


def _split_general_feedback(block: str) -> tuple[str, str]:
    at = _find(block, "####")
    if at < 0:
        return block, ""
    return block[:at], unescape(block[at + 4 :])


def _answer_feedback(piece: str) -> tuple[str, str]:
    parts = _split(piece, "#")
    return parts[0][1], "#".join(p for _, p in parts[1:])


def _weight(text: str, default: Decimal, offset: int) -> tuple[Decimal, str]:
    match = WEIGHT_RE.match(text.strip())
    if not match:
        if text.strip().startswith("%"):
            raise _GiftError(_("A weight must look like %50% or %-25%."), offset)
        return default, text
    value = parse_decimal(match.group(1))
    if value is None or not -100 <= value <= 100:
        raise _GiftError(_("A weight must be between -100% and 100%."), offset)
    return value / 100, text.strip()[match.end() :]


def _items(answers: str, offset: int) -> list[ParsedChoice]:
    choices = []
    for sep, piece in _split(answers, "=~"):
        if not sep:
            if piece.strip():
                raise _GiftError(_("Answers must start with = or ~."), offset)
            continue
        fraction, rest = _weight(piece, Decimal(1) if sep == "=" else Decimal(0), offset)
        text, feedback = _answer_feedback(rest)
        choices.append(ParsedChoice(text=unescape(text), fraction=fraction, feedback=unescape(feedback)))
    return choices


def _truefalse(answers: str) -> list[ParsedChoice] | None:
    parts = [p for _, p in _split(answers, "#")]
    word = parts[0].strip().upper()
    if word not in ("T", "TRUE", "F", "FALSE"):
        return None
    correct = word.startswith("T")
    wrong_feedback = unescape(parts[1]) if len(parts) > 1 else ""
    right_feedback = unescape(parts[2]) if len(parts) > 2 else ""
    true_fb, false_fb = (right_feedback, wrong_feedback) if correct else (wrong_feedback, right_feedback)
    return [
        ParsedChoice(text="true", fraction=Decimal(int(correct)), feedback=true_fb),
        ParsedChoice(text="false", fraction=Decimal(int(not correct)), feedback=false_fb),
    ]


def _matching(answers: str, offset: int) -> list[ParsedChoice]:
    choices = []
    for sep, piece in _split(answers, "="):
        if not sep:
            if piece.strip():
                raise _GiftError(_("Matching pairs must start with =."), offset)
            continue
        arrow = _find(piece, "->")
        if arrow < 0:
            raise _GiftError(_("A matching pair needs “->”."), offset)
        choices.append(
            ParsedChoice(
                text=unescape(piece[:arrow]), match=unescape(piece[arrow + 2 :]), fraction=Decimal(1)
            )
        )
    return choices


def _numeric(answers: str, offset: int) -> list[ParsedChoice]:
    answers = answers.strip()
    if not answers.startswith("="):
        value, feedback = _answer_feedback(answers)
        return [_number(value, Decimal(1), unescape(feedback), offset)]
    choices = []
    for sep, piece in _split(answers, "="):
        if not sep:
            continue
        fraction, rest = _weight(piece, Decimal(1), offset)
        value, feedback = _answer_feedback(rest)
        choices.append(_number(value, fraction, unescape(feedback), offset))
    return choices


def _number(spec: str, fraction: Decimal, feedback: str, offset: int) -> ParsedChoice:
    spec = unescape(spec)
    if ".." in spec:  # a range min..max is stored as its middle ± half the width, as Moodle does
        low, high = (parse_decimal(s) for s in spec.split("..", 1))
        if low is None or high is None or low > high:
            raise _GiftError(_("“%(spec)s” is not a numeric range min..max.") % {"spec": spec}, offset)
        return ParsedChoice(
            text=_num_text((low + high) / 2), tolerance=(high - low) / 2, fraction=fraction, feedback=feedback
        )
    value, _sep, tol = spec.partition(":")
    number, tolerance = parse_decimal(value), parse_decimal(tol) if tol else Decimal(0)
    if number is None or tolerance is None or tolerance < 0:
        raise _GiftError(
            _("“%(spec)s” is not a number with an optional :tolerance.") % {"spec": spec}, offset
        )
    return ParsedChoice(text=_num_text(number), tolerance=tolerance, fraction=fraction, feedback=feedback)


def _num_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


# --- writing ----------------------------------------------------------------------------------------------


def write(questions: list[ParsedQuestion]) -> str:
    out, category = [], None
    for q in questions:
        if q.category != category:
            category = q.category
            out.append(f"$CATEGORY: $course$/{category}\n")
        out.append(_write_question(q))
    return "\n".join(out)


def _write_question(q: ParsedQuestion) -> str:
    comments = [f"[tag:{t}]" for t in q.tags]
    directives = []
    if q.kind == "ordering":
        directives.append("@ordering")
    if q.case_sensitive:
        directives.append("@usecase")
    if not q.shuffle:
        directives.append("@noshuffle")
    if q.default_mark != 1:
        directives.append(f"@mark:{_num_text(q.default_mark)}")
    if q.penalty:
        directives.append(f"@penalty:{_num_text(q.penalty)}")
    head = "".join(f"// {c}\n" for c in ([" ".join(comments)] if comments else []) + directives)
    title = f"::{escape(q.name)}::" if q.name else ""
    fmt = f"[{q.text_format}]" if q.text_format != "moodle" else ""
    general = f"####{escape(q.general_feedback)}" if q.general_feedback else ""
    return f"{head}{title}{fmt}{escape(q.text)} {{{_write_answers(q)}{general}}}\n"


def _fb(text: str) -> str:
    return f"#{escape(text)}" if text else ""


def _write_answers(q: ParsedQuestion) -> str:
    if q.kind == "essay":
        return ""
    if q.kind == "truefalse":
        true, false = q.choices[0], q.choices[1]
        correct, wrong = (true, false) if true.fraction > 0 else (false, true)
        feedback = (
            f"#{escape(wrong.feedback)}#{escape(correct.feedback)}"
            if (wrong.feedback or correct.feedback)
            else ""
        )
        return ("TRUE" if true.fraction > 0 else "FALSE") + feedback
    if q.kind == "numeric":
        return "#\n" + "".join(
            f"    =%{percent_text(c.fraction)}%{c.text}:{_num_text(c.tolerance or Decimal(0))}"
            f"{_fb(c.feedback)}\n"
            for c in q.choices
        )
    if q.kind == "matching":
        return "\n" + "".join(f"    ={escape(c.text)} -> {escape(c.match)}\n" for c in q.choices)
    if q.kind == "ordering":
        return "\n" + "".join(f"    ={escape(c.text)}\n" for c in q.choices)
    lines = []
    for c in q.choices:
        if q.kind == "single" and c.fraction == 1:
            prefix = "="
        elif q.kind == "short":
            prefix = "=" if c.fraction == 1 else f"=%{percent_text(c.fraction)}%"
        else:
            prefix = f"~%{percent_text(c.fraction)}%" if c.fraction else "~"
        lines.append(f"    {prefix}{escape(c.text)}{_fb(c.feedback)}\n")
    return "\n" + "".join(lines)

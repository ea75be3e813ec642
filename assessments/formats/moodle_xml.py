"""Moodle XML (docs.moodle.org/en/Moodle_XML_format): parse and write.

`<quiz>` of `<question type="category|multichoice|truefalse|shortanswer|numerical|matching|essay|ordering">`
with `<name>`, `<questiontext format>`, `<generalfeedback>`, `<defaultgrade>`, `<penalty>`, `<single>`,
`<shuffleanswers>`, `<usecase>`, `<answer fraction>` (+ `<feedback>`, `<tolerance>`), `<subquestion>` and
`<tags>`. Ordering follows qtype_ordering: answers in the right order (their fraction numbers them).
DTDs and entities are refused before parsing (no entity expansion, no external fetches)."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.formats.common import (
    DEFAULT_CATEGORY,
    ParsedChoice,
    ParsedQuestion,
    QuestionError,
    parse_decimal,
    validate,
)
from assessments.formats.gift import normalise_category

KINDS = {
    "multichoice": "single",
    "truefalse": "truefalse",
    "shortanswer": "short",
    "numerical": "numeric",
    "matching": "matching",
    "essay": "essay",
    "ordering": "ordering",
}
XML_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "truefalse": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "essay": "essay",
    "ordering": "ordering",
}
SKIPPED = {
    "description",
    "cloze",
    "multianswer",
    "calculated",
    "calculatedsimple",
    "calculatedmulti",
    "randomsamatch",
    "ddwtos",
    "gapselect",
    "ddmarker",
    "ddimageortext",
}


def _text(node, path: str = "text") -> str:
    found = node.find(path) if node is not None else None
    return (found.text or "").strip() if found is not None else ""


def _bool(node, tag: str, default: bool) -> bool:
    value = _text(node, tag).lower()
    if not value:
        return default
    return value in ("1", "true", "yes")


def parse(text: str) -> tuple[list[ParsedQuestion], list[QuestionError]]:
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        return [], [QuestionError(0, "", _("Files with a DTD or entities are not accepted."))]
    try:
        root = ET.fromstring(text)  # noqa: S314  DTDs and entities are refused above; expat fetches nothing
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        return [], [QuestionError(0, "", _("Not well-formed XML (line %(line)s).") % {"line": line})]
    if root.tag != "quiz":
        return [], [QuestionError(0, "", _("The root element must be <quiz>."))]
    questions, errors, category, position = [], [], DEFAULT_CATEGORY, 0
    for node in root.findall("question"):
        qtype = node.get("type", "")
        if qtype == "category":
            category = normalise_category(_text(node, "category/text"))
            continue
        position += 1
        if qtype not in KINDS:
            errors.append(
                QuestionError(
                    position, "", _("Question type “%(type)s” is not supported.") % {"type": qtype or "?"}
                )
            )
            continue
        try:
            question = _question(node, qtype, category, position)
        except ValueError as exc:
            errors.append(QuestionError(position, "", str(exc)))
            continue
        problems = validate(question)
        errors.extend(QuestionError(position, "", message) for message in problems)
        if not problems:
            questions.append(question)
    if not questions and not errors:
        errors.append(QuestionError(0, "", _("The file holds no questions.")))
    return questions, errors


def _decimal(node, tag: str, default: Decimal) -> Decimal:
    raw = _text(node, tag)
    if not raw:
        return default
    value = parse_decimal(raw)
    if value is None:
        raise ValueError(_("<%(tag)s> is not a number.") % {"tag": tag})
    return value


def _question(node, qtype: str, category: str, position: int) -> ParsedQuestion:
    kind = KINDS[qtype]
    if qtype == "multichoice" and not _bool(node, "single", True):
        kind = "multiple"
    question = ParsedQuestion(
        position=position,
        line=0,
        category=category,
        kind=kind,
        name=_text(node, "name/text"),
        text=_text(node, "questiontext/text"),
        text_format=(
            node.find("questiontext").get("format", "html")
            if node.find("questiontext") is not None
            else "html"
        ),
        general_feedback=_text(node, "generalfeedback/text"),
        default_mark=_decimal(node, "defaultgrade", Decimal(1)),
        penalty=_decimal(node, "penalty", Decimal(0)),
        shuffle=_bool(node, "shuffleanswers", True),
        case_sensitive=_bool(node, "usecase", False),
        tags=[(t.text or "").strip() for t in node.findall("tags/tag/text") if (t.text or "").strip()],
    )
    if kind == "matching":
        question.choices = [
            ParsedChoice(text=_text(sub), match=_text(sub, "answer/text"), fraction=Decimal(1))
            for sub in node.findall("subquestion")
        ]
    elif kind != "essay":
        question.choices = [_answer(a, kind) for a in node.findall("answer")]
    if kind == "ordering":
        question.choices = _in_order(question.choices)
    return question


def _answer(node, kind: str) -> ParsedChoice:
    raw = node.get("fraction", "0")
    fraction = parse_decimal(raw)
    if fraction is None:
        raise ValueError(_("fraction=“%(value)s” is not a number.") % {"value": raw})
    choice = ParsedChoice(
        text=_text(node),
        fraction=fraction if kind == "ordering" else fraction / 100,
        feedback=_text(node, "feedback/text"),
    )
    if kind == "numeric":
        choice.tolerance = _decimal(node, "tolerance", Decimal(0))
        number = parse_decimal(choice.text)
        if number is None:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": choice.text})
        choice.text = format(number.normalize(), "f")
    if kind == "truefalse":
        choice.text = choice.text.lower()
    return choice


def _in_order(choices: list[ParsedChoice]) -> list[ParsedChoice]:
    """qtype_ordering numbers answers 1..n in `fraction`; fall back to document order when they do not."""
    numbers = [c.fraction for c in choices]
    ordered = sorted(choices, key=lambda c: c.fraction) if len(set(numbers)) == len(numbers) else choices
    for c in ordered:
        c.fraction = Decimal(1)
    return ordered


# --- writing ----------------------------------------------------------------------------------------------


def _sub(parent, tag: str, text: str | None = None, **attrs):
    node = ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def _texted(parent, tag: str, text: str, fmt: str | None = None):
    node = _sub(parent, tag, **({"format": fmt} if fmt else {}))
    _sub(node, "text", text)
    return node


def write(questions: list[ParsedQuestion]) -> str:
    root, category = ET.Element("quiz"), None
    for q in questions:
        if q.category != category:
            category = q.category
            cat = _sub(root, "question", type="category")
            _texted(cat, "category", f"$course$/{category}")
        _write_question(root, q)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _num(value: Decimal) -> str:
    return format(Decimal(value).quantize(Decimal("0.0000001")), "f")


def _write_question(root, q: ParsedQuestion) -> None:
    node = _sub(root, "question", type=XML_TYPES[q.kind])
    _texted(node, "name", q.name)
    _texted(node, "questiontext", q.text, q.text_format)
    _texted(node, "generalfeedback", q.general_feedback, q.text_format)
    _sub(node, "defaultgrade", _num(q.default_mark))
    _sub(node, "penalty", _num(q.penalty))
    _sub(node, "hidden", "0")
    if q.kind in ("single", "multiple"):
        _sub(node, "single", "true" if q.kind == "single" else "false")
    if q.kind in ("single", "multiple", "matching", "ordering"):
        _sub(node, "shuffleanswers", "true" if q.shuffle else "false")
    if q.kind == "short":
        _sub(node, "usecase", "1" if q.case_sensitive else "0")
    if q.kind == "essay":
        _sub(node, "responseformat", "editor")
    for i, c in enumerate(q.choices, start=1):
        _write_choice(node, q, c, i)
    if q.tags:
        tags = _sub(node, "tags")
        for tag in q.tags:
            _texted(tags, "tag", tag)


def _write_choice(node, q: ParsedQuestion, c: ParsedChoice, number: int) -> None:
    if q.kind == "matching":
        sub = _texted(node, "subquestion", c.text, "html")
        _texted(sub, "answer", c.match)
        return
    fraction = str(number) if q.kind == "ordering" else _num(c.fraction * 100).rstrip("0").rstrip(".")
    answer = _sub(node, "answer", fraction=fraction, format="html")
    _sub(answer, "text", c.text)
    if q.kind == "numeric":
        _sub(answer, "tolerance", _num(c.tolerance or Decimal(0)))
    _texted(answer, "feedback", c.feedback, "html")

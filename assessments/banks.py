"""Writes for question banks: GIFT / Moodle XML import (all or nothing, idempotent) and export, question
corrections with regrade. Atomic and audited."""

import re
from dataclasses import dataclass, fields
from dataclasses import field as dc_field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from assessments import permissions
from assessments.formats import gift, moodle_xml
from assessments.formats.common import (
    ParsedChoice,
    ParsedQuestion,
    QuestionError,
    decode,
    guess_format,
    parse_decimal,
    validate,
)
from assessments.formats.gift import normalise_category
from assessments.models import (
    LANGUAGES,
    Category,
    Choice,
    Question,
    QuestionBank,
    QuestionKind,
    QuestionTag,
)
from lms.audit import audit_record
from lms.errors import ApplicationError
from lms.importing import ImportReport

FORMATS = {"gift": gift, "xml": moodle_xml}
MAX_TEXT = 20_000
COMPARED = [f.name for f in fields(ParsedQuestion) if f.name not in ("position", "line")]


def _check_options(fmt: str | None, language: str | None) -> None:
    if fmt and fmt not in FORMATS:
        raise ApplicationError("bad_format", _("Format must be gift or xml."), extra={"field": "format"})
    if language and language not in LANGUAGES:
        raise ApplicationError(
            "bad_language", _("Language must be one of kk, ru, en."), extra={"field": "language"}
        )


def _bank_or_new(*, code: str, actor, course=None, title: str = "") -> QuestionBank:
    """The actor's existing bank, or a new unsaved one the actor may create; refusals as ApplicationError."""
    bank = QuestionBank.objects.filter(code=code).first()
    if bank is not None:
        permissions.require_bank(actor, bank)
        return bank
    if actor is not None and not permissions.is_faculty(actor):
        raise ApplicationError(
            "not_allowed", _("Only faculty and administrators create question banks."), http_status=403
        )
    bank = QuestionBank(code=code, course=course, title_ru=title)
    try:
        bank.full_clean(exclude=["course", "owners"])
    except Exception:
        raise ApplicationError(
            "bad_code", _("A bank code is letters, digits, “.”, “_” or “-”."), extra={"field": "bank"}
        ) from None
    return bank


def bank_get_or_create(*, code: str, actor, course=None, title: str = "") -> QuestionBank:
    bank = _bank_or_new(code=code, actor=actor, course=course, title=title)
    if bank.pk is not None:
        return bank
    bank.save()
    if getattr(actor, "is_authenticated", False):
        bank.owners.add(actor)
    audit_record(actor=actor, action="assessments.bank.create", obj=bank, summary=code)
    return bank


def bank_import_check(*, bank_code: str, actor, fmt: str | None = None, language: str | None = None) -> None:
    """What bank_import refuses before it reads the file (the options, another's bank, a bank the actor may
    not create), for a page or the API about to queue a large file: refused at upload, not by the worker."""
    _check_options(fmt, language)
    _bank_or_new(code=bank_code, actor=actor)


_XML_QUESTION = re.compile(rb"<question[\s>]")
_XML_CATEGORY = re.compile(rb"""<question\s[^>]*type\s*=\s*["']category["']""")


def question_count(content: bytes, fmt: str | None = None) -> int:
    """The questions of a GIFT or Moodle XML file, counted without parsing them: for XML the <question>
    elements that are not categories, for GIFT the blank-line separated blocks that are not $CATEGORY lines
    (comments skipped). Decides whether an upload runs as an import job (lms.import_jobs.is_large)."""
    text = decode(content)
    if (fmt or guess_format(text)) == "xml":
        return len(_XML_QUESTION.findall(content)) - len(_XML_CATEGORY.findall(content))
    return sum(
        1 for _line, lines, _comments in gift.blocks(text) if not lines[0].strip().startswith("$CATEGORY:")
    )


def upload_size_error(size: int) -> str | None:
    """Why a question file of `size` bytes is refused at upload (page and API, before it is read), in the
    active language; None when it fits QUESTION_UPLOAD_MAX_BYTES."""
    limit = settings.QUESTION_UPLOAD_MAX_BYTES
    if size <= limit:
        return None
    return _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}


def parse_file(
    content: bytes, fmt: str | None = None
) -> tuple[str, list[ParsedQuestion], list[QuestionError]]:
    from courses.sanitize import clean_html

    text = decode(content)
    fmt = fmt or guess_format(text)
    questions, errors = FORMATS[fmt].parse(text)
    for (
        q
    ) in questions:  # HTML texts are shown as HTML: sanitised like the editor's (before keys and compares)
        if q.text_format == "html":
            q.text, q.general_feedback = clean_html(q.text), clean_html(q.general_feedback)
    return fmt, questions, errors


def _assign_keys(questions: list[ParsedQuestion]) -> list[str]:
    """The title/name within its category; a content hash when unnamed or when the name repeats."""
    counts: dict[tuple[str, str], int] = {}
    for q in questions:
        counts[(q.category, q.name)] = counts.get((q.category, q.name), 0) + 1
    return [
        q.name[:255] if q.name and counts[(q.category, q.name)] == 1 else f"#{q.content_hash()}"
        for q in questions
    ]


class _Rollback(Exception):
    pass


def bank_import(
    *,
    bank_code: str,
    content: bytes,
    actor,
    fmt: str | None = None,
    language: str | None = None,
    dry_run: bool = False,
    progress=None,
    filename: str = "",
) -> ImportReport:
    """Create or update (by key within category) the questions of a GIFT or Moodle XML file. All or
    nothing: any error writes nothing. Text goes to the `language` columns (guessed per question when not
    given: Kazakh letters → kk, Cyrillic → ru, else en); the other languages are kept.
    Also the importer of the "questions" import job (lms.import_jobs); `filename` goes to the audit entry."""
    _check_options(fmt, language)
    fmt, parsed, errors = parse_file(content, fmt)
    report = ImportReport(layout=fmt, errors=list(errors), dry_run=dry_run)
    keys = _assign_keys(parsed)
    seen = set()
    for q, key in zip(parsed, keys, strict=True):
        if (q.category, key) in seen:
            report.errors.append(
                QuestionError(q.position, "", _("The same question appears twice."), line=q.line)
            )
        seen.add((q.category, key))
    if report.errors:
        return report
    try:
        with transaction.atomic():
            bank = bank_get_or_create(code=bank_code, actor=actor)
            changed = _upsert(bank, parsed, keys, language, report, progress)
            if dry_run:
                raise _Rollback
            audit_record(
                actor=actor,
                action="assessments.bank.import",
                obj=bank,
                summary=f"{bank.code}: {report.summary_line()}",
                after={
                    "format": fmt,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    **({"filename": filename} if filename else {}),
                },
            )
            if changed:
                from assessments.regrade import regrade_questions

                regrade_questions(question_ids=changed, actor=actor, reason=_("corrected by import"))
    except _Rollback:
        pass
    return report


def _categories(bank: QuestionBank, paths: set[str]) -> dict[str, Category]:
    """Get or create every category on the given paths (parents first)."""
    existing = {c.path: c for c in bank.categories.all()}
    for path in sorted(paths, key=lambda p: p.count("/")):
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub not in existing:
                parent = existing.get("/".join(parts[: depth - 1])) if depth > 1 else None
                existing[sub] = Category.objects.create(
                    bank=bank, parent=parent, name=parts[depth - 1], path=sub
                )
    return existing


def _upsert(bank, parsed, keys, language, report, progress) -> list[int]:
    categories = _categories(bank, {q.category for q in parsed})
    existing = {
        (q.category_id, q.key): q for q in Question.objects.filter(bank=bank).prefetch_related("choices")
    }
    changed = []
    for n, (q, key) in enumerate(zip(parsed, keys, strict=True), start=1):
        lang = language or q.language_guess()
        category = categories[q.category]
        current = existing.get((category.pk, key))
        if current is None:
            _create_question(bank, category, key, q, lang)
            report.created += 1
        elif to_parsed(current, lang, list(current.choices.all()), category=q.category) == _comparable(q):
            report.unchanged += 1
        else:
            _update_question(current, q, lang)
            changed.append(current.pk)
            report.updated += 1
        if progress:
            progress(n, len(parsed))
    return changed


def _comparable(q: ParsedQuestion) -> dict:
    return {name: getattr(q, name) for name in COMPARED}


def _question_values(q: ParsedQuestion, lang: str) -> dict:
    return {
        "name": q.name[:255],
        "kind": q.kind,
        "text_format": q.text_format,
        f"text_{lang}": q.text,
        f"general_feedback_{lang}": q.general_feedback,
        "default_mark": q.default_mark,
        "penalty": q.penalty,
        "shuffle": q.shuffle,
        "case_sensitive": q.case_sensitive,
        "tags": q.tags,
    }


def _choice_values(c: ParsedChoice, lang: str) -> dict:
    return {
        f"text_{lang}": c.text,
        f"match_{lang}": c.match,
        f"feedback_{lang}": c.feedback,
        "fraction": c.fraction,
        "tolerance": c.tolerance,
    }


def _create_question(bank, category, key, q: ParsedQuestion, lang: str) -> Question:
    question = Question.objects.create(bank=bank, category=category, key=key, **_question_values(q, lang))
    Choice.objects.bulk_create(
        [Choice(question=question, position=i, **_choice_values(c, lang)) for i, c in enumerate(q.choices)]
    )
    _sync_tags(question)
    return question


def _update_question(question: Question, q: ParsedQuestion, lang: str) -> None:
    """In place, choices matched by position (their ids stay, so saved responses keep their meaning)."""
    for name, value in _question_values(q, lang).items():
        setattr(question, name, value)
    question.version += 1
    question.save()
    current = {c.position: c for c in question.choices.all()}
    for i, parsed in enumerate(q.choices):
        choice = current.pop(i, None) or Choice(question=question, position=i)
        for name, value in _choice_values(parsed, lang).items():
            setattr(choice, name, value)
        choice.save()
    Choice.objects.filter(pk__in=[c.pk for c in current.values()]).delete()
    _sync_tags(question)


def _sync_tags(question: Question) -> None:
    """Tag rows for the random draw; `competency:CODE` and `level:N` tags also set those fields."""
    tags = sorted({t.strip().lower() for t in question.tags if t.strip()})
    QuestionTag.objects.filter(question=question).exclude(tag__in=tags).delete()
    QuestionTag.objects.bulk_create(
        [QuestionTag(question=question, tag=t) for t in tags], ignore_conflicts=True
    )
    _link_competency(question, tags)


def _link_competency(question: Question, tags: list[str]) -> None:
    from competency_framework.selectors import primary_framework

    code = next((t.split(":", 1)[1] for t in tags if t.startswith("competency:")), None)
    level = next((t.split(":", 1)[1] for t in tags if t.startswith("level:")), None)
    framework = primary_framework() if code else None
    competency = framework.competencies.filter(idnumber=code.upper()).first() if framework else None
    level_value = int(level) if level and level.isdigit() else None
    if (question.competency_id, question.level) != (getattr(competency, "pk", None), level_value):
        question.competency, question.level = competency, level_value
        question.save(update_fields=["competency", "level"])


def to_parsed(question: Question, lang: str, choices: list[Choice], *, category: str) -> dict:
    """The comparable shape of a stored question in one language (what an export of it would say)."""
    return _comparable(question_as_parsed(question, lang, choices, category=category))


def _pick(obj, field: str, lang: str | None) -> str:
    if lang:
        return getattr(obj, f"{field}_{lang}")
    for candidate in ("ru", "kk", "en"):
        if getattr(obj, f"{field}_{candidate}"):
            return getattr(obj, f"{field}_{candidate}")
    return ""


def question_as_parsed(
    question: Question, lang: str | None, choices: list[Choice], *, category: str, position: int = 0
) -> ParsedQuestion:
    if lang is None:  # the question's own language: the first filled text, per question
        lang = next((code for code in ("ru", "kk", "en") if getattr(question, f"text_{code}")), "ru")
    return ParsedQuestion(
        position=position,
        line=0,
        category=category,
        kind=question.kind,
        name=question.name,
        text=_pick(question, "text", lang),
        text_format=question.text_format,
        general_feedback=_pick(question, "general_feedback", lang),
        default_mark=Decimal(question.default_mark),
        penalty=Decimal(question.penalty),
        shuffle=question.shuffle,
        case_sensitive=question.case_sensitive,
        tags=list(question.tags),
        choices=[
            ParsedChoice(
                text=_pick(c, "text", lang),
                fraction=Decimal(c.fraction).normalize(),
                feedback=_pick(c, "feedback", lang),
                match=_pick(c, "match", lang),
                tolerance=None if c.tolerance is None else Decimal(c.tolerance).normalize(),
            )
            for c in sorted(choices, key=lambda c: c.position)
        ],
    )


def bank_export(*, bank: QuestionBank, actor, fmt: str = "gift", language: str | None = None) -> str:
    """A GIFT or Moodle XML text that bank_import reads back to the same questions."""
    _check_options(fmt, language)
    permissions.require_bank(actor, bank)
    questions = (
        Question.objects.filter(bank=bank, is_active=True)
        .select_related("category")
        .prefetch_related("choices")
        .order_by("category__path", "id")
    )
    parsed = [
        question_as_parsed(q, language, list(q.choices.all()), category=q.category.path, position=i)
        for i, q in enumerate(questions, start=1)
    ]
    return FORMATS[fmt].write(parsed)


# --- questions edited in the product -------------------------------------------------------------------------


@dataclass
class ChoiceInput:
    """One answer in the three languages (dicts by language code). Numeric: `text` holds the number."""

    text: dict[str, str] = dc_field(default_factory=dict)
    match: dict[str, str] = dc_field(default_factory=dict)
    feedback: dict[str, str] = dc_field(default_factory=dict)
    fraction: Decimal = Decimal(0)
    tolerance: Decimal | None = None


@dataclass
class QuestionInput:
    """A question as the editing page sends it: texts and general feedback are HTML (the rich-text editor),
    sanitised here; answers are plain text."""

    kind: str
    category: str
    name: str = ""
    text: dict[str, str] = dc_field(default_factory=dict)
    general_feedback: dict[str, str] = dc_field(default_factory=dict)
    default_mark: Decimal = Decimal(1)
    shuffle: bool = True
    case_sensitive: bool = False
    tags: list[str] = dc_field(default_factory=list)
    choices: list[ChoiceInput] = dc_field(default_factory=list)


def _first(values: dict[str, str]) -> str:
    return next((values[lang] for lang in ("ru", "kk", "en") if values.get(lang, "").strip()), "")


def _clean_input(data: QuestionInput) -> QuestionInput:
    from courses.sanitize import clean_html, html_to_text

    def html(value: str) -> str:
        cleaned = clean_html(value[:MAX_TEXT])
        return cleaned if html_to_text(cleaned) or "<img" in cleaned else ""  # an emptied editor: no text

    def plain(values):
        return {lang: (values.get(lang) or "").strip()[:MAX_TEXT] for lang in LANGUAGES}

    def rich(values):
        return {lang: html(values.get(lang) or "") for lang in LANGUAGES}

    return QuestionInput(
        kind=data.kind,
        category=normalise_category(data.category or ""),
        name=(data.name or "").strip()[:255],
        text=rich(data.text),
        general_feedback=rich(data.general_feedback),
        default_mark=data.default_mark,
        shuffle=data.shuffle,
        case_sensitive=data.case_sensitive,
        tags=sorted({t.strip().lower()[:100] for t in data.tags if t.strip()}),
        choices=[
            ChoiceInput(
                text=plain(c.text),
                match=plain(c.match),
                feedback=plain(c.feedback),
                fraction=Decimal(c.fraction),
                tolerance=c.tolerance,
            )
            for c in data.choices
        ],
    )


def question_problems(data: QuestionInput) -> list[str]:
    """The import's rules (formats.common.validate) applied to the edited question, each language falling
    back to the others as the pages do; plus what a form cannot know: the kind and numeric answers."""
    from courses.sanitize import html_to_text

    if data.kind not in QuestionKind.values:
        return [_("Unknown question kind.")]
    if len(data.category) > 1000 or any(len(part) > 200 for part in data.category.split("/")):
        return [_("A category name is at most 200 characters, its path at most 1000.")]
    parsed = ParsedQuestion(
        position=0,
        line=0,
        category=data.category,
        kind=data.kind,
        text=next((t for t in (html_to_text(data.text[lang]) for lang in ("ru", "kk", "en")) if t), ""),
        default_mark=data.default_mark,
        case_sensitive=data.case_sensitive,
        choices=[
            ParsedChoice(
                text=_first(c.text), match=_first(c.match), fraction=c.fraction, tolerance=c.tolerance
            )
            for c in data.choices
        ],
    )
    problems = validate(parsed)
    if data.kind == QuestionKind.NUMERIC and any(parse_decimal(_first(c.text)) is None for c in data.choices):
        problems.append(_("A numeric answer must be a number."))
    if data.kind == QuestionKind.TRUE_FALSE and sorted(c.fraction for c in data.choices) != [0, 1]:
        problems.append(_("A true/false question needs one right answer."))
    if data.kind == QuestionKind.ESSAY and data.choices:
        problems.append(_("An essay has no answers to choose from."))
    if data.default_mark <= 0:
        problems.append(_("The mark must be above zero."))
    return problems


def _grading_shape(question: Question, choices: list[Choice]) -> list:
    """What grading reads: the mark, the case rule, and per answer its weight, tolerance and (where the kind
    compares texts or orders items) its texts. Equal shapes grade every response equally."""
    texts = question.kind in (QuestionKind.SHORT, QuestionKind.NUMERIC, QuestionKind.ORDERING)
    matches = question.kind == QuestionKind.MATCHING
    return [
        Decimal(question.default_mark),
        question.case_sensitive,
        [
            (
                c.position,
                Decimal(c.fraction).normalize(),
                None if c.tolerance is None else Decimal(c.tolerance).normalize(),
                (c.text_kk, c.text_ru, c.text_en) if texts or matches else None,
                (c.match_kk, c.match_ru, c.match_en) if matches else None,
            )
            for c in sorted(choices, key=lambda c: c.position)
        ],
    ]


def _shape_value(value) -> str:
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, list):
        return str(sorted(value))
    return str(value)


def _content_shape(question: Question, choices: list[Choice]) -> dict:
    names = ["name", "category_id", "default_mark", "shuffle", "case_sensitive", "tags", "text_format"]
    names += [f"{f}_{lang}" for f in ("text", "general_feedback") for lang in LANGUAGES]
    shape = {n: _shape_value(getattr(question, n)) for n in names}
    shape["choices"] = [
        [str(getattr(c, f"{f}_{lang}")) for f in ("text", "match", "feedback") for lang in LANGUAGES]
        + [_shape_value(Decimal(c.fraction)), _shape_value(c.tolerance)]
        for c in sorted(choices, key=lambda c: c.position)
    ]
    return shape


def _refuse(problems: list[str]) -> ApplicationError:
    return ApplicationError("invalid_question", " ".join(problems), extra={"problems": problems})


def _apply(question: Question, data: QuestionInput) -> None:
    question.name = data.name
    question.text_format = "html"
    for lang in LANGUAGES:
        setattr(question, f"text_{lang}", data.text[lang])
        setattr(question, f"general_feedback_{lang}", data.general_feedback[lang])
    question.default_mark = data.default_mark
    question.shuffle = data.shuffle
    question.case_sensitive = data.case_sensitive
    question.tags = data.tags


def _choice_fields(choice: Choice, data: ChoiceInput, kind: str) -> None:
    for lang in LANGUAGES:
        # a number and true/false are the same in every language
        text = (
            _first(data.text) if kind in (QuestionKind.NUMERIC, QuestionKind.TRUE_FALSE) else data.text[lang]
        )
        setattr(choice, f"text_{lang}", text)
        setattr(choice, f"match_{lang}", data.match[lang])
        setattr(choice, f"feedback_{lang}", data.feedback[lang])
    choice.fraction = data.fraction
    choice.tolerance = (data.tolerance or Decimal(0)) if kind == QuestionKind.NUMERIC else None


def _save_category_and_key(question: Question, bank: QuestionBank, data: QuestionInput) -> None:
    question.category = _categories(bank, {data.category})[data.category]
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        raise ApplicationError(
            "question_exists",
            _("This category already has a question with this name."),
            extra={"field": "name"},
        ) from None


@transaction.atomic
def question_create(*, bank: QuestionBank, actor, data: QuestionInput) -> Question:
    """A new question in the bank, written in the editor (text format HTML, sanitised). Its key is its name
    when given (as an import's title), else a hash of its content."""
    permissions.require_bank(actor, bank)
    data = _clean_input(data)
    problems = question_problems(data)
    if problems:
        raise _refuse(problems)
    question = Question(bank=bank, kind=data.kind)
    _apply(question, data)
    choices = []
    for i, c in enumerate(data.choices):
        choice = Choice(position=i)
        _choice_fields(choice, c, data.kind)
        choices.append(choice)
    parsed = question_as_parsed(question, None, choices, category=data.category)
    question.key = data.name or f"#{parsed.content_hash()}"
    _save_category_and_key(question, bank, data)
    for choice in choices:
        choice.question = question
    Choice.objects.bulk_create(choices)
    _sync_tags(question)
    audit_record(
        actor=actor,
        action="assessments.question.create",
        obj=question,
        summary=f"{bank.code}: {question.key}",
        after=_content_shape(question, choices),
    )
    return question


@dataclass
class QuestionSaved:
    question: Question
    changed: bool
    regraded: bool
    attempts_changed: int


@transaction.atomic
def question_update(*, question: Question, actor, data: QuestionInput) -> QuestionSaved:
    """Correct a question in place: choices matched by position keep their ids (saved responses keep their
    meaning), the version goes up on any change, and a change that grading reads (mark, case rule, weights,
    tolerances, accepted texts, pairs, order) regrades every finished attempt holding the question through
    assessments.regrade (recorded per attempt). The kind cannot change: add a new question instead."""
    question = Question.objects.select_for_update().select_related("bank", "category").get(pk=question.pk)
    permissions.require_bank(actor, question.bank)
    data = _clean_input(data)
    if data.kind != question.kind:
        raise ApplicationError(
            "kind_fixed", _("The kind of a question cannot change; add a new question instead.")
        )
    problems = question_problems(data)
    if problems:
        raise _refuse(problems)
    current = list(question.choices.order_by("position"))
    before, grading_before = _content_shape(question, current), _grading_shape(question, current)
    _apply(question, data)
    by_position = {c.position: c for c in current}
    choices = []
    for i, c in enumerate(data.choices):
        choice = by_position.pop(i, None) or Choice(question=question, position=i)
        _choice_fields(choice, c, data.kind)
        choices.append(choice)
    question.category = _categories(question.bank, {data.category})[data.category]
    after = _content_shape(question, choices)
    if after == before:
        return QuestionSaved(question, changed=False, regraded=False, attempts_changed=0)
    question.version += 1
    _save_category_and_key(question, question.bank, data)
    Choice.objects.filter(pk__in=[c.pk for c in by_position.values()]).delete()
    for choice in choices:
        choice.save()
    _sync_tags(question)
    audit_record(
        actor=actor,
        action="assessments.question.update",
        obj=question,
        summary=f"{question.bank.code}: {question.key} v{question.version}",
        before=before,
        after=after,
    )
    regraded, attempts_changed = False, 0
    if _grading_shape(question, choices) != grading_before:
        from assessments.regrade import regrade_questions

        attempts_changed = regrade_questions(
            question_ids=[question.pk], actor=actor, reason=_("corrected in the question editor")
        )
        regraded = True
    return QuestionSaved(question, changed=True, regraded=regraded, attempts_changed=attempts_changed)

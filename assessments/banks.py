"""Writes for question banks: GIFT / Moodle XML import (all or nothing, idempotent) and export, question
corrections with regrade. Atomic and audited."""

from dataclasses import fields
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from assessments import permissions
from assessments.formats import gift, moodle_xml
from assessments.formats.common import (
    ParsedChoice,
    ParsedQuestion,
    QuestionError,
    decode,
    guess_format,
)
from assessments.models import LANGUAGES, Category, Choice, Question, QuestionBank, QuestionTag
from lms.audit import audit_record
from lms.errors import ApplicationError
from lms.importing import ImportReport

FORMATS = {"gift": gift, "xml": moodle_xml}
COMPARED = [f.name for f in fields(ParsedQuestion) if f.name not in ("position", "line")]


def _check_options(fmt: str | None, language: str | None) -> None:
    if fmt and fmt not in FORMATS:
        raise ApplicationError("bad_format", _("Format must be gift or xml."), extra={"field": "format"})
    if language and language not in LANGUAGES:
        raise ApplicationError(
            "bad_language", _("Language must be one of kk, ru, en."), extra={"field": "language"}
        )


def bank_get_or_create(*, code: str, actor, course=None, title: str = "") -> QuestionBank:
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
    bank.save()
    if getattr(actor, "is_authenticated", False):
        bank.owners.add(actor)
    audit_record(actor=actor, action="assessments.bank.create", obj=bank, summary=code)
    return bank


def parse_file(
    content: bytes, fmt: str | None = None
) -> tuple[str, list[ParsedQuestion], list[QuestionError]]:
    text = decode(content)
    fmt = fmt or guess_format(text)
    questions, errors = FORMATS[fmt].parse(text)
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
) -> ImportReport:
    """Create or update (by key within category) the questions of a GIFT or Moodle XML file. All or
    nothing: any error writes nothing. Text goes to the `language` columns (guessed per question when not
    given: Kazakh letters → kk, Cyrillic → ru, else en); the other languages are kept."""
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

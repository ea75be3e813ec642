"""Lesson kinds as a registry: kind -> LessonKind (label + validator + what it needs). A new kind (quizzes
come later) registers itself here; no model change is needed because Lesson.kind takes its choices from
this registry."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.sanitize import clean_html

FILE_EXTENSIONS = ("pdf", "docx", "doc", "xlsx", "xls", "pptx", "ppt", "odt", "ods", "odp", "txt", "csv",
                   "png", "jpg", "jpeg", "zip")
HTTP_URL = URLValidator(schemes=["http", "https"])


def file_max_bytes() -> int:
    return getattr(settings, "COURSE_FILE_MAX_BYTES", 50 * 1024 * 1024)


@dataclass(frozen=True)
class LessonKind:
    code: str
    label: object  # lazy translated string
    # Validate and normalise a lesson of this kind in place; raise ValidationError({field: message}).
    clean: Callable[[object], None]
    completion_rules: tuple[str, ...] = ("viewed", "marked")


REGISTRY: dict[str, LessonKind] = {}


def register(kind: LessonKind) -> LessonKind:
    REGISTRY[kind.code] = kind
    return kind


def lesson_kind_choices() -> list[tuple[str, object]]:
    return [(k.code, k.label) for k in REGISTRY.values()]


def get_kind(code: str) -> LessonKind:
    try:
        return REGISTRY[code]
    except KeyError:
        raise ValidationError({"kind": _("Unknown lesson kind: %(kind)s.") % {"kind": code}}) from None


def _clean_text(lesson) -> None:
    for lang in ("kk", "ru", "en"):
        setattr(lesson, f"body_{lang}", clean_html(getattr(lesson, f"body_{lang}", "")))


def _clean_video(lesson) -> None:
    if not lesson.video_id:
        raise ValidationError({"video": _("A video lesson needs a video.")})
    _clean_text(lesson)  # optional notes under the player


def _clean_file(lesson) -> None:
    file = lesson.file
    if not file:
        raise ValidationError({"file": _("A file lesson needs a file.")})
    ext = PurePosixPath(file.name).suffix.lower().lstrip(".")
    if ext not in FILE_EXTENSIONS:
        raise ValidationError({"file": _("Files of type “%(ext)s” are not accepted. Allowed: %(allowed)s.")
                               % {"ext": ext or "?", "allowed": ", ".join(FILE_EXTENSIONS)}})
    size = getattr(file, "size", None)
    if size is not None and size > file_max_bytes():
        raise ValidationError({"file": _("The file is larger than %(mb)d MB.") % {"mb": file_max_bytes() // 2**20}})
    _clean_text(lesson)


def _clean_link(lesson) -> None:
    url = (lesson.url or "").strip()
    try:
        HTTP_URL(url)
    except ValidationError:
        raise ValidationError({"url": _("Enter a valid web address starting with http:// or https://.")}) from None
    lesson.url = url
    _clean_text(lesson)


register(LessonKind("text", gettext_lazy("text"), _clean_text))
register(LessonKind("video", gettext_lazy("video"), _clean_video, ("viewed", "marked", "video_share")))
register(LessonKind("file", gettext_lazy("file"), _clean_file))
register(LessonKind("link", gettext_lazy("external link"), _clean_link))

"""Subtitles: SRT -> WebVTT conversion, WebVTT validation (header, timing format, ordered cues) and the
plain transcript text (cues without timing or markup) stored for search."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_TIME = r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIME}\s+-->\s+{_TIME}(?:\s+.*)?$")
_TAGS = re.compile(r"<[^>]+>")
MAX_BYTES = 2 * 1024 * 1024


class SubtitleError(ValueError):
    pass


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def _seconds(h, m, s, ms) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise SubtitleError(_("The subtitle file is too large (at most 2 MB)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubtitleError(_("The subtitle file must be UTF-8 text.")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def parse_vtt(text: str, *, duration: float | None = None) -> list[Cue]:
    """Validate WebVTT and return its cues; raise SubtitleError naming the first problem."""
    blocks = _blocks(text)
    if not blocks or not re.match(r"^WEBVTT(?:[ \t].*)?$", blocks[0][0]):
        raise SubtitleError(_("A WebVTT file must start with the line “WEBVTT”."))
    cues, previous_start = [], 0.0
    for block in blocks[1:]:
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        lines = block[1:] if "-->" not in block[0] else block
        if not lines or "-->" not in lines[0]:
            raise SubtitleError(_("Cue “%(cue)s” has no timing line.") % {"cue": block[0][:40]})
        cues.append(_cue(lines, previous_start, duration))
        previous_start = cues[-1].start
    if not cues:
        raise SubtitleError(_("The subtitle file has no cues."))
    return cues


def _cue(lines: list[str], previous_start: float, duration: float | None) -> Cue:
    match = _TIMING.match(lines[0].strip())
    if not match:
        raise SubtitleError(_("Bad timing line “%(line)s” (expected 00:00:01.000 --> 00:00:04.000).")
                            % {"line": lines[0][:60]})
    start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
    if end <= start:
        raise SubtitleError(_("Cue at %(at)s ends before it starts.") % {"at": _stamp(start)})
    if start < previous_start:
        raise SubtitleError(_("Cue at %(at)s is out of order (cues must be sorted by start time).")
                            % {"at": _stamp(start)})
    if duration is not None and start > duration + 1:
        raise SubtitleError(_("Cue at %(at)s starts after the end of the video.") % {"at": _stamp(start)})
    text = "\n".join(lines[1:]).strip()
    if not text:
        raise SubtitleError(_("Cue at %(at)s has no text.") % {"at": _stamp(start)})
    return Cue(start, end, text)


def srt_to_vtt(text: str) -> str:
    """SubRip to WebVTT: drop the counters, comma -> dot in timings, add the header."""
    out = ["WEBVTT", ""]
    for block in _blocks(text):
        lines = block[1:] if block[0].strip().isdigit() else block
        if not lines or "-->" not in lines[0]:
            raise SubtitleError(_("SRT block “%(block)s” has no timing line.") % {"block": block[0][:40]})
        timing = re.sub(r"(\d\d:\d\d:\d\d),(\d{3})", r"\1.\2", lines[0].strip())
        out += [timing, *lines[1:], ""]
    return "\n".join(out)


def to_vtt(raw: bytes, filename: str, *, duration: float | None = None) -> tuple[str, list[Cue]]:
    """Uploaded SRT or VTT bytes -> (normalised WebVTT text, cues)."""
    text = decode(raw)
    if filename.lower().endswith(".srt") or not text.lstrip().startswith("WEBVTT"):
        if not filename.lower().endswith(".srt"):
            raise SubtitleError(_("A WebVTT file must start with the line “WEBVTT”."))
        text = srt_to_vtt(text)
    cues = parse_vtt(text, duration=duration)
    return render_vtt(cues), cues


def render_vtt(cues: list[Cue]) -> str:
    body = "\n\n".join(f"{_stamp(c.start)} --> {_stamp(c.end)}\n{c.text}" for c in cues)
    return f"WEBVTT\n\n{body}\n"


def transcript_text(cues: list[Cue]) -> str:
    return " ".join(_TAGS.sub("", c.text).replace("\n", " ").strip() for c in cues)


def thumbnails_vtt(*, count: int, interval: float, duration: float, sprite: str, width: int, height: int,
                   columns: int) -> str:
    """The scrubbing track: one cue per sprite tile, `sprite.jpg#xywh=x,y,w,h`."""
    cues = []
    for i in range(count):
        start, end = i * interval, min(duration, (i + 1) * interval)
        if end <= start:
            break
        x, y = (i % columns) * width, (i // columns) * height
        cues.append(f"{_stamp(start)} --> {_stamp(end)}\n{sprite}#xywh={x},{y},{width},{height}")
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"

"""The catalogues of locale/ declare their language's plural forms and fill every one of them (issue 14):
Russian three forms, Kazakh two; a missing or empty form falls back to English at run time."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"
NPLURALS = {"ru": 3, "kk": 2, "en": 2}


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_plural_entry_has_every_form(lang):
    po = catalogue(lang)
    declared = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    assert declared == NPLURALS[lang]
    entries = [e for e in po if e.msgid_plural and not e.obsolete]
    assert entries, "no plural entries found"
    bad = [
        e.msgid
        for e in entries
        if sorted(e.msgstr_plural) != list(range(declared))
        or not all(v.strip() for v in e.msgstr_plural.values())
        or "fuzzy" in e.flags
    ]
    assert not bad, f"{lang}: plural entries lacking a form: {bad}"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_placeholders_survive_translation(lang):
    """Each form keeps the msgid's %(name)s placeholders (a lost one raises KeyError while rendering)."""
    bad = []
    for e in catalogue(lang):
        if e.obsolete or "fuzzy" in e.flags or not (e.msgstr or e.msgstr_plural):  # fuzzy: unused at run time
            continue
        wanted = set(re.findall(r"%\((\w+)\)[sd]", e.msgid))
        for text in e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]:
            if text and set(re.findall(r"%\((\w+)\)[sd]", text)) - wanted:
                bad.append(e.msgid)
    assert not bad, bad


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 академический час"),
        (4, "4 академических часа"),
        (11, "11 академических часов"),
        (21, "21 академический час"),
        (25, "25 академических часов"),
        (102, "102 академических часа"),
    ],
)
def test_russian_hours_agree_with_the_number(n, text):
    with translation.override("ru"):
        assert translation.ngettext("%(n)s academic hour", "%(n)s academic hours", n) % {"n": n} == text


def test_kazakh_count_does_not_fall_back_to_english():
    with translation.override("kk"):
        assert (
            translation.ngettext("%(n)s course found", "%(n)s courses found", 40) % {"n": 40}
            == "40 курс табылды"
        )

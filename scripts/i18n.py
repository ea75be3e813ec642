"""Translation workflow helper (polib).

  python scripts/i18n.py todo LANG OUT.json    # untranslated or fuzzy entries of locale/LANG as {msgid: ""}
  python scripts/i18n.py apply LANG IN.json    # write translations back (plural forms: a list of strings)
  python scripts/i18n.py stats                 # translated / total per language

Keys of the JSON are the msgid; for plural entries the key is "msgid\\u0000msgid_plural"."""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def _po(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))


def _key(entry) -> str:
    return f"{entry.msgid}\u0000{entry.msgid_plural}" if entry.msgid_plural else entry.msgid


def todo(lang: str, out: str) -> None:
    po = _po(lang)
    pending = {}
    for e in po:
        if e.obsolete:
            continue
        done = all(e.msgstr_plural.values()) if e.msgid_plural else bool(e.msgstr)
        if not done or "fuzzy" in e.flags:
            pending[_key(e)] = [] if e.msgid_plural else ""
    Path(out).write_text(json.dumps(pending, ensure_ascii=False, indent=1))
    print(f"{len(pending)} entries to translate -> {out}")


def apply(lang: str, src: str) -> None:
    po = _po(lang)
    translations = json.loads(Path(src).read_text())
    n = 0
    for e in po:
        value = translations.get(_key(e))
        if not value:
            continue
        if e.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            count = len(e.msgstr_plural) or 2
            e.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
        else:
            e.msgstr = value
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
        n += 1
    po.save()
    po.save_as_mofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.mo"))
    print(f"{n} entries written to locale/{lang}")


def stats() -> None:
    for lang in ("kk", "ru", "en"):
        po = _po(lang)
        print(f"{lang}: {po.percent_translated()}% translated, {len(po.untranslated_entries())} untranslated, "
              f"{len(po.fuzzy_entries())} fuzzy")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"todo": todo, "apply": apply, "stats": stats}[command](*args)

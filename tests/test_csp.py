"""Finding 11 of issue 15: a strict Content-Security-Policy (django-csp): scripts from this site only, and no
inline script left in the templates."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_pages_carry_a_strict_policy(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy


def test_no_inline_scripts_in_templates():
    inline = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        inline += [f"{path}: {m.group(0)}" for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text)]
        inline += [f"{path}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+=\"", text)]
    assert inline == []

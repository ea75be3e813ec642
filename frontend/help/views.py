"""Help pages rendered from the same markdown files as docs/ (one source): the import formats and the
analytics file's layout. markdown-it-py in CommonMark mode with raw HTML off, so a document cannot inject
markup; tables enabled for the column lists."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

DOCS = Path(settings.BASE_DIR) / "docs"
PAGES = {  # slug -> (file under docs/, title)
    "ekyzmet-format": ("ekyzmet-format.md", _("E-kyzmet import format")),
    "competency-framework": ("competency-framework.md", _("Competency framework import format")),
    "analytics": ("analytics.md", _("Analytics file layout")),
}


@lru_cache(maxsize=len(PAGES))
def _html(filename: str, mtime: float) -> str:  # mtime in the key: an edited file renders anew
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    return parser.render((DOCS / filename).read_text(encoding="utf-8"))


def rendered(slug: str) -> str:
    filename, _title = PAGES[slug]
    return _html(filename, (DOCS / filename).stat().st_mtime)


@login_required
def page(request, slug: str):
    if slug not in PAGES:
        raise Http404
    return render(request, "frontend/help/page.html", {
        "title": PAGES[slug][1], "body": mark_safe(rendered(slug)),  # noqa: S308 -- html=False above
        "pages": [(s, t) for s, (_f, t) in PAGES.items()], "slug": slug})

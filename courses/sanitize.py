"""Lesson HTML is cleaned with nh3 (Rust ammonia) against an allowlist before it is stored: no scripts,
no event handlers, no styles, links only to http(s)/mailto and opened with rel="noopener noreferrer"."""

import html as _html
import re

import nh3

# Trix (the lesson editor) writes div blocks with br, strong, em, del, a, ul/ol/li, h1, blockquote and pre.
ALLOWED_TAGS = {
    "p", "div", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "del", "sub", "sup",
    "blockquote", "code",
    "pre", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption", "table", "thead", "tbody",
    "tr", "th", "td", "caption", "span", "abbr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


_H1 = re.compile(r"<(/?)h1(?=[\s>/])", re.IGNORECASE)


def clean_html(html: str) -> str:
    if not html:
        return ""
    html = _H1.sub(r"<\1h2", html)  # Trix's only heading: the page's title is the h1, a lesson heading is an h2
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer", strip_comments=True,
    ).strip()


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML (for search and completeness checks)."""
    return _html.unescape(nh3.clean(html or "", tags=set())).strip()

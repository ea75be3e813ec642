"""Lesson HTML is cleaned with nh3 (Rust ammonia) against an allowlist before it is stored: no scripts,
no event handlers, no styles, links only to http(s)/mailto and opened with rel="noopener noreferrer"."""

import html as _html

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "code",
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


def clean_html(html: str) -> str:
    if not html:
        return ""
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer", strip_comments=True,
    ).strip()


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML (for search and completeness checks)."""
    return _html.unescape(nh3.clean(html or "", tags=set())).strip()

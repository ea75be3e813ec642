"""Walk the main pages of each demo role in kk, ru and en: status 200, no console errors, no horizontal overflow
at 1366 and at 390 px, no serious or critical axe-core violation (every rule in the first language a page is
audited in, the rules about words in the others; axe vendored in frontend/static/vendor/, loaded by URL: the
Content-Security-Policy blocks an inline copy).

The main pages of a role are every entry of its navigation menu (read from the page, so a new entry is audited
without touching this file), its home, and the pages merged into an entry (MERGED: reached from the entry's page,
see frontend/context_processors.NAVIGATION). A page other than the home is audited once per language, by the first
role in ROLES that reaches it (the layout is the same for every role; the roles are ordered so that the one with
the most rows on a shared page comes first). The Django administration (staff) is Django's own design: skipped.

Used by tests/browser/test_every_page.py and runnable against a running demo:

  .venv/bin/python -m tests.browser.axe_audit http://127.0.0.1:8000 [role ...]
"""

import sys
from pathlib import Path

AXE = (Path(__file__).resolve().parents[2] / "frontend" / "static" / "vendor" / "axe.min.js").read_bytes()
PASSWORD = "Demo-2026!"  # noqa: S105 -- the published demo password (people.demo_users)
AXE_PATH = "/static/vendor/axe.min.js"
LANGS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
WIDTHS = (1366, 390)
ROLES = ("servant", "manager", "hr", "faculty", "analyst", "partner", "reviewer", "committee", "admin")
MERGED = {  # pages reached from a menu entry's page instead of an entry of their own
    "servant": [
        "/courses/my-learning/",
        "/compliance/mine/",
        "/training/applications/",
        "/events/mine/",
        "/development/adaptation/",
    ],
    "faculty": ["/events/mine/"],
    "partner": ["/events/mine/"],
}
SKIPPED = ("/admin/",)
NAV_LINKS_JS = "[...document.querySelectorAll('nav.main-nav a[href]')].map(a => a.getAttribute('href'))"
OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Every rule at the first width in the first language a page is audited in; in the other languages only the
# rules whose outcome depends on the words (names, labels, titles, language tags), since structure, contrast and
# landmarks are the same markup. At the narrow width only what the layout changes (a table that fits at 1366 px
# may scroll inside its box on a phone and must then be reachable by keyboard).
EVERY_RULE = "['wcag2a', 'wcag2aa', 'best-practice']"
WORDING_RULES = (
    "{type: 'rule', values: ['document-title', 'html-has-lang', 'html-lang-valid', 'valid-lang', 'link-name', "
    "'button-name', 'input-button-name', 'label', 'select-name', 'image-alt', 'aria-command-name', "
    "'aria-input-field-name', 'aria-toggle-field-name', 'empty-heading', 'frame-title']}"
)
NARROW_RULES = "{type: 'rule', values: ['scrollable-region-focusable']}"
AXE_JS = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations'], runOnly: %s});
  return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""
# after a resize: the page's resize handlers (frontend/nav.js) have run once two frames have been painted
NEXT_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{base}/")


def set_language(page, lang: str) -> None:
    """With the switch of the page on screen (it comes back to the same page)."""
    with page.expect_navigation():
        page.get_by_role("button", name=LANGS[lang]).click()
    actual = page.evaluate("document.documentElement.lang")
    assert actual == lang, f"asked for {lang}, the page is in {actual}"


def pages_of(page, role: str) -> list[str]:
    """The role's home, its menu entries (from the navigation of the page on screen) and the pages merged into them."""
    paths = ["/", *page.evaluate(NAV_LINKS_JS), *MERGED.get(role, [])]
    return [p for i, p in enumerate(paths) if p not in paths[:i] and not p.startswith(SKIPPED)]


def check(page, base: str, path: str, where: str, errors: list[str], every_rule: bool = True) -> list[str]:
    """One page at both widths: loaded once at the first width, then resized (the media queries apply)."""
    problems = []
    errors.clear()
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    response = page.goto(f"{base}{path}")
    if response is None or response.status != 200:
        return [f"{where} {path}: status {response and response.status}"]
    page.add_script_tag(url=f"{base}{AXE_PATH}")
    rules = EVERY_RULE if every_rule else WORDING_RULES
    for width in WIDTHS:
        if width != WIDTHS[0]:
            page.set_viewport_size({"width": width, "height": 900})
            page.evaluate(NEXT_FRAMES_JS)
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow > 1:
            problems.append(f"{where} {width}px {path}: {overflow} px wider than the viewport")
        problems.extend(
            f"{where} {width}px {path}: axe {v}"
            for v in page.evaluate(AXE_JS % (NARROW_RULES if width != WIDTHS[0] else rules))
        )
    problems.extend(f"{where} {path}: console {e}" for e in errors)
    return problems


def audit(browser, base: str, roles=None, langs=None, sign_in=None) -> list[str]:
    """Every problem found, one line each (empty: all clean). `sign_in(context, page, role)` may replace the
    sign-in form (a test sets the session cookie: hashing the password takes seconds on a busy machine)."""
    problems = []
    seen: dict[str, set[str]] = {lang: set() for lang in langs or LANGS}
    fully: set[str] = set()  # (role's home or path) audited with every rule in some language
    for role in roles or ROLES:
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
        # the vendored file from memory, not once more from the server for every page
        context.route(f"**{AXE_PATH}", lambda route: route.fulfill(body=AXE, content_type="text/javascript"))
        page = context.new_page()
        page.set_default_timeout(90_000)  # a cold page of the demo data on a busy machine
        errors = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        if sign_in is None:
            login(page, base, role)
        else:
            sign_in(context, page, role)
            page.goto(f"{base}/")
        paths = pages_of(page, role)
        for lang in langs or LANGS:
            set_language(page, lang)
            for path in paths:
                if path != "/" and path in seen[lang]:
                    continue
                seen[lang].add(path)
                key = f"{role} /" if path == "/" else path
                problems.extend(
                    check(page, base, path, f"{role} {lang}", errors, every_rule=key not in fully)
                )
                fully.add(key)
        context.close()
    return problems


if __name__ == "__main__":
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser_fixtures import CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        found = audit(b, sys.argv[1], roles=sys.argv[2:] or None)
        print("\n".join(found) or "clean")
        b.close()

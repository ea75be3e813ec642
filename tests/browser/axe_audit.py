"""Walk the main pages of each demo role in kk, ru and en at 1366 and 390 px: status 200, no console errors,
no horizontal overflow, no serious or critical axe-core violation (axe vendored in frontend/static/vendor/).
Used by tests/browser/test_every_page.py and runnable against a running demo:

  .venv/bin/python -m tests.browser.axe_audit http://127.0.0.1:8000
"""

import sys
from pathlib import Path

AXE = (Path(__file__).resolve().parents[2] / "frontend" / "static" / "vendor" / "axe.min.js").read_text()
PASSWORD = "Demo-2026!"  # noqa: S105 -- the published demo password (people.demo_users)
LANGS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
WIDTHS = (1366, 390)
MAIN_PAGES = {
    "admin": ["/", "/audit/", "/courses/review/", "/training/approvals/", "/compliance/", "/media/"],
    "hr": ["/", "/servants/", "/compliance/", "/training/approvals/", "/training/records/",
           "/competencies/heat-map/", "/certificates/issued/"],
    "manager": ["/", "/compliance/", "/training/approvals/", "/servants/"],
    "servant": ["/", "/courses/", "/courses/my-learning/", "/training/mine/", "/compliance/mine/",
                "/certificates/", "/events/", "/media/"],
    "faculty": ["/", "/courses/authoring/", "/training/manage/", "/events/mine/"],
    "analyst": ["/", "/compliance/national/", "/watch/analytics/exports/"],
    "partner": ["/", "/events/", "/events/mine/", "/certificates/", "/scholarships/"],
}
OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
AXE_JS = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa', 'best-practice']});
  return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state("load")


def set_language(page, base: str, lang: str) -> None:
    page.goto(f"{base}/")
    page.get_by_role("button", name=LANGS[lang]).click()
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")


def audit(browser, base: str, roles=None, langs=None, widths=WIDTHS) -> list[str]:
    """Every problem found, one line each (empty: all clean)."""
    problems = []
    for role in roles or MAIN_PAGES:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(90_000)  # a cold page of the demo data on a busy machine
        errors = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        login(page, base, role)
        for lang in langs or LANGS:
            set_language(page, base, lang)
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})
                for path in MAIN_PAGES[role]:
                    errors.clear()
                    response = page.goto(f"{base}{path}")
                    where = f"{role} {lang} {width}px {path}"
                    if response is None or response.status != 200:
                        problems.append(f"{where}: status {response and response.status}")
                        continue
                    overflow = page.evaluate(OVERFLOW_JS)
                    if overflow > 1:
                        problems.append(f"{where}: {overflow} px wider than the viewport")
                    page.add_script_tag(content=AXE)
                    problems.extend(f"{where}: axe {v}" for v in page.evaluate(AXE_JS))
                    problems.extend(f"{where}: console {e}" for e in errors)
        context.close()
    return problems


if __name__ == "__main__":
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser_fixtures import CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                              args=CHROMIUM_ARGS)
        found = audit(b, sys.argv[1], roles=sys.argv[2:] or None)
        print("\n".join(found) or "clean")
        b.close()

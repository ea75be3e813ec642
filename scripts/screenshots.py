"""Screenshots of each demo role's home in kk, ru and en (docs/screenshots/, 1366 px wide, PNG, optimised).

  python scripts/screenshots.py http://127.0.0.1:8000     # against `make run` with the demo data

Uses Playwright with Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium); never `playwright install`."""

import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROLES = ["admin", "hr", "manager", "servant", "faculty", "analyst", "partner"]
LANGS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
PASSWORD = "Demo-2026!"  # noqa: S105 -- the published demo password (people.demo_users.DEMO_PASSWORD)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
MAX_HEIGHT = 2400  # the top of a long home is what the README shows


def optimise(path: Path) -> None:
    """Palette PNG (256 colours) of at most MAX_HEIGHT px: a home page is flat colours and text."""
    image = Image.open(path).convert("RGB")
    if image.height > MAX_HEIGHT:
        image = image.crop((0, 0, image.width, MAX_HEIGHT))
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=FLAGS)
        for role in ROLES:
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/login/")
            page.locator("input[name=username]").fill(role)
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("input[name=password]").press("Enter")
            page.wait_for_load_state("networkidle")
            for lang, label in LANGS.items():
                page.goto(f"{base}/")
                page.get_by_role("button", name=label).click()
                page.wait_for_function(f"document.documentElement.lang === '{lang}'")
                page.wait_for_load_state("networkidle")
                path = OUT / f"home-{role}-{lang}.png"
                page.screenshot(path=str(path), full_page=True)
                optimise(path)
                print(path.relative_to(OUT.parent.parent), path.stat().st_size)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")

"""The report in a real browser: headless Chromium, driven by Playwright.

Opens the seed report (written by the ``framing`` command, as a user makes it) and
a hostile report (every payload in the body, headline, byline, outlet, date, URL,
file name and a user lexicon note) at desktop width and at 360 px, takes
screenshots, and checks that no dialog opens, nothing is logged to the console, no
request leaves the page (only the file itself and data: URLs are allowed), and
that the highlights, tooltips, layer switches and charts work.

Chromium is Debian's (``/usr/bin/chromium``; ``.ci/run`` installs it when it is
missing). Playwright only drives it: nothing is downloaded (never run
``playwright install``). The tests skip, saying why, when no Chromium binary or no
Playwright is present.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from framing.report import write_html
from tests.report.pagecheck import HOSTILE_NAME, HOSTILE_WORD, PAYLOADS, hostile_audit

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("FRAMING_SCREENSHOTS", "")) if os.environ.get(
    "FRAMING_SCREENSHOTS"
) else None


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("FRAMING_CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary (Debian's 'chromium' package; .ci/run installs it as root, "
    "or set FRAMING_CHROMIUM): the real-browser tests need one",
)
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed (pip install -e '.[dev]'); it drives Chromium",
)

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("seed") / "turkiye-libya-defence-pact.html"
    done = subprocess.run(
        [sys.executable, "-m", "framing", "audit", str(seed_path), "--html", str(out), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    audit, _, _ = hostile_audit(directory)
    return write_html(audit, directory / f"{HOSTILE_NAME}.html")


class Visit:
    """One page load with everything the page does recorded."""

    def __init__(self, browser, path: Path, width: int, height: int = 900):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=True,  # so a script that slipped through would run
            service_workers="block",
        )
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))
        # Anything but the page itself is refused, so a leak cannot reach the network
        # even if the CSP failed; it is still recorded as a request above.
        self.context.route(
            "**/*",
            lambda route: route.continue_()
            if route.request.url == self.url
            else route.abort(),
        )
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_timeout(150)  # let anything deferred fire

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_quiet(self):
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors
        assert [m for m in self.console if not m.startswith(("debug", "log"))] == [], self.console
        assert self.console == [], self.console
        for url in self.requests:
            assert url == self.url or url.startswith("data:"), url

    def screenshot(self, name: str, tmp_path: Path, full_page: bool = True) -> Path:
        target = (SCREENSHOTS or tmp_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(target), full_page=full_page)
        assert target.stat().st_size > 10_000
        return target

    def close(self):
        self.context.close()


def check_page_works(visit: Visit, n_hits: int | None = None):
    page = visit.page
    headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent.trim())")
    assert headings == [
        "Scorecard",
        "Key findings",
        "Annotated article",
        "Tone by paragraph",
        "Readability",
        "Sources",
        "Loaded terms",
        "Methodology and limitations",
    ]
    loaded = page.locator(".article-body .loaded, h1 .loaded")
    if n_hits is not None:
        assert loaded.count() >= n_hits
    assert loaded.count() > 0
    # every chart is drawn, with bars, and has a name
    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
        assert charts.nth(i).locator("rect").count() >= 1
        assert charts.nth(i).locator("title").first.text_content()
    # the highlight is drawn: an underline in the category colour, and the code after it
    first = loaded.first
    style = first.evaluate(
        "e => { const s = getComputedStyle(e), a = getComputedStyle(e, '::after');"
        " return [s.textDecorationLine, a.content]; }"
    )
    assert "underline" in style[0] or "line-through" in style[0]
    assert style[1] not in ("none", "normal", '""')
    # keyboard focus shows the explanation (CSS only: the ::before panel)
    tip_display = first.evaluate("e => getComputedStyle(e, '::before').display")
    assert tip_display == "none"
    first.focus()
    shown = first.evaluate(
        "e => [getComputedStyle(e, '::before').display, getComputedStyle(e, '::before').content]"
    )
    assert shown[0] == "block" and "Rule:" in shown[1], shown
    # a layer switch turns its marks off
    page.locator("#layer-loaded").uncheck()
    after = first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert after == "none"
    page.locator("#layer-loaded").check()


def test_seed_report_in_chromium(browser, seed_report, seed_path, tmp_path):
    import framing

    n_hits = len(framing.analyze(seed_path).loaded.hits)
    visit = Visit(browser, seed_report, 1280)
    try:
        visit.assert_quiet()
        check_page_works(visit, n_hits)
        text = visit.page.inner_text("#findings")
        assert "Every statement attributed to a person comes from an unnamed source" in text
        assert "The headline uses “bold”" in text
        assert visit.page.locator(".source.kind-anonymous").count() >= 2
        # a finding's evidence link scrolls to the words and highlights them
        visit.page.locator("#findings a[href^='#hit-']").first.click()
        target = visit.page.evaluate("location.hash")
        assert target.startswith("#hit-")
        outline = visit.page.locator(target).evaluate("e => getComputedStyle(e).outlineStyle")
        assert outline == "solid"
        visit.screenshot("seed-desktop.png", tmp_path, full_page=False)
        visit.assert_quiet()
    finally:
        visit.close()


def test_seed_report_at_360_px(browser, seed_report, tmp_path):
    visit = Visit(browser, seed_report, 360, 780)
    try:
        visit.assert_quiet()
        # nothing is wider than the screen: wide tables and charts scroll in their box
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, width
        size = visit.page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)"
        )
        assert size >= 15
        visit.screenshot("seed-360.png", tmp_path, full_page=False)
    finally:
        visit.close()


def test_hostile_report_in_chromium(browser, hostile_report, tmp_path):
    for width in (1280, 360):
        visit = Visit(browser, hostile_report, width)
        try:
            visit.assert_quiet()
            page = visit.page
            # nothing the payloads asked for exists
            assert page.locator("img, iframe, object, embed, link, base, form").count() == 0
            scripts = page.eval_on_selector_all(
                "script", "els => els.map(e => e.type + '#' + e.id)"
            )
            assert scripts == ["application/json#audit-data"]
            assert page.evaluate("typeof window.__framing_pwned") == "undefined"
            # the payloads are there as text, where they were planted
            h1 = page.inner_text("h1")
            body = page.inner_text(".article-body")
            byline = page.inner_text(".byline")
            for payload in PAYLOADS:
                assert payload in h1 and payload in body and payload in byline, payload
            assert "49" not in body
            # the user lexicon's hostile note is in the tooltip, as text
            planted = page.locator(".article-body .loaded", has_text=HOSTILE_WORD).first
            planted.focus()
            tip = planted.evaluate("e => getComputedStyle(e, '::before').content")
            assert "<script>alert(1)</script>" in tip
            data = page.evaluate("JSON.parse(document.getElementById('audit-data').textContent)")
            assert data["article"]["meta"]["url"] == "javascript:alert(1)"
            check_page_works(visit)
            # clicking every link, including the ones near the payloads, stays on the page
            for link in page.locator("a").all()[:40]:
                href = link.get_attribute("href")
                assert href and href.startswith("#"), href
            page.locator("#findings a").first.click()
            visit.screenshot(f"hostile-{width}.png", tmp_path, full_page=False)
            visit.assert_quiet()
        finally:
            visit.close()

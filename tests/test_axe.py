"""The HTML pages in a real browser: axe-core finds nothing at WCAG 2.1 AA (and its best
practices) on the seed unit, the department and the county index, on a desktop (1280 px) and a
phone (390 px); on the phone nothing scrolls sideways, no figure breaks inside, and chart labels
keep a readable size.

Headless Chromium (Debian's `chromium`) is driven by Playwright for Python; axe-core comes from
npm (tests/axe, `npm ci` in `make test`). Where one is missing the tests are skipped and say
which (in CI they fail). With DOCGEN_SCREENSHOTS naming a folder, full-page screenshots of every
page at both widths are kept there, to be looked at.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, REPO
from PIL import Image

from docgen.batch.run import build_county
from docgen.batch.workers import Settings

AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "unit": "323005-2021/323005-2021.html",
    "department": "323-2022/323-2022.html",
    "index": "index.html",
}
WIDTHS = (1280, 390)
PHONE = 390
# What axe checks: WCAG 2.0 and 2.1, levels A and AA, and its best practices (landmarks, one
# main, headings in order, a scrolling region reachable by keyboard…).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SMALLEST_TEXT = 12  # CSS px: a chart label or figure on a phone is no smaller


def missing_tools() -> str:
    """What of the browser stack is not here ("" when all of it is)."""
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set DOCGEN_CHROMIUM)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not AXE.is_file():
        return f"no axe-core at {AXE} (npm ci --prefix tests/axe, as make test does)"
    return ""


# A developer's machine without the stack skips these tests and says why; CI (.ci/run sets
# DOCGEN_REQUIRE_BROWSER) installs it, and there a missing piece fails instead.
if missing_tools():
    if os.environ.get("DOCGEN_REQUIRE_BROWSER"):
        pytest.fail(missing_tools(), pytrace=False)
    pytest.skip(missing_tools(), allow_module_level=True)

from playwright import sync_api  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample folder built as `docgen build-all sample_data -f html` builds it."""
    out = tmp_path_factory.mktemp("site")
    assert not build_county(REPO / "sample_data", Settings(out, ("html",))).failed
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@dataclass(frozen=True)
class Opened:
    tab: Any  # a Playwright page
    name: str  # unit-390
    width: int


@pytest.fixture(scope="module", params=list(PAGES), ids=str)
def opened(
    request: pytest.FixtureRequest, browser: Any, site: Path, width: int
) -> Iterator[Opened]:
    """A page as a reader of that width sees it, with axe-core loaded into it."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto((site / PAGES[request.param]).as_uri())
    tab.add_script_tag(path=str(AXE))
    yield Opened(tab, f"{request.param}-{width}", width)
    context.close()


def test_axe_finds_no_violation(opened: Opened) -> None:
    violations = opened.tab.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
                count: v.nodes.length,
            }));
        }""",
        AXE_TAGS,
    )
    assert violations == []


def test_nothing_scrolls_sideways(opened: Opened) -> None:
    """The page is as wide as the screen, and so is every table in it."""
    assert opened.tab.evaluate("document.documentElement.scrollWidth") == opened.width
    overflowing = opened.tab.evaluate(
        """() => [...document.querySelectorAll("table, figure, ol.bars")]
            .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth)
            .map((e) => e.className || e.tagName)"""
    )
    assert overflowing == []


def test_no_figure_breaks_inside(opened: Opened) -> None:
    """Every figure of a table (a right-aligned cell) and of a chart, and the index's count of
    what its search finds, is drawn on one line."""
    broken = opened.tab.evaluate(
        """() => [...document.querySelectorAll("td.right, th.right, .bar-figure, #search-count")]
            .filter((cell) => cell.offsetParent !== null && cell.textContent.trim())
            .filter((cell) => {
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                const lines = new Set();
                while (walker.nextNode()) {
                    const range = document.createRange();
                    range.selectNodeContents(walker.currentNode);
                    for (const rect of range.getClientRects()) lines.add(Math.round(rect.bottom));
                }
                return lines.size > 1;
            })
            .map((cell) => cell.textContent.trim())"""
    )
    assert broken == []


def test_chart_labels_keep_a_readable_size(opened: Opened) -> None:
    """On screens a chart is text: labels and figures at their set size, never a scaled-down
    drawing (the print SVG is not shown)."""
    sizes = opened.tab.evaluate(
        """() => [...document.querySelectorAll("figure.chart")].map((figure) => ({
            svg: figure.querySelector("svg") ? getComputedStyle(figure.querySelector("svg")).display : "none",
            smallest: Math.min(...[...figure.querySelectorAll(".bar-label, .bar-figure")]
                .map((e) => parseFloat(getComputedStyle(e).fontSize))),
        }))"""
    )
    assert sizes
    assert {size["svg"] for size in sizes} == {"none"}
    assert min(size["smallest"] for size in sizes) >= SMALLEST_TEXT


def test_on_a_phone_each_table_cell_is_wide_enough_to_read(opened: Opened) -> None:
    """Indicator rows are not columns squeezed to a few characters each (a row many lines tall):
    on a phone a card's every cell spans at least a third of the card."""
    if opened.width != PHONE:
        pytest.skip("the desktop keeps the printed table layout")
    narrow = opened.tab.evaluate(
        """() => [...document.querySelectorAll("table.cards td, table.cards th")]
            .filter((cell) => cell.offsetParent !== null && cell.textContent.trim())
            .filter((cell) => !cell.closest("thead") && getComputedStyle(cell).position !== "absolute")
            .filter((cell) => cell.getBoundingClientRect().width < cell.closest("table").getBoundingClientRect().width / 3)
            .map((cell) => cell.textContent.trim().slice(0, 20))"""
    )
    assert narrow == []


def test_the_skip_link_is_the_first_stop_and_moves_past_the_contents(opened: Opened) -> None:
    opened.tab.keyboard.press("Tab")
    focused = opened.tab.evaluate(
        "[document.activeElement.className, document.activeElement.textContent]"
    )
    assert focused == ["skip", "跳到正文"]
    assert opened.tab.evaluate("getComputedStyle(document.activeElement).top") != "-64px"  # shown
    opened.tab.keyboard.press("Enter")
    assert opened.tab.evaluate("document.activeElement.id") == "main"


def test_a_screenshot_is_as_wide_as_the_screen(opened: Opened, tmp_path: Path) -> None:
    """The picture a reader gets: nothing drawn past the right edge. With DOCGEN_SCREENSHOTS
    naming a folder, the whole page is kept there to be looked at (a long page takes seconds);
    otherwise the first screen."""
    keep = os.environ.get("DOCGEN_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"{opened.name}.png"
    opened.tab.screenshot(path=str(shot), full_page=bool(keep))
    with Image.open(shot) as image:
        assert image.width == opened.width
        assert image.height >= 900

"""The built pages and the preview server in a real browser (Debian's Chromium).

What only a browser can tell: computed styles of the fragment inside a hostile
page, the language switcher as a reader clicks it, layout at phone width, the
print stylesheet, `briefing serve` reloading the page by itself, and axe-core's
accessibility rules run in every page and fragment.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from briefing.content.load import load_content
from briefing.jobs.options import Options
from briefing.serve import PreviewServer, make_server

from conftest import CONTENT, LOCALES, TEMPLATES

playwright = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, expect  # noqa: E402

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
HOSTILE = Path(__file__).parent / "browser" / "hostile.html"
FRAGMENT_MARK = "<!-- fragment -->"
PAIRS = list(load_content(CONTENT).briefing.bilingual)

LANG = {"en": "en-GB", "ja": "ja", "ru": "ru"}
"""The lang attribute each shipped locale's pages carry."""
SCRIPT = {"en": re.compile(r"[A-Za-z]"), "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
          "ru": re.compile(r"[\u0400-\u04ff]")}
"""A letter of the script each locale's map labels are written in."""
LANGUAGE_NAME = {"en": "English", "ja": "日本語", "ru": "Русский"}

RED, LIME, ORANGE = "rgb(255, 0, 0)", "rgb(0, 255, 0)", "rgb(255, 165, 0)"


# --- fixtures: one browser, one static server over the session's build -------------

PLAIN_HOST = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A plain host '
              'page</title></head><body><main>{}</main></body></html>')
"""A well-made page with nothing else in it, to test the fragment alone inside."""


def host_page(fragment: str) -> bytes:
    """The hostile page with a fragment pasted in, as a CMS would serve it."""
    return HOSTILE.read_text(encoding="utf-8").replace(FRAGMENT_MARK, fragment).encode()


class _StaticHandler(SimpleHTTPRequestHandler):
    """Files under a folder, plus a few pages held in memory."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8"}

    def __init__(self, *args: Any, pages: dict[str, bytes], **kwargs: Any) -> None:
        self.pages = pages
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
        if self.path == "/favicon.ico":  # asked for by the browser, not by our pages
            self.send_response(HTTPStatus.NO_CONTENT)
            self.end_headers()
            return
        body = self.pages.get(self.path)
        if body is None:
            super().do_GET()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serving(server: ThreadingHTTPServer | PreviewServer) -> Iterator[str]:
    """Run a server in a thread for the duration of a fixture; yield its base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site(dist: Path) -> Iterator[str]:
    """The build over HTTP, and at /_host/<locale>.html its fragment in the hostile page."""
    pages = {f"/_host/{locale}.html":
             host_page((dist / locale / "fragment.html").read_text(encoding="utf-8"))
             for locale in LOCALES}
    pages["/_host/empty.html"] = host_page("")
    pages.update({f"/_plain/{locale}.html":
                  PLAIN_HOST.format((dist / locale / "fragment.html").read_text("utf-8")).encode()
                  for locale in LOCALES})
    handler = partial(_StaticHandler, pages=pages, directory=str(dist))
    yield from serving(ThreadingHTTPServer(("127.0.0.1", 0), handler))


@dataclass
class Watch:
    """What a page asked the network for and complained about."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser: Browser, watch: Watch) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    watch.attach(page)
    yield page
    context.close()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# --- 1. the fragment inside a hostile page -----------------------------------------

MEASURE_FRAGMENT = """() => {
  const host = document.getElementById("host");
  const art = host.firstElementChild;
  const cs = (el) => getComputedStyle(el);
  const all = (sel) => [...art.querySelectorAll(sel)];
  const rules = [];
  const walk = (list) => {
    for (const r of list) {
      if (r instanceof CSSStyleRule) rules.push({selector: r.selectorText});
      else if (r instanceof CSSMediaRule || r instanceof CSSSupportsRule) walk(r.cssRules);
      else rules.push({other: r.cssText.slice(0, 80)});
    }
  };
  for (const sheet of document.styleSheets) if (art.contains(sheet.ownerNode)) walk(sheet.cssRules);
  return {
    roots: [...host.children].map(e => e.tagName.toLowerCase() + "." + e.className),
    lang: art.getAttribute("lang"),
    sheets: [...document.styleSheets].filter(s => art.contains(s.ownerNode)).length,
    rules,
    headings: all("h2").map(h => ({display: cs(h).display, height: h.offsetHeight})),
    paragraphs: all("p").map(p => ({size: parseFloat(cs(p).fontSize), color: cs(p).color,
      line: parseFloat(cs(p).lineHeight), prose: !!p.closest(".para")})),
    tables: all("table").map(t => cs(t).borderTopWidth + " " + cs(t).borderTopColor),
    items: all("li").map(li => cs(li).color),
    links: all("a").map(a => parseFloat(cs(a).fontSize)),
    scripts: all("script").length,
    handlers: [art, ...all("*")].flatMap(el => [...el.attributes].map(a => a.name)
      .filter(n => n.startsWith("on"))),
    ids: all("[id]").map(e => e.id),
    svg: all("svg").map(s => s.getBoundingClientRect().height),
    labels: all("svg text.map-label").map(t => t.textContent),
  };
}"""

MEASURE_HOST = """() => [...document.querySelectorAll("#before, #after")].map(div => {
  const cs = (sel) => getComputedStyle(div.querySelector(sel));
  return {p: [cs("p").fontSize, cs("p").color], h2: cs("h2").display,
          table: cs("table").borderTopWidth};
})"""


def first_compound_escapes(selector: str) -> bool:
    """True unless the selector starts at `.briefing` and only goes down from it."""
    match = re.match(r"\.briefing(?![\w-])(?:\([^)]*\)|[^\s>+~(])*\s*(.?)", selector)
    return match is None or match.group(1) in ("+", "~")


def split_selectors(text: str) -> list[str]:
    """'a, b:not(c, d)' -> ['a', 'b:not(c, d)']: commas outside parentheses only."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    return [*parts, text[start:].strip()]


def embed(page: Page, site: str, locale: str, how: str, dist: Path) -> None:
    if how == "markup":
        page.goto(f"{site}/_host/{locale}.html")
        return
    page.goto(f"{site}/_host/empty.html")
    fragment = (dist / locale / "fragment.html").read_text(encoding="utf-8")
    page.evaluate("html => { document.getElementById('host').innerHTML = html; }", fragment)


@pytest.mark.parametrize("how", ["markup", "innerHTML"])
@pytest.mark.parametrize("locale", LOCALES)
def test_fragment_keeps_its_look_in_a_hostile_page(
        page: Page, watch: Watch, site: str, dist: Path, locale: str, how: str) -> None:
    embed(page, site, locale, how, dist)
    got = page.evaluate(MEASURE_FRAGMENT)
    screenshot(page, f"hostile-{locale}-{how}")

    assert got["roots"] == ["article.briefing"]
    assert got["lang"] == LANG[locale]
    assert got["headings"] and all(h["display"] != "none" and h["height"] > 0
                                   for h in got["headings"]), got["headings"]
    prose = [p for p in got["paragraphs"] if p["prose"]]
    assert prose and all(12 <= p["size"] <= 18 for p in prose), prose
    assert all(10 <= p["size"] <= 20 for p in got["paragraphs"]), got["paragraphs"]
    assert not [p for p in got["paragraphs"] if p["color"] == RED]
    assert all(p["line"] < 2.5 * p["size"] for p in got["paragraphs"]), got["paragraphs"]
    assert got["tables"] and not [t for t in got["tables"] if t.startswith("5px")
                                  or LIME in t], got["tables"]
    assert got["items"] and ORANGE not in got["items"]
    assert got["links"] and max(got["links"]) < 20
    assert watch.errors == []


def test_hostile_page_keeps_its_own_look(page: Page, site: str) -> None:
    """The fragment's reset must stay inside it: the host's rules still apply around it."""
    page.goto(f"{site}/_host/ja.html")
    host = page.evaluate(MEASURE_HOST)
    assert host == [{"p": ["40px", RED], "h2": "none", "table": "5px"}] * 2


@pytest.mark.parametrize("locale", LOCALES)
def test_fragment_is_sealed(page: Page, site: str, locale: str) -> None:
    page.goto(f"{site}/_host/{locale}.html")
    got = page.evaluate(MEASURE_FRAGMENT)

    assert got["sheets"] == 1
    assert not [r for r in got["rules"] if "other" in r], "at-rules reach the whole page"
    selectors = [s for r in got["rules"] for s in split_selectors(r["selector"])]
    assert selectors and [s for s in selectors if first_compound_escapes(s)] == []
    assert got["scripts"] == 0
    assert got["handlers"] == []
    assert got["ids"] and [i for i in got["ids"] if not i.startswith("briefing-")] == []
    assert got["svg"] and got["svg"][0] > 100
    assert got["labels"] and all(SCRIPT[locale].search(label) for label in got["labels"])
    foreign = [SCRIPT[other] for other in SCRIPT if other != locale]
    assert not [label for label in got["labels"] if any(s.search(label) for s in foreign)]


def test_every_shipped_locale_has_expectations_here() -> None:
    assert set(LANG) == set(SCRIPT) == set(LANGUAGE_NAME) == set(LOCALES)


def test_selector_check_catches_escapes() -> None:
    assert not first_compound_escapes(".briefing:not(#_) p")
    assert not first_compound_escapes(".briefing:not(#_) *:not(svg, svg *)")
    assert not first_compound_escapes(".briefing")
    assert first_compound_escapes(".briefing:not(#_) ~ p")
    assert first_compound_escapes(".briefing + div")
    assert first_compound_escapes("body .briefing")
    assert first_compound_escapes(".briefingx p")
    assert split_selectors("a, b:not(c, d)") == ["a", "b:not(c, d)"]


# --- 2. the fragment on its own: nothing fetched, nothing complained about ---------

@pytest.mark.parametrize("locale", LOCALES)
def test_fragment_fetches_nothing_and_logs_no_error(
        page: Page, watch: Watch, site: str, locale: str) -> None:
    url = f"{site}/{locale}/fragment.html"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert watch.requests == [url]
    assert watch.errors == []


def test_hostile_page_fetches_only_itself(page: Page, watch: Watch, site: str) -> None:
    url = f"{site}/_host/ru.html"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert watch.requests == [url]


# --- 3. the standalone pages link to each other ------------------------------------

def test_language_switcher_navigates(page: Page, watch: Watch, site: str) -> None:
    page.goto(f"{site}/en/briefing.html")
    page.get_by_role("link", name="日本語", exact=True).click()
    page.wait_for_url("**/ja/briefing.html")
    assert page.evaluate("document.documentElement.lang") == "ja"
    page.get_by_role("link", name="Русский", exact=True).click()
    page.wait_for_url("**/ru/briefing.html")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert watch.errors == []


@pytest.mark.parametrize("locale", LOCALES)
def test_standalone_page_links_its_alternates_and_pdf(
        page: Page, site: str, locale: str) -> None:
    page.goto(f"{site}/{locale}/briefing.html")
    alternates = page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "ls => ls.map(l => [l.hreflang, l.href])")
    assert sorted(lang for lang, _ in alternates) == sorted(
        LANG[other] for other in LOCALES if other != locale)
    for lang, href in alternates:
        assert page.request.get(href).ok, href
        assert f"/{next(k for k, v in LANG.items() if v == lang)}/briefing.html" in href
    current = page.locator(".switcher [aria-current=page]")
    expect(current).to_have_text(LANGUAGE_NAME[locale])
    pdf = page.locator("a[href='briefing.pdf']")
    expect(pdf).to_have_count(1)
    response = page.request.get(pdf.evaluate("a => a.href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_index_lists_every_edition(page: Page, site: str) -> None:
    page.goto(f"{site}/index.html")
    hrefs = page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))")
    for edition in [*LOCALES, *PAIRS]:
        assert f"{edition}/briefing.html" in hrefs, edition
        assert f"{edition}/briefing.pdf" in hrefs, edition
    for href in hrefs:
        assert page.request.get(f"{site}/{href}").ok, href


# --- 4. phone and desktop widths ----------------------------------------------------

@pytest.mark.parametrize("edition", [*LOCALES, *PAIRS])
def test_no_horizontal_scroll_at_phone_width(
        browser: Browser, site: str, edition: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{site}/{edition}/briefing.html")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375 + 1


PAIR_CELLS = """() => [...document.querySelectorAll("tr.pair")].map(row => {
  const [l, r] = [row.querySelector("td.left"), row.querySelector("td.right")]
    .map(td => td.getBoundingClientRect());
  return {id: row.dataset.pair || "cover", left: [l.top, l.bottom], right: [r.top, r.bottom]};
})"""


@pytest.mark.parametrize("width", [1200, 375])
def test_bilingual_pairs_side_by_side_or_stacked(
        browser: Browser, site: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/{PAIRS[0]}/briefing.html")
    cells = page.evaluate(PAIR_CELLS)
    screenshot(page, f"bilingual-{PAIRS[0]}-{width}")
    context.close()
    assert len(cells) > 5
    if width >= 1200:
        apart = [c for c in cells if abs(c["left"][0] - c["right"][0]) > 2]
    else:
        apart = [c for c in cells if c["right"][0] < c["left"][1]]
    assert apart == []


# --- 5. printing from the browser ---------------------------------------------------

def test_print_hides_the_switcher(page: Page, site: str) -> None:
    page.goto(f"{site}/ru/briefing.html")
    switcher = page.locator("nav.switcher")
    assert switcher.evaluate("n => getComputedStyle(n).display") == "flex"
    page.emulate_media(media="print")
    assert switcher.evaluate("n => getComputedStyle(n).display") == "none"


# --- 6. accessibility: axe-core in every page and fragment ---------------------------

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async (include) => {
  const result = await axe.run(include ? {include: [include]} : document,
                               {resultTypes: ["violations"]});
  return result.violations.map(v => `${v.impact} ${v.id}: ${v.help} at `
    + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""
AXE_PAGES = ["index.html", *(f"{e}/briefing.html" for e in [*LOCALES, *PAIRS]),
             *(f"_plain/{locale}.html" for locale in LOCALES),
             *(f"_host/{locale}.html" for locale in LOCALES)]
"""Every page, and every fragment in a plain page and in the hostile one."""


@pytest.fixture(scope="session")
def axe() -> str:
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it (npm ci --prefix tests)"
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page, axe: str, include: str | None = None) -> list[str]:
    """What axe-core finds wrong in the page (or in the element `include` selects), at
    every impact: minor, moderate, serious and critical."""
    page.add_script_tag(content=axe)
    found: list[str] = page.evaluate(AXE_RUN, include)
    return found


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_nothing_wrong(page: Page, site: str, axe: str, path: str) -> None:
    page.goto(f"{site}/{path}")
    assert axe_violations(page, axe, "article.briefing" if path.startswith("_") else None) == []


def test_axe_sees_what_it_should(page: Page, site: str, axe: str) -> None:
    """The check itself: a page with the faults axe reports at its two highest levels."""
    page.goto(f"{site}/_host/empty.html")
    page.evaluate("""() => { document.getElementById("host").innerHTML =
      '<article class="briefing"><img src="data:,"><a href="#x"></a>'
      + '<p style="color:#aaa;background:#fff">faint</p></article>'; }""")
    found = axe_violations(page, axe, "article.briefing")
    assert {v.split(" ")[1].rstrip(":") for v in found} == {"image-alt", "link-name",
                                                            "color-contrast"}, found
    assert {v.split(" ")[0] for v in found} == {"critical", "serious"}


# --- 7. `briefing serve` -------------------------------------------------------------

@pytest.fixture
def preview(content_copy: Path) -> Iterator[str]:
    server = make_server(Options(content=content_copy, templates=TEMPLATES), 0)
    yield from serving(server)


def write_atomically(path: Path, text: str) -> None:
    """So the preview never hashes half a file."""
    temporary = path.with_suffix(".tmp~")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_preview_negotiates_reloads_and_survives_errors(
        browser: Browser, preview: str, content_copy: Path, axe: str) -> None:
    context = browser.new_context(locale="ja-JP", extra_http_headers={"Accept-Language": "ja"})
    page = context.new_page()
    page.goto(f"{preview}/")
    assert page.url == f"{preview}/ja/briefing.html"
    heading = page.locator("#briefing-ja-summary")
    expect(heading).to_have_text("要旨")
    assert "/__fingerprint" in page.content()

    text_file = content_copy / "ja" / "text.yaml"
    original = text_file.read_text(encoding="utf-8")
    segment = "  summary.heading:\n    source: 8e76a94a\n    text: 要旨\n"
    assert segment in original
    page.evaluate("window.notReloadedYet = true")
    write_atomically(text_file, original.replace("text: 要旨\n", "text: 新しい見出し\n", 1))
    expect(heading).to_have_text("新しい見出し", timeout=10_000)
    assert page.evaluate("window.notReloadedYet") is None

    write_atomically(text_file, original.replace(segment, "  summary.heading: [unclosed\n"))
    expect(page.locator("pre.briefing-error")).to_contain_text("ja/text.yaml", timeout=10_000)
    assert axe_violations(page, axe) == []
    assert page.request.get(f"{preview}/__fingerprint").ok
    assert page.request.get(f"{preview}/ja/briefing.html").status == 500

    write_atomically(text_file, original)
    expect(heading).to_have_text("要旨", timeout=10_000)
    context.close()


@pytest.mark.parametrize("path", ["/en/fragment.html", "/ja+ru/briefing.html", "/index.html"])
def test_preview_adds_reload_script(page: Page, preview: str, path: str) -> None:
    response = page.request.get(f"{preview}{path}")
    assert response.ok and "/__fingerprint" in response.text()


def test_built_files_have_no_reload_script(dist: Path) -> None:
    pages = sorted(dist.rglob("*.html"))
    assert len(pages) >= 2 * len(LOCALES) + len(PAIRS) + 1
    assert [p for p in pages if "__fingerprint" in p.read_text(encoding="utf-8")] == []



def test_the_theme_accent_colours_the_fragment(page: Page, tmp_path: Path) -> None:
    from briefing.api import render_fragment

    from samples import themed

    page.set_content(render_fragment("en", content=themed(tmp_path)))
    colours = page.evaluate("""() => ["h2", ".organisation", ".kicker"].map(
        s => getComputedStyle(document.querySelector(s)).color)""")
    assert colours == ["rgb(138, 28, 43)"] * 3

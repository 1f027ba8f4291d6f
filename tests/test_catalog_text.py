"""A catalog's translations are text: escaped in every page and fragment, and markup in
one is refused by `check` and the build, naming the file and the line of the msgstr.

Catalogs are translators' files, often from an outside platform; Jinja's new-style
gettext would mark every translation safe.
"""

from __future__ import annotations

import gettext
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefing.cli import main
from briefing.render.environment import install_catalog

from conftest import ROOT


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def _translate(content: Path, msgid: str, translation: str) -> int:
    """Set the Japanese translation of `msgid`; returns the line of its msgstr."""
    po = content / "ja" / "messages.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index(f'msgid "{msgid}"\n') + 1
    assert lines[at].startswith("msgstr ")
    escaped = translation.replace("\\", "\\\\").replace('"', '\\"')
    lines[at] = f'msgstr "{escaped}"\n'
    po.write_text("".join(lines), encoding="utf-8")
    return at + 1


class _Catalog(gettext.NullTranslations):
    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        self.words = words

    def gettext(self, message: str) -> str:
        return self.words.get(message, message)


def test_translations_are_escaped_and_only_the_templates_markup_stays_markup() -> None:
    env = ImmutableSandboxedEnvironment(autoescape=True, extensions=["jinja2.ext.i18n"])
    install_catalog(env, _Catalog({"Island": "<script>alert(1)</script>",
                                   "Kicker %(language)s": "<b>%(language)s</b> & co",
                                   "Say %(what)s": "« %(what)s »"}))
    page = env.from_string('{{ _("Island") }}|{{ _("Kicker %(language)s", '
                           'language=("<span>%s</span>"|safe) % lang) }}|'
                           '{{ _("Say %(what)s", what=what) }}|<a title="{{ _("Island") }}">')
    html = page.render(lang="日本語<i>", what='"quoted" <em>')
    assert html == ("&lt;script&gt;alert(1)&lt;/script&gt;|"
                    "&lt;b&gt;<span>日本語&lt;i&gt;</span>&lt;/b&gt; &amp; co|"
                    "« &#34;quoted&#34; &lt;em&gt; »|"
                    '<a title="&lt;script&gt;alert(1)&lt;/script&gt;">')


def test_a_translation_that_closes_an_attribute_stays_inside_it(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = '言語" tabindex=0 autofocus onfocus="alert(document.domain)'
    _translate(content, "Languages", hostile)
    _translate(content, "As of %(date)s", "%(date)s 島 & <名")  # '&' and '<', not markup
    out = tmp_path / "out"
    status = main(["build", "--locale", "ja", "--bilingual", "none", "--format",
                   "html,fragment", "--content", str(content), "--out", str(out)])
    assert status == 0, capsys.readouterr().err
    for name in ("briefing.html", "fragment.html"):
        tags = _elements((out / "ja" / name).read_text(encoding="utf-8"))
        attributes = {a for _, attrs in tags for a in attrs}
        assert not attributes & {"onfocus", "autofocus", "tabindex"}, name
        assert not any(tag == "script" for tag, _ in tags), name
    page = _elements((out / "ja" / "briefing.html").read_text(encoding="utf-8"))
    switcher = next(attrs for tag, attrs in page if tag == "nav"
                    and attrs.get("class") == "switcher")
    assert switcher["aria-label"] == hostile
    assert "島 &amp; &lt;名" in (out / "ja" / "fragment.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("msgid", "translation", "found"), [
    ("Download PDF", "PDF<script>alert(document.cookie)</script>", "<script>"),
    ("Languages", "言語<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    ("Contents", "目次&nbsp;", "&nbsp;"),
    ("Contents", "目次<!-- x -->", "<!-- x -->"),
])
def test_markup_in_a_translation_is_refused_by_check_and_build(
        msgid: str, translation: str, found: str, content: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    line = _translate(content, msgid, translation)
    message = (f"content/ja/messages.po:{line}: markup {found!r} in the translation of "
               f"{msgid!r}: a translation is plain text")
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 1
    captured = capsys.readouterr()
    assert message in captured.out, captured.out
    out = tmp_path / "out"
    for args in (["--locale", "ja", "--bilingual", "none"], []):
        status = main(["build", *args, "--content", str(content), "--out", str(out)])
        err = capsys.readouterr().err
        assert status == 1
        assert message in err and "Traceback" not in err, err
        assert not out.exists()


def test_markup_on_a_continuation_line_is_located_there(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = content / "ja" / "messages.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Download PDF"\nmsgstr "PDFをダウンロード"\n',
                        'msgid "Download PDF"\nmsgstr ""\n"PDFを"\n"<b>名</b>"\n')
    po.write_text(text, encoding="utf-8")
    line = text.splitlines().index('"<b>名</b>"') + 1
    assert main(["check", "--content", str(content), "--locale", "ja"]) == 1
    assert f"content/ja/messages.po:{line}: markup '<b>'" in capsys.readouterr().out

"""The `briefing` command: parses arguments and calls one library function."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import json
import logging
import os
import re
import signal
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import NoReturn

from briefing import terminal
from briefing.errors import BriefingError, UsageError
from briefing.jobs.options import FORMATS, Options, project_root
from briefing.jobs.pipeline import build
from briefing.jobs.session import RARE_COLLECTIONS
from briefing.terminal import Progress

log = logging.getLogger("briefing")

PDF_VARIANTS = {"ua-1": "pdf/ua-1", "a-2b": "pdf/a-2b", "a-3u": "pdf/a-3u", "none": None}


def _split(values: Sequence[str] | None) -> list[str]:
    """'--locale ja,ru --locale en' -> ['ja', 'ru', 'en']; an empty value stays, to be refused."""
    return [part.strip(" ") for value in values or () for part in value.split(",")]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description=(
        "Render a briefing written once as facts plus words per language into PDF and HTML."))
    commands = parser.add_subparsers(dest="command", required=True)
    root = project_root()

    b = commands.add_parser("build", help="build HTML and PDF editions into dist/")
    b.add_argument("--locale", action="append", metavar="L",
                   help="a locale to build (repeatable, or a comma list; 'auto' reads LANG)")
    b.add_argument("--format", action="append", metavar="F",
                   help=f"formats to write (comma list of {', '.join(FORMATS)})")
    b.add_argument("--out", type=Path, default=Path("dist"), help="output folder (dist)")
    b.add_argument("--content", type=Path, default=root / "content",
                   help="content folder: locale folders plus the language-neutral files")
    b.add_argument("--templates", type=Path, default=root / "templates",
                   help="template folder")
    b.add_argument("--naming", metavar="PARTY",
                   help="whose form of a name leads where a locale gives several: a party "
                        "(or usage) the briefing declares (default: the locale's policy)")
    b.add_argument("--strict", action="store_true",
                   help="refuse to build a locale that has missing or stale segments")
    b.add_argument("--pdf-variant", choices=sorted(PDF_VARIANTS), default="ua-1",
                   help="PDF standard to follow (default ua-1, tagged)")
    b.add_argument("--bilingual", action="append", metavar="A+B",
                   help="a bilingual edition, primary locale first (repeatable, or a comma "
                        "list; 'none' for none; default: the pairs the content names)")
    b.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size")
    b.add_argument("--force", action="store_true",
                   help="rebuild every edition even if nothing it reads has changed")
    b.add_argument("--jobs", type=int, default=2, metavar="N",
                   help="editions rendered in parallel processes (default 2)")
    b.add_argument("-q", "--quiet", action="store_true", help="only report errors")

    c = commands.add_parser("check", help="list what is missing, stale or wrong per locale")
    c.add_argument("--locale", action="append", metavar="L", help="locales to check")
    c.add_argument("--content", type=Path, default=root / "content")
    c.add_argument("--json", action="store_true", help="print the problems as JSON")
    c.add_argument("-q", "--quiet", action="store_true", help="only report problems")

    v = commands.add_parser("serve", help="preview every edition in a browser; pages "
                                          "re-render and reload when files change")
    v.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free)")
    v.add_argument("--content", type=Path, default=root / "content")
    v.add_argument("--templates", type=Path, default=root / "templates")
    v.add_argument("-q", "--quiet", action="store_true", help="only report errors")

    n = commands.add_parser("new", help="start a briefing: a folder that builds at once, "
                                         "every file commented, a sample of each block")
    n.add_argument("folder", type=Path, metavar="DIR", help="the new content folder")
    n.add_argument("--locales", required=True, metavar="L,L",
                   help="its locales, the reference first: 'en,fr,da'")
    n.add_argument("--templates", type=Path, default=root / "templates")
    n.add_argument("-q", "--quiet", action="store_true", help="only report errors")

    a = commands.add_parser("add-locale", help="add a locale folder with every word to "
                                               "translate")
    a.add_argument("locale", metavar="L", help="the new locale: 'de', 'pt_BR'")
    a.add_argument("--content", type=Path, default=root / "content")
    a.add_argument("--templates", type=Path, default=root / "templates")
    a.add_argument("-q", "--quiet", action="store_true", help="only report errors")

    s = commands.add_parser("schema", help="the JSON Schema of a content file, or the "
                                           "reference of every field")
    s.add_argument("file", nargs="?", choices=["briefing.yaml", "gazetteer.yaml", "text.yaml",
                                               "names.yaml"],
                   help="print this file's JSON Schema")
    s.add_argument("--out", type=Path, metavar="DIR",
                   help="write every file's schema into DIR")
    s.add_argument("--reference", action="store_true",
                   help="print the reference of every field, as Markdown")

    r = commands.add_parser("review", help="mark translated segments as up to date with "
                                           "the reference text")
    r.add_argument("--locale", required=True, metavar="L")
    r.add_argument("--content", type=Path, default=root / "content")
    r.add_argument("segments", nargs="*", metavar="SEGMENT", help="segment ids")
    r.add_argument("--all", action="store_true",
                   help="every segment, except stale ones whose translation has not changed "
                        "since they went stale")
    r.add_argument("--force", action="store_true",
                   help="with --all: those stale ones too")
    r.add_argument("-q", "--quiet", action="store_true", help="only report errors")

    e = commands.add_parser("export", help="a locale's segments and source titles as a PO "
                                           "or XLIFF file for translators' tools")
    e.add_argument("--locale", required=True, metavar="L")
    e.add_argument("--format", choices=["po", "xliff", "xliff2"], default="po",
                   help="po (Weblate, Crowdin, Transifex, Poedit), xliff (XLIFF 1.2, CAT "
                        "tools) or xliff2 (XLIFF 2.1); default po")
    e.add_argument("--out", type=Path, help="file to write (default: standard output)")
    e.add_argument("--content", type=Path, default=root / "content")

    i = commands.add_parser("import", help="translations from a PO or XLIFF file into the "
                                           "locale's text.yaml")
    i.add_argument("file", type=Path, metavar="FILE")
    i.add_argument("--locale", metavar="L", help="the locale (default: the one the file names)")
    i.add_argument("--content", type=Path, default=root / "content")
    i.add_argument("-q", "--quiet", action="store_true", help="only report errors")

    g = commands.add_parser("glossary", help="the names as a termbase for translators' tools")
    g.add_argument("--format", choices=["tbx", "tbx-2008", "csv"], default="tbx",
                   help="tbx (TBX-Basic, TBX 2019), tbx-2008 (older TBX, one language pair: "
                        "Weblate, translate-toolkit) or csv; default tbx")
    g.add_argument("--locale", action="append", metavar="L",
                   help="locales to include (default: all; tbx-2008 takes one)")
    g.add_argument("--out", type=Path, help="file to write (default: standard output)")
    g.add_argument("--content", type=Path, default=root / "content")
    return parser


def entry() -> NoReturn:
    """The `briefing` command: `main`, then exit."""
    # A command imports some hundred modules and loads the content: objects that live
    # as long as the process. With Python's default thresholds the collector walked
    # them again and again, a tenth of that time.
    gc.set_threshold(*RARE_COLLECTIONS)
    status = main()
    # The work is done (or stopped): a Ctrl-C while the interpreter winds down (the
    # worker processes exiting) would only turn the status into a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Nothing is left to collect: the interpreter need not walk the whole heap again
    # on its way out (a fifth of a second after a build).
    gc.freeze()
    # What must happen at exit happens now (the worker processes joined, temporary
    # folders removed, logs flushed); then the process ends without taking apart
    # every module and object one by one, 30 ms of every command.
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting, for tests."""
    with terminal.interrupts_remembered():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has already printed its message
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    logging.basicConfig(level=logging.ERROR if getattr(args, "quiet", False) else logging.INFO,
                        format="%(message)s", stream=sys.stderr)
    # The renderer's complaints are collected and raised as errors by the library.
    logging.getLogger("weasyprint").propagate = False
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # WeasyPrint's own dependency
    try:
        return _run(args)
    except BriefingError as exc:
        print(f"briefing: error: {exc}" if not str(exc).count("\n") else
              f"briefing: {len(getattr(exc, 'problems', [])) or 'several'} problem(s):\n{exc}",
              file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output went away (`briefing check | head`): nothing more to
        # say, and nothing to flush at exit either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # as a process killed by SIGPIPE
    except Exception:
        if terminal.interrupted():  # whatever the interrupt became on its way up
            print("briefing: interrupted", file=sys.stderr)
            return 130
        raise


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        written = build(_build_options(args), progress=None if args.quiet else Progress())
        if written:
            log.info("wrote %d file(s) to %s", len(written), args.out)
        else:
            log.info("%s is up to date (--force rebuilds it)", args.out)
    elif args.command == "check":
        return _check(args)
    elif args.command == "serve":
        return _serve(args)
    elif args.command in ("new", "add-locale", "schema"):
        return _author(args)
    elif args.command == "review":
        return _review(args)
    elif args.command == "export":
        from briefing.exchange.outgoing import export

        _write(export(args.content, _locales([args.locale], args.content)[0], args.format),
               args.out)
    elif args.command == "import":
        return _import(args)
    elif args.command == "glossary":
        from briefing.exchange.outgoing import glossary

        _write(glossary(args.content, args.format, _locales(args.locale or [], args.content)),
               args.out)
    return 0


def _write(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from briefing.exchange.files import replace_files

    replace_files({out: data})


def _import(args: argparse.Namespace) -> int:
    from briefing.exchange.incoming import import_file

    tag = _locales([args.locale], args.content)[0] if args.locale else None
    done = import_file(args.content, args.file, tag)
    log.info("%s: %d unit(s) updated from %s", done.tag, len(done.changed), args.file)
    if done.left:
        log.info("%s: %d unit(s) not marked done were left as they are", done.tag,
                 len(done.left))
    return 0


def _review(args: argparse.Namespace) -> int:
    from briefing.exchange.review import review

    tag = _locales([args.locale], args.content)[0]
    if bool(args.segments) == args.all:
        raise UsageError(f"review: name the segments to mark as reviewed (`briefing check "
                         f"--locale {tag}` lists them), or give --all to mark every "
                         "up-to-date translation" if not args.segments else
                         "review: give segment ids or --all, not both")
    if args.force and not args.all:
        raise UsageError("review: --force goes with --all")
    done = review(args.content, tag, args.segments, all_segments=args.all, force=args.force)
    log.info("%s: marked %d segment(s) as reviewed", tag, len(done.marked))
    if done.held:
        log.warning("%s: %d stale segment(s) left stale, their translation unchanged since "
                    "their source text changed: %s; review each by id, or --all --force",
                    tag, len(done.held), ", ".join(done.held))
        return 1
    return 0


def _author(args: argparse.Namespace) -> int:
    from briefing.scaffold import schema
    from briefing.scaffold.catalog import shipped_folders

    if args.command == "new":
        import datetime as dt

        from briefing.scaffold.new import new_briefing

        tags = new_briefing(args.folder, _split([args.locales]), args.templates,
                            shipped_folders(), dt.date.today())
        log.info("wrote %s (%s); build it with: briefing build --content %s", args.folder,
                 ", ".join(tags), args.folder)
    elif args.command == "add-locale":
        from briefing.scaffold.locale import add_locale

        folder = add_locale(args.content, args.locale, args.templates, shipped_folders())
        log.info("wrote %s; `briefing check --content %s --locale %s` lists what to "
                 "translate", folder, args.content, folder.name)
    elif args.out is not None:
        for path in schema.write_schemas(args.out):
            log.info("wrote %s", path)
    elif args.reference:
        print(schema.reference(), end="")
    else:
        if args.file is None:
            raise UsageError("name a content file (briefing.yaml, gazetteer.yaml, text.yaml "
                             "or names.yaml), or give --out DIR or --reference")
        print(schema.schema_text(args.file), end="")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from briefing.serve import make_server

    options = Options(content=args.content, templates=args.templates)
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: expected a port from 0 (any free one) to 65535")
    try:
        server = make_server(options, args.port)
    except OSError as exc:
        raise UsageError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror}") from None
    print(f"serving every edition at http://127.0.0.1:{server.port}/ (Ctrl-C stops)",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def _check(args: argparse.Namespace) -> int:
    from briefing.check import check

    report = check(args.content, _locales(args.locale or [], args.content))
    if args.json:
        print(json.dumps([asdict(p) for p in report.problems], ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(problem)
        if report.clean:
            log.info("clean: %s", ", ".join(report.locales))
    return 0 if report.clean else 1


def _locales(values: Sequence[str], content: Path) -> list[str]:
    from briefing.content.folder import locale_folders
    from briefing.edition.l10n import choose

    available = locale_folders(content)
    return [choose(v, available) for v in _split(values)]


def _build_options(args: argparse.Namespace) -> Options:
    locales = _split(args.locale)
    preferred: list[str] = []
    if "auto" in locales:
        from briefing.edition.l10n import from_environment

        preferred = [from_environment(dict(os.environ))]
        locales = [v for v in locales if v != "auto"]
    if any(not v for v in locales):
        raise UsageError("--locale needs a value such as 'en', 'ja' or 'ru'")
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not re.fullmatch("[0-9]{1,20}", epoch):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r}: expected a whole number of seconds "
                         "since 1970")
    pairs = _split(args.bilingual) if args.bilingual else None
    if args.jobs < 1:
        raise UsageError("--jobs needs a number of processes, 1 or more")
    return Options(content=args.content, templates=args.templates, out=args.out,
                   locales=locales, preferred=preferred, formats=_split(args.format) or FORMATS,
                   bilingual=[] if pairs == ["none"] else pairs,
                   naming=args.naming, strict=args.strict,
                   pdf_variant=PDF_VARIANTS[args.pdf_variant], paper=args.paper,
                   source_date_epoch=int(epoch) if epoch else None,
                   force=args.force, workers=args.jobs, cache=_cache())


def _cache() -> Path | None:
    from briefing.jobs.timings import default_cache

    try:
        return default_cache()
    except (RuntimeError, OSError):  # no home folder to find
        return None

"""What each edition was built from, so that an edition whose inputs did not change is skipped."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import __version__
from briefing.errors import FileError, FileGone
from briefing.files import MAX_DATA_BYTES, files_under, read_bytes
from briefing.jobs.plan import Job

if TYPE_CHECKING:
    from briefing.content.folder import Content
    from briefing.jobs.options import Options


MANIFEST = ".briefing-manifest.json"


def inputs_signature(*folders: Path) -> str:
    """A hash of every file under the folders: names and bytes. A file that vanishes
    while they are read (an editor's save probe) is left out, as if never listed."""
    digest = hashlib.sha256(__version__.encode())
    for folder in folders:
        _sign_folder(digest, folder)
    return digest.hexdigest()


def _sign_folder(digest: Any, folder: Path, root: Path | None = None) -> None:
    """Every file under `folder`, which lies under `root` (the content or templates)."""
    for path in files_under(folder, root):
        try:
            data = read_bytes(path, root or folder, limit=MAX_DATA_BYTES)
        except FileGone:
            continue
        _sign_file(digest, os.fsencode(path.relative_to(folder)), data)


def _sign_file(digest: Any, name: bytes, data: bytes) -> None:
    digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big"))
    digest.update(data)


def _settings(options: Options, *leave_out: str) -> bytes:
    settings = {k: v for k, v in asdict(options).items()
                if k not in ("out", "force", "workers", "cache", *leave_out)}
    return json.dumps(settings, default=str, sort_keys=True).encode()


def build_key(options: Options) -> str:
    """Every input of a whole build, read without parsing any of it: the settings (what
    was asked for included), the package version and every file's name and bytes."""
    digest = hashlib.sha256(_settings(options))
    digest.update(inputs_signature(options.content, options.templates).encode())
    return digest.hexdigest()


def fingerprints(plan: Sequence[Job], options: Options, content: Content) -> dict[Job, str]:
    """Everything each job's outputs depend on: settings, templates, the neutral content,
    its own locale folders, the reference locale (which fills any gap), the locales
    its names table shows, and, for a PDF, the characters of the folders of every
    language it shows, to which its fonts are cut (an edit elsewhere that brings no
    new character leaves it alone). Each file is read once, whatever the number of
    jobs."""
    from briefing.edition.resolve import edition_folders, font_folders
    from briefing.pdf.fonts import folder_characters

    root = options.content
    locales = set(content.locales)
    signed: dict[Path, bytes] = {}

    def sign(path: Path) -> bytes:
        if path not in signed:
            digest = hashlib.sha256()
            if path.is_dir():
                _sign_folder(digest, path, options.templates if path == options.templates
                             else root)
            else:
                with contextlib.suppress(FileGone):
                    _sign_file(digest, os.fsencode(path.name),
                               read_bytes(path, root, limit=MAX_DATA_BYTES))
            signed[path] = digest.digest()
        return signed[path]

    common = hashlib.sha256(_settings(options, "locales", "bilingual"))
    common.update(" ".join(sorted(locales)).encode())  # the language switcher lists them
    for path in [options.templates, *sorted(p for p in root.iterdir() if p.name not in locales)]:
        common.update(sign(path))
    keys = {}
    characters: dict[tuple[str, ...], bytes] = {}
    for job in plan:
        digest = common.copy()
        whole, names_only = edition_folders(content, job.locales)
        for tag in sorted(whole):
            digest.update(sign(root / tag))
        for tag in sorted(names_only):  # the names table: names and the naming policy
            digest.update(sign(content.locales[tag].names_doc.path))
            digest.update(repr(content.locales[tag].text.naming).encode())
        if "pdf" in options.formats:
            fonts = tuple(font_folders(content, job.locales))
            if fonts not in characters:
                found = folder_characters(root / tag for tag in fonts)
                characters[fonts] = "".join(sorted(found)).encode()
            digest.update(characters[fonts])
        keys[job] = digest.hexdigest()
    return keys


@dataclass
class Manifest:
    """What each edition was last built from, so that an unchanged one is skipped."""

    path: Path
    entries: dict[str, Any]

    @classmethod
    def read(cls, out: Path) -> Manifest:
        path = out / MANIFEST
        try:  # read as a project file: a FIFO or /dev/zero in its place is no manifest
            entries = json.loads(read_bytes(path, out, limit=MAX_DATA_BYTES))
        except (FileError, ValueError, RecursionError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {})

    def outputs(self) -> list[str]:
        """Every output file that builds wrote into the folder and did not remove."""
        listed = self.entries.get("outputs", "")
        return [n for n in listed.split("\n") if n] if isinstance(listed, str) else []

    def unchanged(self, key: str) -> bool:
        """The whole build was made from exactly these inputs, and its files are there."""
        outputs = self.outputs()
        return self.entries.get("build") == key and bool(outputs) and all(
            (self.path.parent / name).is_file() for name in outputs)

    def stale(self, built: Sequence[str], locales: Collection[str],
              restricted: bool) -> list[str]:
        """Outputs of earlier builds that this one does not make: those of a locale that
        is gone, and, when the build was not restricted to some locales, pairs or
        formats, every one."""
        made = set(built)
        gone = []
        for name in self.outputs():
            edition = name.partition("/")[0] if "/" in name else ""
            if name in made or _unsafe(name):
                continue
            if not restricted or not set(edition.split("+")) <= set(locales):
                gone.append(name)
        return gone

    def pending(self, todo: Sequence[Job], built: Sequence[str]) -> bytes:
        """The manifest while this build's files are renamed into place: it knows no
        build and none of the editions being written, and lists every output of before
        and after, so that a build killed half-way is made whole by the next one."""
        entries = {k: v for k, v in self.entries.items()
                   if k != "build" and k not in {job.name for job in todo}}
        entries["outputs"] = "\n".join(sorted({*self.outputs(), *built}))
        return _dump(entries)

    def record_build(self, key: str, built: Sequence[str], removed: Sequence[str]) -> None:
        self.entries.pop("seconds", None)  # timings are kept out of the folder (timings.py)
        self.entries["build"] = key
        self.entries["outputs"] = "\n".join(sorted({*self.outputs(), *built} - set(removed)))
        for name in removed:
            self.entries.pop(name.partition("/")[0], None)

    def fresh(self, job: Job, key: str, formats: Sequence[str]) -> bool:
        return self.entries.get(job.name) == key and all(
            (self.path.parent / f).is_file() for f in job.files(formats))

    def record(self, job: Job, key: str) -> None:
        self.entries[job.name] = key

    def contents(self) -> dict[str, dict[str, int]]:
        """Where each edition's table of contents pointed in the last build."""
        found = self.entries.get("contents")
        if not isinstance(found, dict):
            return {}
        return {name: pages for name, pages in found.items() if isinstance(pages, dict)
                and all(isinstance(v, int) for v in pages.values())}

    def record_contents(self, contents: dict[str, dict[str, int]]) -> None:
        self.entries["contents"] = {**self.contents(), **contents}

    def dump(self) -> bytes:
        return _dump(self.entries)


def _dump(entries: dict[str, Any]) -> bytes:
    return json.dumps(entries, indent=1, sort_keys=True).encode()


def _unsafe(name: str) -> bool:
    """A name no build writes: absolute, climbing out, or deeper than one folder."""
    parts = name.split("/")
    return name.startswith("/") or ".." in parts or len(parts) > 2 or "" in parts

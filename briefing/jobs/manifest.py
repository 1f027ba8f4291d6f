"""What each edition was built from, so that an edition whose inputs did not change is skipped."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import __version__
from briefing.errors import FileGone
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
                if k not in ("out", "force", "workers", *leave_out)}
    return json.dumps(settings, default=str, sort_keys=True).encode()


def build_key(options: Options) -> str:
    """Every input of a whole build, read without parsing any of it: the settings (what
    was asked for included), the package version and every file's name and bytes."""
    digest = hashlib.sha256(_settings(options))
    digest.update(inputs_signature(options.content, options.templates).encode())
    return digest.hexdigest()


def fingerprints(plan: Sequence[Job], options: Options, content: Content) -> dict[Job, str]:
    """Everything each job's outputs depend on: settings, templates, the neutral content,
    its own locale folders, the reference locale (which fills any gap) and the locales
    its names table shows. Each file is
    read once, whatever the number of jobs."""
    from briefing.edition.resolve import edition_folders

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
    for job in plan:
        digest = common.copy()
        whole, names_only = edition_folders(content, job.locales)
        for tag in sorted(whole):
            digest.update(sign(root / tag))
        for tag in sorted(names_only):  # the names table: names and the naming policy
            digest.update(sign(content.locales[tag].names_doc.path))
            digest.update(repr(content.locales[tag].text.naming).encode())
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
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {})

    def unchanged(self, key: str) -> bool:
        """The whole build was made from exactly these inputs, and its files are there."""
        outputs = self.entries.get("outputs", "")
        return self.entries.get("build") == key and bool(outputs) and all(
            (self.path.parent / name).is_file() for name in outputs.split("\n"))

    def record_build(self, key: str, outputs: Sequence[str]) -> None:
        self.entries["build"] = key
        self.entries["outputs"] = "\n".join(sorted(outputs))

    def fresh(self, job: Job, key: str, formats: Sequence[str]) -> bool:
        return self.entries.get(job.name) == key and all(
            (self.path.parent / f).is_file() for f in job.files(formats))

    def record(self, job: Job, key: str) -> None:
        self.entries[job.name] = key

    def longest_first(self, jobs: Sequence[Job]) -> list[Job]:
        """The jobs ordered by the time each took last, longest first, so that the
        workers finish together; a job not timed yet keeps its place at the front."""
        took = self.entries.get("seconds")
        took = took if isinstance(took, dict) else {}
        known = [j for j in jobs if isinstance(took.get(j.name), int | float)]
        return ([j for j in jobs if j not in known]
                + sorted(known, key=lambda j: -float(took[j.name])))

    def contents(self) -> dict[str, dict[str, int]]:
        """Where each edition's table of contents pointed in the last build."""
        found = self.entries.get("contents")
        if not isinstance(found, dict):
            return {}
        return {name: pages for name, pages in found.items() if isinstance(pages, dict)
                and all(isinstance(v, int) for v in pages.values())}

    def record_contents(self, contents: dict[str, dict[str, int]]) -> None:
        self.entries["contents"] = {**self.contents(), **contents}

    def record_seconds(self, seconds: dict[str, float]) -> None:
        took = self.entries.get("seconds")
        took = dict(took) if isinstance(took, dict) else {}
        took.update({name: round(value, 2) for name, value in seconds.items()})
        self.entries["seconds"] = took

    def dump(self) -> bytes:
        return json.dumps(self.entries, indent=1, sort_keys=True).encode()


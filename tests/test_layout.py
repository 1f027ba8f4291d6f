"""The package's shape: stages as subpackages, small modules, no import cycle, and the
README's Python example running as written."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

from briefing.jobs.options import project_root

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"
STAGES = ("content", "edition", "render", "map", "pdf", "jobs", "exchange")
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every module of the package that `name` imports, at any depth of its code
    (imports inside functions and under TYPE_CHECKING count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from briefing.pdf import tagging` imports the module briefing.pdf.tagging
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    # The package root re-exports the public API lazily (by name, on first use); its
    # edges are not imports that run when a module loads, and every module may read
    # its __version__.
    return {name: set() if name == "briefing" else _imports(path, name, known)
            for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_walker_sees_lazy_imports() -> None:
    graph = _graph()
    # jobs.session imports the renderers inside its functions only.
    assert "briefing.render.pages" in graph["briefing.jobs.session"]
    assert "briefing.pdf.tagging" in graph["briefing.pdf.renderer"]


def test_stages_are_subpackages_with_a_docstring() -> None:
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) >= 3, stage


def test_no_module_is_long() -> None:
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def _readme_python() -> str:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README has a Python example"
    return blocks[0]


def test_readme_python_example_runs_as_written(tmp_path: Path) -> None:
    code = _readme_python()
    assert "briefing.build(briefing.Options(" in code
    # The example names a content folder of the reader's: here, a copy of the default.
    shutil.copytree(project_root() / "content", tmp_path / "my-content")
    result = subprocess.run([sys.executable, "-c", code + "\nprint(len(pdf), type(page))"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0].isdigit() and int(result.stdout.split()[0]) > 10_000
    assert (tmp_path / "site" / "ja" / "briefing.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "site" / "ja+ru" / "briefing.html").is_file()

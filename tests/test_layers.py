"""The shape of the house: imports go one way, render is pure, only output.py writes files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assessor"
# What render may import from assessor: itself and the plain layers below every stage.
RENDER_MAY_IMPORT = {"assessor.render", "assessor.errors", "assessor.serialize", "assessor.score", "assessor.facts",
                     "assessor.model"}


def imports(path: Path) -> set[str]:
    """Every assessor module ``path`` imports (at the top or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "assessor":
                found |= {f"assessor.{a.name}" for a in node.names}
            else:
                found.add(node.module)
    return {m for m in found if m.startswith("assessor")}


def test_render_imports_nothing_above_it():
    for path in (PACKAGE / "render").glob("*.py"):
        bad = {m for m in imports(path) if not any(m == ok or m.startswith(ok + ".") for ok in RENDER_MAY_IMPORT)}
        assert not bad, f"{path.name} imports {bad}"


def test_only_output_writes_files():
    """Others write through output.write_atomic / write_all, never by themselves."""
    writing = re.compile(r"write_text|write_bytes|os\.replace|open\([^)]*['\"][wax]b?['\"]")
    for path in PACKAGE.rglob("*.py"):
        if path.name == "output.py":
            continue
        assert not writing.search(path.read_text(encoding="utf-8")), f"{path.relative_to(PACKAGE)} writes files"


def test_the_cli_has_no_import_circle():
    cli = PACKAGE / "cli"
    # common may use the library (loading, projects, scenarios), never another CLI module
    assert not any(m.startswith("assessor.cli") for m in imports(cli / "common.py"))
    for name in ("assess.py", "authoring.py", "report.py"):
        assert "assessor.cli" not in imports(cli / name), f"cli/{name} imports the group back"


def test_authoring_library_knows_no_output_format():
    for path in (PACKAGE / "authoring").glob("*.py"):
        assert not any(m.startswith(("assessor.render", "assessor.cli")) for m in imports(path)), path.name

"""store/ owns the SQL and stands below the service layer: it imports no activity, no
command line, no intake service and no web module, so activities stay thin adapters over it
(issue 9). Read from the source, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTER = ("activities", "starter", "intake", "web", "workflows", "bench")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "module",
    sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "store").glob("*.py")),
)
def test_store_imports_no_outer_package(module: str) -> None:
    outer = sorted(name for name in imported(ROOT / module) if name.split(".")[0] in OUTER)
    assert outer == [], f"{module} imports {', '.join(outer)}"

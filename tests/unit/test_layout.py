"""The layout shows the design: the import boundaries between the packages, read from the
source with ``ast`` (every import counts, also one inside a function or under
``TYPE_CHECKING``).

- ``models/`` are leaves: pydantic models that import nothing of the project but models,
  and neither temporalio nor SQLAlchemy.
- ``rules/`` is the pure core: it imports models and itself, never temporalio, SQLAlchemy
  or an outer package.
- ``store/`` owns the SQL and imports neither ``activities/`` nor ``starter/``.
- ``web/`` writes the record only through the service and workflow updates: apart from the
  modules that keep the web's own tables (users, sessions, guess counts), no web module
  commits a session, adds to one, or builds an INSERT, UPDATE or DELETE.
- No package imports itself round in a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_PROJECT = {"tests", "node_modules", "build", "test-output"}
PLATFORM = ("temporalio", "sqlalchemy", "asyncpg", "alembic", "fastapi", "starlette")
# Web modules that keep the web app's own tables: users, staff sessions, guess counts.
WEB_OWN_TABLES = {"web.users", "web.sessions", "web.limits", "web.seed"}
WEB_OWN_TABLES |= {"web.resident_links"}  # the resident's sign-in links (R-RES-1)
SESSION_NAMES = {"session", "db", "uow"}
DML = {"insert", "update", "delete"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "models.complaint"
    target: str  # what it imports, e.g. "rules.policy.PolicyProfile"
    line: int
    top_level: bool  # run when the module is imported (not inside a function)

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def project_modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in NOT_PROJECT or any(p.startswith(".") for p in parts):
            continue
        if len(parts) > 1 and not (ROOT / parts[0] / "__init__.py").exists():
            continue  # not a package of ours (e.g. a tool's folder)
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = project_modules()
TOPS = {name.split(".")[0] for name in MODULES}


def imports_of(module: str) -> Iterator[Import]:
    path = MODULES[module]
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(inner) for inner in ast.walk(node) if inner is not node)
    for node in ast.walk(tree):
        top = id(node) not in in_function
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno, top)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                yield Import(module, f"{base}.{alias.name}", node.lineno, top)


def in_package(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def of_package(package: str) -> list[str]:
    return [name for name in MODULES if in_package(name, package)]


def outside(package: str, allowed: set[str], *, platform: bool = True) -> list[str]:
    """Imports from ``package`` of a project package not in ``allowed`` and, unless
    ``platform`` is False, of the platform (temporalio, SQLAlchemy, the web framework)."""
    found = []
    for module in of_package(package):
        for imp in imports_of(module):
            top = imp.target.split(".")[0]
            if (top in TOPS and top not in allowed) or (platform and top in PLATFORM):
                found.append(str(imp))
    return found


def on_platform(package: str) -> list[str]:
    return outside(package, allowed=TOPS)


def test_the_packages_under_test_are_found() -> None:
    for package in ("models", "rules", "store", "web", "workflows", "activities", "starter"):
        assert of_package(package), f"no modules found for {package}/"
    assert "models.complaint" in MODULES and "settings" in MODULES


def test_models_are_leaves_importing_nothing_of_the_project_but_models() -> None:
    assert outside("models", allowed={"models"}) == []


def test_rules_import_neither_temporalio_nor_sqlalchemy_nor_the_web() -> None:
    assert on_platform("rules") == []


# The letters' own models are part of the pure core: the rules build them (issue 9, typed
# letters), so they import nothing of the platform and nothing that renders.
LETTER_MODELS = ("letters.models", "letters.parts", "letters.responses", "letters.errors")
RENDERING = {"jinja2", "fpdf", "markupsafe"}


def test_rules_import_only_models_rules_and_the_letters_models() -> None:
    found = outside("rules", allowed={"rules", "models"}, platform=False)
    assert [f for f in found if not f.split(" imports ")[1].startswith(LETTER_MODELS)] == []


def test_the_letters_models_import_neither_the_platform_nor_a_renderer() -> None:
    found = [
        str(imp)
        for package in LETTER_MODELS
        for module in of_package(package)
        for imp in imports_of(module)
        if imp.target.split(".")[0] in {*RENDERING, "temporalio", "sqlalchemy", "asyncpg"}
        or imp.target.startswith(("letters.render", "delivery", "store", "web", "workflows"))
    ]
    assert found == []


def test_a_boundary_check_names_the_offending_import(tmp_path: Path) -> None:
    # The walk itself: an import inside a function and a relative import are both seen.
    source = "from .policy import X\n\ndef f():\n    import temporalio.workflow\n"
    MODULES["rules._layout_probe"] = tmp_path / "probe.py"
    (tmp_path / "probe.py").write_text(source)
    try:
        found = [str(imp) for imp in imports_of("rules._layout_probe")]
        assert found == [
            "rules._layout_probe:1 imports rules.policy.X",
            "rules._layout_probe:4 imports temporalio.workflow",
        ]
        probe = [f for f in on_platform("rules") if f.startswith("rules._layout_probe")]
        assert probe == ["rules._layout_probe:4 imports temporalio.workflow"]
    finally:
        del MODULES["rules._layout_probe"]


def test_store_imports_neither_activities_nor_starter() -> None:
    found = [
        str(imp)
        for module in of_package("store")
        for imp in imports_of(module)
        if imp.target.split(".")[0] in {"activities", "starter"}
    ]
    assert found == []


def _store_writes(module: str) -> Iterator[str]:
    path = MODULES[module]
    tree = ast.parse(path.read_text("utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            name = receiver.id if isinstance(receiver, ast.Name) else None
            if name == "uow" and node.func.attr == "commit":
                continue  # a unit of work (store.db.UnitOfWork) is the way to write
            if node.func.attr in {"commit", "flush"} or (
                node.func.attr in {"add", "add_all", "merge", "delete"} and name in SESSION_NAMES
            ):
                yield f"{module}:{node.lineno} calls {name or '...'}.{node.func.attr}()"
    for imp in imports_of(module):
        if imp.target.split(".")[0] == "sqlalchemy" and imp.target.rpartition(".")[2] in DML:
            yield str(imp)
        if imp.target.split(".")[0] == "activities":
            yield str(imp)


def test_web_writes_the_record_only_through_the_service_and_the_workflows() -> None:
    found = [
        write
        for module in of_package("web")
        if module not in WEB_OWN_TABLES
        for write in _store_writes(module)
    ]
    assert found == []


def _cycles(top_level_only: bool) -> list[list[str]]:
    """Strongly connected groups of modules of more than one (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        edges = set()
        for imp in imports_of(module):
            if top_level_only and not imp.top_level:
                continue
            target = imp.target
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != module:
                edges.add(target)
        graph[module] = edges
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert _cycles(top_level_only=False) == []


@pytest.mark.parametrize("top_level_only", [True, False], ids=["at import", "any import"])
def test_the_cycle_finder_finds_a_cycle(top_level_only: bool, tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import models.b_probe\n")
    (tmp_path / "b.py").write_text("def f():\n    import models.a_probe\n")
    MODULES["models.a_probe"] = tmp_path / "a.py"
    MODULES["models.b_probe"] = tmp_path / "b.py"
    try:
        cycles = _cycles(top_level_only)
    finally:
        del MODULES["models.a_probe"], MODULES["models.b_probe"]
    expected = [] if top_level_only else [["models.a_probe", "models.b_probe"]]
    assert cycles == expected


# Modules of about 250 lines (issue 9): long enough to hold one idea, short enough to read
# at a sitting. The cap leaves room to grow a little before a module must be split.
MODULE_LINES_CAP = 300


def test_every_module_of_the_project_stays_within_the_cap_of_lines() -> None:
    assert len(MODULES) > 100, "the walk should find the whole project"
    too_long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text("utf-8").splitlines())) > MODULE_LINES_CAP
    }
    assert too_long == {}, f"split these into modules of about 250 lines: {too_long}"

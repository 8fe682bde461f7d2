"""Developer entry point; runs with a bare ``python3`` (standard library only).

    python3 dev.py up             # whole stack on embedded defaults, until Ctrl-C
    python3 dev.py test [ARGS]    # ruff, ruff format --check and mypy, then the test suite
    python3 dev.py test --no-lint [ARGS]   # the test suite alone; ARGS go to pytest
    python3 dev.py test --fast    # all but the browser and fault tests (not linted)
    python3 dev.py test --python 3.13 [--fast] [ARGS]   # on another Python, in .venv-3.13
    python3 dev.py pythons        # the supported Pythons on this machine, newest first

Each first makes sure its venv exists and holds the project installed from the current
pyproject.toml (re-installing only when that file changed). ``.venv`` is built with the
``python3`` running this file when redress supports it, else with the newest supported
Python found on PATH (or among pyenv's versions).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Finding a Python and building the venvs: devtools/, standard library only like this file.
from devtools.environment import (
    ROOT,
    default_environment,
    ensure_frontend,
    ensure_test_tools,
    environment_for,
    fail,
)
from devtools.pythons import installed_pythons, unsupported_message, version_text

# The fast part of the suite leaves out the browser tests and the fault tests (servers
# stopped and restarted, a worker killed), the slow ones.
SLOW_TESTS = ("tests/browser", "tests/stack", "tests/delivery/test_exactly_once.py")
PYTEST_NO_TESTS_COLLECTED = 5
# What `test` runs before pytest, each as configured in pyproject.toml (mypy's `files`).
# Run before pytest on every `test` (see parse_lint_options); `--no-lint` skips them.
LINTERS = (
    ("ruff", "check", "."),
    ("ruff", "format", "--check", "."),
    ("mypy",),
)


def up(args: list[str]) -> None:
    python = default_environment()
    ensure_frontend()
    os.chdir(ROOT)  # the stack keeps its data in .redress/ beside this file
    argv = [str(python), "-m", "devstack", "up", *args]
    os.execv(argv[0], argv)


def parse_test_options(args: list[str]) -> tuple[str | None, bool, list[str]]:
    """`--python X.Y` and `--fast`, given before pytest's own arguments."""
    version, fast, _lint, args = parse_lint_options(args)
    return version, fast, args


def parse_lint_options(args: list[str]) -> tuple[str | None, bool, bool, list[str]]:
    """`--python X.Y`, `--fast`, `--lint` and `--no-lint`, given before pytest's own
    arguments. The linters run on every `test` but a `--fast` one (the fast part runs on a
    second Python after the whole suite has been linted on the first), unless told."""
    version, fast, lint = None, False, None
    while args:
        if args[0] == "--fast":
            fast, args = True, args[1:]
        elif args[0] in ("--lint", "--no-lint"):
            lint, args = args[0] == "--lint", args[1:]
        elif args[0] == "--python" and len(args) > 1:
            version, args = args[1], args[2:]
        elif args[0].startswith("--python="):
            version, args = args[0].partition("=")[2], args[1:]
        else:
            break
    return version, fast, (not fast) if lint is None else lint, args


def lint(python: Path) -> None:
    """ruff, ruff format --check and mypy, each from the venv; the first that fails ends the
    run with its status."""
    for linter in LINTERS:
        argv = [str(python), "-m", *linter]
        print(f"dev.py: {' '.join(linter)}", flush=True)
        code = subprocess.run(argv, cwd=ROOT).returncode
        if code != 0:
            fail(f"{' '.join(linter)} failed (status {code})")


def test(args: list[str]) -> None:
    version, fast, linting, pytest_args = parse_lint_options(args)
    python = default_environment() if version is None else environment_for(version)
    if linting:
        lint(python)
    ensure_frontend()
    ensure_test_tools()
    if fast:
        pytest_args = [f"--ignore={path}" for path in SLOW_TESTS] + pytest_args
    code = subprocess.run([str(python), "-m", "pytest", *pytest_args], cwd=ROOT).returncode
    if code == PYTEST_NO_TESTS_COLLECTED:
        fail("pytest collected no tests; a run that tests nothing is a failure")
    sys.exit(code)


def pythons(args: list[str]) -> None:
    found = installed_pythons()
    for version, python in found:
        print(version_text(version), python)
    if not found:
        fail(unsupported_message(sys.version_info[:3]))


COMMANDS = {"up": up, "test": test, "pythons": pythons}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()

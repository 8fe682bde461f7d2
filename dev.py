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

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:  # annotations only, so that an old python3 gets as far as saying so
    Version = tuple[int, int]
    Found = list[tuple[Version, str]]  # (version, executable), newest first

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PACKAGE_JSON = ROOT / "package.json"  # the web app's front-end assets (GOV.UK Frontend)
NODE_STAMP = ROOT / "node_modules" / ".redress-installed"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, driven by the browser tests
# The Pythons redress runs on, as pyproject.toml's requires-python says (a unit test keeps
# the two in step): 3.11 up to the newest that temporalio, pydantic-core and asyncpg declare.
OLDEST_PYTHON = (3, 11)
NEWEST_PYTHON = (3, 14)
# Debian packages the tests use, installed by `test` when missing and running as root (CI).
TEST_TOOLS = (  # (command, package, the tests that need it)
    (str(CHROMIUM), "chromium", "the browser tests"),
    ("pdftoppm", "poppler-utils", "the test that draws letters' PDF pages as images"),
    ("/usr/sbin/dovecot", "dovecot-imapd", "the mailbox tests, which read a real IMAP server"),
)
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


class NoSupportedPython(Exception):
    """No Python redress runs on could be found; the message says what to install."""


def fail(message: str) -> NoReturn:
    print(f"dev.py: {message}", file=sys.stderr)
    sys.exit(1)


def version_text(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


def supported(version: tuple[int, ...]) -> bool:
    return OLDEST_PYTHON <= tuple(version[:2]) <= NEWEST_PYTHON


def supported_versions() -> list[Version]:
    """Every supported version, newest first."""
    major, newest = NEWEST_PYTHON
    return [(major, minor) for minor in range(newest, OLDEST_PYTHON[1] - 1, -1)]


def locate(name: str) -> list[str]:
    """Where a command of this name may be: on PATH, then in pyenv's versions (whose shim on
    PATH runs only the versions pyenv has been told to use)."""
    places = []
    on_path = shutil.which(name)
    if on_path is not None:
        places.append(on_path)
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    places.extend(str(path) for path in sorted((pyenv_root / "versions").glob(f"*/bin/{name}")))
    return places


def probe(python: str) -> Version | None:
    """The version of the Python at this path, or None when it does not run."""
    try:
        result = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    parts = result.stdout.split()
    if result.returncode != 0 or len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def installed_pythons(
    locate: Callable[[str], list[str]] = locate, probe: Callable[[str], Version | None] = probe
) -> Found:
    """The supported Pythons on this machine, one per version, newest first. Each candidate
    is run, since a name on PATH may be a shim or link that runs another version, or none."""
    found: Found = []
    for version in supported_versions():
        for python in locate("python{}.{}".format(*version)):
            if probe(python) == version:
                found.append((version, python))
                break
    return found


def unsupported_message(running: tuple[int, ...]) -> str:
    names = ", ".join("python{}.{}".format(*version) for version in supported_versions())
    return (
        f"redress needs Python {version_text(OLDEST_PYTHON)} to {version_text(NEWEST_PYTHON)}"
        f" (this is {version_text(running[:3])}) and found none of {names} on PATH or in"
        f" pyenv; install one of them (your package manager's python3, python.org or pyenv)"
    )


def choose_python(
    running: tuple[int, ...], executable: str, pythons: Callable[[], Found] = installed_pythons
) -> str:
    """The Python to build .venv with: the one running dev.py when it is supported, else the
    newest supported one on this machine."""
    if supported(running):
        return executable
    found = pythons()
    if not found:
        raise NoSupportedPython(unsupported_message(running))
    return found[0][1]


def python_of_version(wanted: str, pythons: Callable[[], Found] = installed_pythons) -> str:
    """The Python of the version asked for (`--python 3.13`)."""
    parts = wanted.split(".")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise NoSupportedPython(f"--python takes a version such as 3.13, not {wanted!r}")
    version = (int(parts[0]), int(parts[1]))
    if not supported(version):
        raise NoSupportedPython(
            f"redress runs on Python {version_text(OLDEST_PYTHON)} to"
            f" {version_text(NEWEST_PYTHON)}, not {wanted}"
        )
    for found, python in pythons():
        if found == version:
            return python
    raise NoSupportedPython(f"python{wanted} not found on PATH or in pyenv")


def venv_python(venv: Path) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def run(argv: list[str]) -> None:
    result = subprocess.run(argv, cwd=ROOT)
    if result.returncode != 0:
        fail(f"command failed with status {result.returncode}: {' '.join(argv)}")


def pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment(venv: Path, base_python: Callable[[], str]) -> Path:
    """Create the venv if missing (with base_python) and install the project when
    pyproject.toml changed."""
    python = venv_python(venv)
    if not python.exists():
        try:
            base = base_python()
        except NoSupportedPython as refused:
            fail(str(refused))
        print(f"dev.py: creating {venv.name} with {base}", flush=True)
        run([base, "-m", "venv", str(venv)])
    stamp = venv / ".redress-installed"
    digest = pyproject_digest()
    if stamp.exists() and stamp.read_text().strip() == digest:
        return python
    print(f"dev.py: installing the project and its dev tools into {venv.name}", flush=True)
    pip = [str(python), "-m", "pip", "--quiet", "--disable-pip-version-check"]
    run([*pip, "install", "--editable", ".[dev]"])
    stamp.write_text(digest + "\n")
    return python


def default_environment() -> Path:
    return ensure_environment(VENV, lambda: choose_python(sys.version_info[:3], sys.executable))


def environment_for(version: str) -> Path:
    """`--python X.Y`: .venv when it already runs X.Y, else .venv-X.Y."""
    python = venv_python(VENV)
    if python.exists() and version_text(probe(str(python)) or ()) == version:
        return ensure_environment(VENV, lambda: sys.executable)
    return ensure_environment(ROOT / f".venv-{version}", lambda: python_of_version(version))


def ensure_frontend() -> None:
    """Install the web app's GOV.UK Frontend assets with npm when node_modules is missing or
    package.json changed. Without npm the web app still runs, unstyled: a note, not a failure."""
    if not PACKAGE_JSON.exists():
        return
    digest = hashlib.sha256(PACKAGE_JSON.read_bytes()).hexdigest()
    if NODE_STAMP.exists() and NODE_STAMP.read_text().strip() == digest:
        return
    npm = shutil.which("npm")
    if npm is None:
        print("dev.py: npm not found; the web app will run without its styles", file=sys.stderr)
        return
    print("dev.py: installing the web app's front-end assets (npm)", flush=True)
    result = subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=ROOT)
    if result.returncode != 0:
        print("dev.py: npm install failed; the web app runs without its styles", file=sys.stderr)
        return
    NODE_STAMP.write_text(digest + "\n")


def ensure_test_tools() -> None:
    """Debian packages some tests use (chromium, poppler-utils). On a fresh machine (CI runs
    as root) install the missing ones with apt-get; elsewhere say how, and those tests skip
    (outside CI)."""
    missing = [(c, p, why) for c, p, why in TEST_TOOLS if shutil.which(c) is None]
    if not missing:
        return
    apt_get = shutil.which("apt-get")
    if apt_get is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        for command, package, why in missing:
            print(
                f"dev.py: {command} not found; for {why}, install Debian's {package}"
                f" package (apt-get install {package})",
                file=sys.stderr,
                flush=True,
            )
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    packages = [package for _, package, _ in missing]
    for argv in (
        [apt_get, "update", "-q"],
        [apt_get, "install", "-y", "-q", "--no-install-recommends", *packages],
    ):
        print(f"dev.py: for the tests: {' '.join(argv[1:])}", flush=True)
        if subprocess.run(argv, env=env, stdin=subprocess.DEVNULL).returncode != 0:
            print(f"dev.py: installing {' '.join(packages)} failed", file=sys.stderr, flush=True)
            return


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

"""Developer entry point; runs with a bare ``python3`` (standard library only).

    python3 dev.py up             # whole stack on embedded defaults, until Ctrl-C
    python3 dev.py test [ARGS]    # the test suite; ARGS go to pytest

Both first make sure ``.venv`` exists and holds the project installed from the current
pyproject.toml (re-installing only when that file changed).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".redress-installed"
PACKAGE_JSON = ROOT / "package.json"  # the web app's front-end assets (GOV.UK Frontend)
NODE_STAMP = ROOT / "node_modules" / ".redress-installed"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, driven by the browser tests
REQUIRED_PYTHON = (3, 11)
PYTEST_NO_TESTS_COLLECTED = 5


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def fail(message: str) -> NoReturn:
    print(f"dev.py: {message}", file=sys.stderr)
    sys.exit(1)


def base_python() -> str:
    """A Python 3.11 to build the venv with: this one, else python3.11 on PATH."""
    if sys.version_info[:2] == REQUIRED_PYTHON:
        return sys.executable
    wanted = "python{}.{}".format(*REQUIRED_PYTHON)
    found = shutil.which(wanted)
    if found is None:
        fail(f"redress needs Python 3.11 (this is {sys.version.split()[0]}); install {wanted}")
    return found


def run(argv: list[str]) -> None:
    result = subprocess.run(argv, cwd=ROOT)
    if result.returncode != 0:
        fail(f"command failed with status {result.returncode}: {' '.join(argv)}")


def pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    """Create .venv if missing and install the project when pyproject.toml changed."""
    python = venv_python()
    if not python.exists():
        print("dev.py: creating .venv", flush=True)
        run([base_python(), "-m", "venv", str(VENV)])
    digest = pyproject_digest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return python
    print("dev.py: installing the project and its dev tools into .venv", flush=True)
    pip = [str(python), "-m", "pip", "--quiet", "--disable-pip-version-check"]
    run([*pip, "install", "--editable", ".[dev]"])
    STAMP.write_text(digest + "\n")
    return python


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


def ensure_chromium() -> None:
    """The browser tests drive Debian's chromium. On a fresh machine (CI runs as root) install
    it with apt-get; elsewhere say how, and the browser tests skip (outside CI)."""
    if CHROMIUM.exists():
        return
    apt_get = shutil.which("apt-get")
    if apt_get is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print(
            f"dev.py: {CHROMIUM} not found; the browser tests need Debian's chromium "
            "package (apt-get install chromium)",
            file=sys.stderr,
            flush=True,
        )
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for argv in (
        [apt_get, "update", "-q"],
        [apt_get, "install", "-y", "-q", "--no-install-recommends", "chromium"],
    ):
        print(f"dev.py: for the browser tests: {' '.join(argv[1:])}", flush=True)
        if subprocess.run(argv, env=env, stdin=subprocess.DEVNULL).returncode != 0:
            print("dev.py: installing chromium failed", file=sys.stderr, flush=True)
            return


def up(args: list[str]) -> None:
    python = ensure_environment()
    ensure_frontend()
    os.chdir(ROOT)  # the stack keeps its data in .redress/ beside this file
    argv = [str(python), "-m", "devstack", "up", *args]
    os.execv(argv[0], argv)


def test(args: list[str]) -> None:
    python = ensure_environment()
    ensure_frontend()
    ensure_chromium()
    code = subprocess.run([str(python), "-m", "pytest", *args], cwd=ROOT).returncode
    if code == PYTEST_NO_TESTS_COLLECTED:
        fail("pytest collected no tests; a run that tests nothing is a failure")
    sys.exit(code)


COMMANDS = {"up": up, "test": test}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()

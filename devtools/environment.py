"""The venvs ``dev.py`` runs the project in, and what the web app and the tests need beside.

Each venv holds the project installed from the current pyproject.toml, re-installed only
when that file changed (a digest is kept in the venv). The web app's GOV.UK Frontend
assets come from npm, and the Debian packages some tests use (Chromium, poppler-utils,
dovecot) from apt-get when running as root (CI); without them the web app runs unstyled
and those tests skip, with a note saying what to install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from devtools.pythons import (
    NoSupportedPython,
    choose_python,
    probe,
    python_of_version,
    version_text,
)

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PACKAGE_JSON = ROOT / "package.json"  # the web app's front-end assets (GOV.UK Frontend)
NODE_STAMP = ROOT / "node_modules" / ".redress-installed"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, driven by the browser tests
# Debian packages the tests use, installed by `test` when missing and running as root (CI).
TEST_TOOLS = (  # (command, package, the tests that need it)
    (str(CHROMIUM), "chromium", "the browser tests"),
    ("pdftoppm", "poppler-utils", "the test that draws letters' PDF pages as images"),
    ("/usr/sbin/dovecot", "dovecot-imapd", "the mailbox tests, which read a real IMAP server"),
)


def fail(message: str) -> NoReturn:
    print(f"dev.py: {message}", file=sys.stderr)
    sys.exit(1)


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

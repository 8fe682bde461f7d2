"""The Pythons redress runs on, found on this machine; the one a venv is built with.

``.venv`` is built with the ``python3`` running ``dev.py`` when redress supports it, else
with the newest supported Python found on PATH (or among pyenv's versions); ``--python
X.Y`` asks for one version. Each candidate is run to learn its version, since a name on
PATH may be a shim or a link that runs another version, or none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only, so that an old python3 gets as far as saying so
    Version = tuple[int, int]
    Found = list[tuple[Version, str]]  # (version, executable), newest first

# The Pythons redress runs on, as pyproject.toml's requires-python says (a unit test keeps
# the two in step): 3.11 up to the newest that temporalio, pydantic-core and asyncpg declare.
OLDEST_PYTHON = (3, 11)
NEWEST_PYTHON = (3, 14)


class NoSupportedPython(Exception):
    """No Python redress runs on could be found; the message says what to install."""


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

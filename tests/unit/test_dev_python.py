"""dev.py builds its venvs with a Python redress runs on (`devtools.pythons`): the ``python3``
it was started with when supported, else the newest supported one on the machine, else a
refusal that says what to install. PATH and the interpreters are stand-ins here; the choice
is pure logic."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import dev
from devtools import pythons

PYTHON3 = "/usr/bin/python3"


def machine(on_path: dict[str, tuple[str, tuple[int, int] | None]]):
    """A machine whose PATH has these names, each a path that runs the given version (None:
    a shim or a broken link that does not run)."""
    places = {name: [path] for name, (path, _) in on_path.items()}
    versions = {path: version for path, version in on_path.values()}

    def installed() -> list[tuple[tuple[int, int], str]]:
        return pythons.installed_pythons(
            locate=lambda name: places.get(name, []), probe=lambda path: versions.get(path)
        )

    return installed


def named_version(name: str) -> tuple[int, int]:
    major, minor = name.removeprefix("python").split(".")
    return int(major), int(minor)


def nothing_else_looked_for() -> list[tuple[tuple[int, int], str]]:
    raise AssertionError("a supported python3 should be used without looking for another")


@pytest.mark.parametrize("running", [(3, 11, 7), (3, 12, 1), (3, 13, 0), (3, 14, 2)])
def test_a_supported_python3_running_dev_py_is_the_one_used(running: tuple[int, ...]) -> None:
    assert pythons.choose_python(running, PYTHON3, nothing_else_looked_for) == PYTHON3


@pytest.mark.parametrize(
    ("on_path", "chosen"),
    [
        ({"python3.11": "/usr/bin/python3.11"}, "/usr/bin/python3.11"),
        ({"python3.12": "/usr/bin/python3.12"}, "/usr/bin/python3.12"),
        ({"python3.13": "/usr/local/bin/python3.13"}, "/usr/local/bin/python3.13"),
        (
            {"python3.11": "/usr/bin/python3.11", "python3.13": "/opt/bin/python3.13"},
            "/opt/bin/python3.13",
        ),
        ({"python3.12": "/a/python3.12", "python3.14": "/b/python3.14"}, "/b/python3.14"),
    ],
)
def test_an_unsupported_python3_hands_over_to_the_newest_supported_python_found(
    on_path: dict[str, str], chosen: str
) -> None:
    found = machine({name: (path, named_version(name)) for name, path in on_path.items()})
    assert pythons.choose_python((3, 10, 13), PYTHON3, found) == chosen


def test_python_3_10_alone_is_refused_with_what_to_install() -> None:
    found = machine({"python3.10": ("/usr/bin/python3.10", (3, 10))})
    with pytest.raises(pythons.NoSupportedPython) as refused:
        pythons.choose_python((3, 10, 13), PYTHON3, found)
    assert str(refused.value) == (
        "redress needs Python 3.11 to 3.14 (this is 3.10.13) and found none of python3.14,"
        " python3.13, python3.12, python3.11 on PATH or in pyenv; install one of them (your"
        " package manager's python3, python.org or pyenv)"
    )


def test_a_name_that_does_not_run_its_version_is_passed_over() -> None:
    # A pyenv shim for a version pyenv was not told to use fails; a link may run another.
    found = machine(
        {
            "python3.13": ("/home/dev/.pyenv/shims/python3.13", None),
            "python3.12": ("/usr/local/bin/python3.12", (3, 11)),
            "python3.11": ("/usr/bin/python3.11", (3, 11)),
        }
    )
    assert found() == [((3, 11), "/usr/bin/python3.11")]
    assert pythons.choose_python((3, 9, 2), PYTHON3, found) == "/usr/bin/python3.11"


def test_the_first_place_that_runs_the_version_is_taken() -> None:
    places = {"python3.13": ["/shims/python3.13", "/pyenv/versions/3.13.0/bin/python3.13"]}
    versions = {"/pyenv/versions/3.13.0/bin/python3.13": (3, 13)}
    found = pythons.installed_pythons(
        locate=lambda name: places.get(name, []), probe=lambda path: versions.get(path)
    )
    assert found == [((3, 13), "/pyenv/versions/3.13.0/bin/python3.13")]


@pytest.mark.parametrize(
    ("version", "accepted"),
    [((3, 10), False), ((3, 11), True), ((3, 12), True), ((3, 13), True), ((3, 14), True)]
    + [((3, 15), False), ((2, 7), False), ((4, 0), False)],
)
def test_supported_versions_are_3_11_to_3_14(version: tuple[int, int], accepted: bool) -> None:
    assert pythons.supported(version) is accepted


def test_pyproject_requires_python_is_the_range_dev_py_accepts() -> None:
    pyproject = tomllib.loads((Path(dev.__file__).parent / "pyproject.toml").read_text())
    major, newest = pythons.NEWEST_PYTHON
    expected = f">={pythons.version_text(pythons.OLDEST_PYTHON)},<{major}.{newest + 1}"
    assert pyproject["project"]["requires-python"] == expected


def test_python_option_takes_a_supported_version_found_on_the_machine() -> None:
    found = machine({"python3.13": ("/opt/python3.13", (3, 13))})
    assert pythons.python_of_version("3.13", found) == "/opt/python3.13"
    with pytest.raises(pythons.NoSupportedPython, match="python3.12 not found on PATH or in pyenv"):
        pythons.python_of_version("3.12", found)
    with pytest.raises(pythons.NoSupportedPython, match="runs on Python 3.11 to 3.14, not 3.10"):
        pythons.python_of_version("3.10", found)
    with pytest.raises(pythons.NoSupportedPython, match="a version such as 3.13, not 'latest'"):
        pythons.python_of_version("latest", found)


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        (["--python", "3.13", "--fast", "tests/unit", "-q"], ("3.13", True, ["tests/unit", "-q"])),
        (["--python=3.12", "-x"], ("3.12", False, ["-x"])),
        (["-k", "fast", "--fast"], (None, False, ["-k", "fast", "--fast"])),
        ([], (None, False, [])),
    ],
)
def test_test_options_come_before_pytest_arguments(
    args: list[str], parsed: tuple[str | None, bool, list[str]]
) -> None:
    assert dev.parse_test_options(args) == parsed


def test_pythons_are_looked_for_on_path_then_among_pyenv_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_path = tmp_path / "bin" / "python3.13"
    in_pyenv = tmp_path / "pyenv" / "versions" / "3.13.0" / "bin" / "python3.13"
    for python in (on_path, in_pyenv):
        python.parent.mkdir(parents=True)
        python.write_text("#!/bin/sh\n")
        python.chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path.parent))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    assert pythons.locate("python3.13") == [str(on_path), str(in_pyenv)]
    assert pythons.locate("python3.12") == []

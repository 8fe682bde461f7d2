"""`python3 dev.py test` runs ruff, ruff format --check and mypy before pytest (issue 9);
`--no-lint` skips them, and the `--fast` run on a second Python skips them unless `--lint`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import dev


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        pytest.param([], (None, False, True, []), id="the linters run by default"),
        pytest.param(["--no-lint"], (None, False, False, []), id="no-lint skips them"),
        pytest.param(["--fast"], (None, True, False, []), id="the fast run skips them"),
        pytest.param(["--fast", "--lint"], (None, True, True, []), id="unless told"),
        pytest.param(["--lint"], (None, False, True, []), id="lint alone"),
        pytest.param(
            ["--lint", "--fast", "--python", "3.13", "-x"],
            ("3.13", True, True, ["-x"]),
            id="lint with the other options, pytest's after",
        ),
        pytest.param(["-x", "--lint"], (None, False, True, ["-x", "--lint"]), id="after pytest's"),
    ],
)
def test_lint_is_an_option_before_pytests_arguments(
    args: list[str], parsed: tuple[str | None, bool, bool, list[str]]
) -> None:
    assert dev.parse_lint_options(args) == parsed


def test_the_linters_are_ruff_ruff_format_and_mypy() -> None:
    assert [linter[:2] for linter in dev.LINTERS] == [
        ("ruff", "check"),
        ("ruff", "format"),
        ("mypy",),
    ]


def test_a_failing_linter_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dev, "LINTERS", (("json.tool", "--no-such-option"),))
    with pytest.raises(SystemExit) as stopped:
        dev.lint(Path(sys.executable))
    assert stopped.value.code == 1


def test_passing_linters_let_the_run_go_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(dev, "LINTERS", (("json.tool", "--help"), ("json.tool", "--help")))
    dev.lint(Path(sys.executable))  # returns rather than exits
    assert capsys.readouterr().out.count("dev.py: json.tool --help") == 2

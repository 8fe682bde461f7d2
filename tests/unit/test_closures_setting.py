"""Closure days are a setting like any other (``REDRESS_CLOSURES``), read once by
``Settings`` and refused at start-up when malformed."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from models.calendar import Closures
from settings import Settings


def test_closures_are_read_from_the_environment_as_month_days_and_dates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDRESS_CLOSURES", " 12-29, 12-30 ,2026-06-15,")
    closures = Settings().closures
    assert closures.annual == ["12-29", "12-30"]
    assert closures.dates == [date(2026, 6, 15)]
    assert closures.on(2026) == [date(2026, 12, 29), date(2026, 12, 30)]


def test_no_closures_configured_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDRESS_CLOSURES", raising=False)
    assert Settings().closures == Closures()


@pytest.mark.parametrize(
    ("value", "named"),
    [
        pytest.param("29/12", 'annual closure "29/12"', id="a day written another way"),
        pytest.param("29/12/2026", '"29/12/2026" is neither', id="a date written another way"),
        pytest.param("13-01", 'annual closure "13-01"', id="a month that does not exist"),
        pytest.param("2026-02-30", '"2026-02-30" is neither', id="a date that does not exist"),
    ],
)
def test_a_malformed_closure_is_refused_at_start_up_naming_the_entry(
    monkeypatch: pytest.MonkeyPatch, value: str, named: str
) -> None:
    monkeypatch.setenv("REDRESS_CLOSURES", value)
    with pytest.raises(ValidationError, match=named):
        Settings()


def test_closures_can_be_given_as_a_model() -> None:
    closures = Closures(annual=["12-31"])
    assert Settings(closures=closures).closures == closures

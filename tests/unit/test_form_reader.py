"""The form reader's amounts in pounds (R-REM-2 compensation): what a person types is read
as pounds, and anything that is not an amount is an error beside its field."""

from __future__ import annotations

import pytest

from web.forms import Reader


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("150", 150.0), ("£1,250.50", 1250.5), ("", 0.0), ("0", 0.0)],
)
def test_an_amount_in_pounds_is_read_as_typed(typed: str, amount: float) -> None:
    reader = Reader({"award": typed})
    assert reader.pounds("award", "Award") == amount
    assert reader.errors == {}


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-inf", "infinity", "1e999", "lots"])
def test_what_is_not_an_amount_is_refused_beside_the_field(typed: str) -> None:
    reader = Reader({"award": typed})
    assert reader.pounds("award", "Award") == 0.0
    assert reader.errors == {"award": "Award must be an amount in pounds, like 150.00"}


def test_a_negative_amount_is_refused() -> None:
    reader = Reader({"award": "-5"})
    reader.pounds("award", "Award")
    assert reader.errors == {"award": "Award cannot be negative"}

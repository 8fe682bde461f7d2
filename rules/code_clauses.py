"""Every clause of the Housing Ombudsman's Complaint Handling Code as data (R-GOV-3): its
number, its section, what it requires and whether it is mandatory ("must") or good practice
("should"), one data file per edition of the Code (`data/code-clauses-<edition>.json`).

An edition is in force from the day in its file until the next edition's first day, like
the policy profiles: the 2022 edition (the clauses of the landlord's own self-assessment in
the seeds) until 31 March 2024, the 2024 edition (statutory) from 1 April 2024. The
self-assessment (``reports.assessment``) answers every clause of the edition in force for
its period; a new edition of the Code is a new data file, not new code.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from importlib import resources

from pydantic import BaseModel

EDITION_FILES = ("code-clauses-2022.json", "code-clauses-2024.json")


class CodeClause(BaseModel):
    clause: str  # "5.1"
    section: str
    mandatory: bool  # False: good practice
    requirement: str

    @property
    def order(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.clause.split("."))


class CodeEdition(BaseModel):
    edition: str  # "2024"
    code: str
    in_force_from: date
    in_force_until: date | None = None  # the day before the next edition; None: in force
    source: str
    clauses: tuple[CodeClause, ...]

    @property
    def name(self) -> str:
        """The edition in words, for pages and reports."""
        return f"{self.code} {self.edition}"

    def clause(self, number: str) -> CodeClause | None:
        return next((c for c in self.clauses if c.clause == number), None)


def _read(name: str) -> CodeEdition:
    text = resources.files("rules").joinpath(f"data/{name}").read_text("utf-8")
    found = json.loads(text)
    clauses = sorted(
        (CodeClause.model_validate(c) for c in found.pop("clauses")), key=lambda c: c.order
    )
    return CodeEdition(**found, clauses=tuple(clauses))


@cache
def editions() -> tuple[CodeEdition, ...]:
    """Every edition, the oldest first, each ending the day before the next begins."""
    found = sorted((_read(name) for name in EDITION_FILES), key=lambda e: e.in_force_from)
    return tuple(
        e.model_copy(update={"in_force_until": later.in_force_from - timedelta(days=1)})
        for e, later in zip(found, found[1:], strict=False)
    ) + (found[-1],)


def edition(name: str) -> CodeEdition:
    """An edition by its name ("2022", "2024")."""
    for found in editions():
        if found.edition == name:
            return found
    known = ", ".join(e.edition for e in editions())
    raise ValueError(f"There is no {name!r} edition of the Code; there are {known}.")


def edition_in_force(on: date) -> CodeEdition:
    """The edition in force on a day (the first edition for any day before it)."""
    found = editions()[0]
    for candidate in editions():
        if candidate.in_force_from <= on:
            found = candidate
    return found


def current() -> CodeEdition:
    """The newest edition."""
    return editions()[-1]


def code_clauses(name: str | None = None) -> tuple[CodeClause, ...]:
    """An edition's clauses in the Code's order (the newest edition's by default)."""
    return (edition(name) if name else current()).clauses


def clause_numbers(name: str | None = None) -> list[str]:
    return [c.clause for c in code_clauses(name)]

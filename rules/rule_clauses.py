"""The Code's clause numbers behind our rule ids, for what staff read.

Staff know the Housing Ombudsman's Complaint Handling Code by its clause numbers ("6.4"),
not by the rule ids the product and its tests use ("R-S1-3"). Each rule id maps to the
clauses of the edition in force, the 2024 Code (statutory since 1 April 2024), that say
what the rule does: the rules were distilled from the 2022 edition and give its numbers in
brackets. A rule the Code does not number has none, and pages leave it out: reminders,
search and the team view, and three the 2022 edition numbered and the 2024 one dropped:
not naming staff in letters (R-S1-7), a third stage (R-S3-1; the 2024 Code allows two
stages for landlord services) and the satisfaction survey (R-SAT-1).

Pure: no web, no temporalio.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EDITION = "2024"  # the Code's edition whose numbers these are (``rules.code_clauses``)

CLAUSES: dict[str, tuple[str, ...]] = {
    "R-WHO-1": ("1.3", "3.6"),
    "R-CHAN-1": ("3.1", "3.2"),
    "R-DEF-1": ("1.3",),
    "R-INT-2": ("1.3", "5.2"),
    "R-ACC-1": ("2.1", "2.2", "2.3"),
    "R-ACC-2": ("2.4",),
    "R-ACK-1": ("3.7", "5.6", "6.2"),
    "R-ACK-2": ("5.6",),
    "R-S1-1": ("6.3",),
    "R-S1-3": ("6.4",),
    "R-S1-4": ("5.9", "6.4", "6.5"),
    "R-S1-5": ("6.8",),
    "R-S1-6": ("6.6", "6.7", "6.9"),
    "R-REM-1": ("7.1",),
    "R-REM-2": ("7.2", "7.4"),
    "R-REM-3": ("6.6", "6.17", "7.3"),
    "R-LRN-1": ("9.1", "9.3"),
    "R-ESC-1": ("6.10",),
    "R-ESC-2": ("5.11", "6.11"),
    "R-ESC-3": ("5.6", "6.11"),
    "R-S2-1": ("6.13",),
    "R-S2-2": ("6.14", "6.15", "6.16"),
    "R-S2-3": ("6.17", "6.18", "6.19"),
    "R-COM-1": ("3.1", "5.10"),
    "R-COM-2": ("5.14", "5.15"),
    "R-REC-1": ("5.12",),
    "R-NOTE-1": ("5.12",),
    "R-RPT-1": ("8.1", "9.7"),
    "R-RPT-3": ("9.4",),
    "R-RPT-4": ("8.1", "8.2", "8.3"),
}

RULE_ID = re.compile(r"\bR-[A-Z]+[0-9]?-[0-9]+\b")


def _order(clause: str) -> tuple[int, ...]:
    return tuple(int(part) for part in clause.split("."))


def clauses_of(rule_ids: Iterable[str]) -> list[str]:
    """The Code's clauses behind the rules, each once, in the Code's order."""
    found = {clause for rule in rule_ids for clause in CLAUSES.get(rule, ())}
    return sorted(found, key=_order)


def code_reference(rule_ids: Iterable[str]) -> str:
    """The clauses as staff read them, "Code 6.3, 6.4", or "" when the Code numbers none."""
    found = clauses_of(rule_ids)
    return f"Code {', '.join(found)}" if found else ""


def in_clauses(text: str) -> str:
    """`text` with each rule id the Code numbers replaced by its clauses: "(R-S2-1)" reads
    "(Code 6.13)"; an id the Code does not number is left as it is."""
    return RULE_ID.sub(lambda m: code_reference([m.group(0)]) or m.group(0), text)

"""The Code's clause numbers behind our rule ids, for what staff read.

Staff know the Housing Ombudsman's Complaint Handling Code by its clause numbers ("5.1"),
not by the rule ids the product and its tests use ("R-S1-3"). Each rule id maps to the
clauses it was distilled from, as the rules give them in brackets; a rule the Code does
not number (reminders, search, the team view) has none, and pages leave it out.

Pure: no web, no temporalio.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CLAUSES: dict[str, tuple[str, ...]] = {
    "R-WHO-1": ("1.3", "4.5"),
    "R-CHAN-1": ("2.1", "2.2"),
    "R-DEF-1": ("1.3",),
    "R-INT-2": ("1.6", "4.1"),
    "R-ACC-1": ("1.7", "1.8"),
    "R-ACC-2": ("1.9",),
    "R-ACK-1": ("4.1", "4.2", "2.8"),
    "R-ACK-2": ("4.2",),
    "R-S1-1": ("5.1",),
    "R-S1-3": ("5.1",),
    "R-S1-4": ("5.2", "5.3"),
    "R-S1-5": ("5.7",),
    "R-S1-6": ("5.5", "5.6", "5.8"),
    "R-S1-7": ("4.9",),
    "R-REM-1": ("6.1", "6.3"),
    "R-REM-2": ("6.6",),
    "R-REM-3": ("5.5", "6.5"),
    "R-LRN-1": ("7.2", "7.5"),
    "R-ESC-1": ("5.11",),
    "R-ESC-2": ("4.13", "4.14", "5.9"),
    "R-ESC-3": ("5.10",),
    "R-S2-1": ("5.12",),
    "R-S2-2": ("5.13", "5.14", "5.15"),
    "R-S2-3": ("5.16",),
    "R-S3-1": ("5.18",),
    "R-SAT-1": ("4.16",),
    "R-COM-1": ("2.5", "4.11"),
    "R-COM-2": ("4.18", "4.19"),
    "R-REC-1": ("4.15",),
    "R-NOTE-1": ("4.15",),
    "R-RPT-1": ("7.2", "7.4"),
    "R-RPT-3": ("7.5",),
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
    """The clauses as staff read them, "Code 5.1, 5.2", or "" when the Code numbers none."""
    found = clauses_of(rule_ids)
    return f"Code {', '.join(found)}" if found else ""


def in_clauses(text: str) -> str:
    """`text` with each rule id the Code numbers replaced by its clauses: "(R-S1-7)" reads
    "(Code 4.9)"; an id the Code does not number is left as it is."""
    return RULE_ID.sub(lambda m: code_reference([m.group(0)]) or m.group(0), text)

"""What a catalogue entry is: an action a person takes on a complaint, its rule's check and
apply functions, the part of the Code it belongs to and the roles that may take it.

When an action is offered is read from the rule's own check (`refused_by_state`): the
check is run against the complaint with a stand-in for the input and the moment, and an
action is offered unless the check refuses before it looks at either. Only where a check
reads its input first does an entry say more (`when`).

Pure: no temporalio, no SQLAlchemy; the roles are the web's role names as plain words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel

from models.complaint import ComplaintState
from models.effects import Effect
from rules.handling.common import Ctx, Refused

In = TypeVar("In", bound=BaseModel)

# The roles that act on complaints (the web's `Role` values). A manager may take every
# action; governance and admin take none.
OFFICER = "officer"
HANDLER = "handler"
REVIEWER = "reviewer"
MANAGER = "manager"
TEAM = frozenset({OFFICER, MANAGER})  # the complaints team's own work
OWNERS = frozenset({HANDLER, REVIEWER, MANAGER})  # whoever owns the complaint at its stage
EVERYONE = frozenset({OFFICER, HANDLER, REVIEWER, MANAGER})


class Part(StrEnum):
    """The part of the Code an action belongs to; who may act at which stage follows it."""

    INTAKE = "intake"
    CASEWORK = "casework"
    RESPONSE = "response"
    ESCALATION = "escalation"
    DECISION = "decision"  # deciding an escalation request: Stage 2 work
    STAGE_THREE = "stage_three"
    PROGRESS = "progress"
    OMBUDSMAN = "ombudsman"


Check = Callable[[ComplaintState, In, Ctx], object]
Apply = Callable[[ComplaintState, In, Ctx], list[Effect]]


class _LooksAtInput(Exception):
    """The check looked at the action's input or the moment: the state did not refuse it."""


class _Probe:
    """Stands in for the input and the `Ctx`; the first look at either ends the probe."""

    def __getattr__(self, name: str) -> Any:
        raise _LooksAtInput(name)


_PROBE = _Probe()


def refused_by_state(check: Check[Any], state: ComplaintState) -> bool:
    """Whether `check` refuses the action on the complaint's state alone, whatever is asked."""
    try:
        check(state, cast(Any, _PROBE), cast(Ctx, _PROBE))
    except _LooksAtInput:
        return False
    except Refused:
        return True
    return False


@dataclass(frozen=True, eq=False)
class ActionEntry(Generic[In]):
    name: str  # the workflow update; also the web form's address and the API route
    title: str  # what the action does, as a handler would say it
    done: str  # the workflow's answer once it is taken
    model: type[In]  # the update's input (models.messages)
    check: Check[In]  # refuses with a sentence; the update's validator runs it
    apply: Apply[In] | None  # changes the state and returns the effects (None: the workflow's own)
    rules: tuple[str, ...]  # the rule ids it serves
    part: Part
    roles: frozenset[str]  # who may take it (more narrowly: permissions by part and stage)
    when: Callable[[ComplaintState], bool] | None = None  # only where the check cannot tell

    @property
    def rule_ids(self) -> str:
        return ", ".join(self.rules)

    def offered(self, state: ComplaintState) -> bool:
        """Whether the action can be taken on the complaint now, as far as its state says."""
        if self.when is not None and not self.when(state):
            return False
        return not refused_by_state(self.check, state)


def is_complaint(state: ComplaintState) -> bool:
    """A compliment or comment is only recorded: no one represents it, nothing restricts it."""
    return state.intake.kind == "complaint"

"""The catalogue of actions (`rules.catalogue`) against the workflow, and when an action is
offered, read from its rule's check on complaints built with the pure rules."""

import pytest
from pydantic import BaseModel

from models.complaint import ComplaintState
from models.messages import ExtendInput, RecordProgressInput
from rules import catalogue
from rules.catalogue import ACTIONS, BY_NAME, InputField, input_fields, refused_by_state
from tests.catalogue_samples import RecordNoteInput
from tests.unit.test_rules_intake import (
    accepted,
    accepted_without_handler,
    acknowledged,
    received,
    stage_one_answered,
)
from workflows.complaint import ComplaintWorkflow
from workflows.updates import update_of


def workflow_updates() -> dict[str, object]:
    """Every update `ComplaintWorkflow` defines, by name, with its definition."""
    found = {}
    for attribute in dir(ComplaintWorkflow):
        defn = getattr(getattr(ComplaintWorkflow, attribute), "_defn", None)
        if defn is not None and type(defn).__name__ == "_UpdateDefinition":
            found[defn.name] = defn
    return found


def test_the_workflows_updates_are_exactly_the_catalogues_actions() -> None:
    assert set(workflow_updates()) == set(BY_NAME)
    assert len(BY_NAME) == len(ACTIONS)  # no name twice


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_each_actions_update_takes_its_model_and_has_a_validator(action) -> None:
    defn = workflow_updates()[action.name]
    assert defn.arg_types == [action.model]  # type: ignore[attr-defined]
    assert defn.validator is not None  # type: ignore[attr-defined]
    assert update_of(action) is getattr(ComplaintWorkflow, action.name)
    # Their own handlers: progress signals a tracker, a hazard is opened before it is recorded.
    own_handler = (catalogue.RECORD_PROGRESS, catalogue.REPORT_HAZARD)
    assert action.apply is not None or action in own_handler


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_each_action_names_its_rules_and_who_may_take_it(action) -> None:
    assert action.rules and all(rule.startswith("R-") for rule in action.rules)
    assert action.roles and catalogue.MANAGER in action.roles
    assert action.roles <= catalogue.EVERYONE


POINTS = {
    "received": received,
    "accepted without a handler": accepted_without_handler,
    "accepted": accepted,
    "acknowledged": acknowledged,
    "escalation requested": lambda: stage_one_answered("seed"),
}
COMMON = {"assign_handler", "record_consent", "record_restriction", "record_ombudsman_case"}
COMMON |= {"send_information"}  # R-RES-1: more information is taken while a complaint is held
COMMON |= {"record_contact", "record_vulnerability"}  # R-NOTE-1, R-VUL-1: at any point
COMMON |= {"correct_contact", "correct_service", "withdraw"}  # R-EDIT-1, R-WDR-1: likewise
COMMON |= {"report_hazard"}  # R-HAZ-1: while the complaint is worked at any stage
LINKABLE = {"link_duplicate"}  # R-DUP-1: a second contact, before it has a response


@pytest.mark.parametrize(
    ("point", "offered"),
    [
        (
            "received",
            COMMON | LINKABLE | {"accept", "decline", "resolve_early", "request_clarification"},
        ),
        (
            "accepted without a handler",
            COMMON | LINKABLE | {"add_issue", "request_clarification"},
        ),
        ("accepted", COMMON | LINKABLE | {"acknowledge", "add_issue", "request_clarification"}),
        (
            "acknowledged",
            COMMON | LINKABLE | {"add_issue", "extend", "request_agreement", "submit_response"},
        ),
        (
            "escalation requested",
            COMMON - {"assign_handler"} | {"add_issue", "assign_reviewer", "decide_escalation"},
        ),
    ],
)
def test_an_action_is_offered_when_its_rule_does_not_refuse_on_the_state_alone(
    point, offered
) -> None:
    state: ComplaintState = POINTS[point]()
    assert {action.name for action in ACTIONS if action.offered(state)} == offered


def test_an_action_not_offered_is_refused_by_its_check_whatever_is_asked() -> None:
    state = received()
    assert refused_by_state(catalogue.EXTEND.check, state)
    assert not refused_by_state(catalogue.ACCEPT.check, state)


def test_where_the_check_reads_the_input_first_the_entry_says_when() -> None:
    state = acknowledged()
    # The check looks up the item first, so only `when` knows there is none to progress.
    assert not refused_by_state(catalogue.RECORD_PROGRESS.check, state)
    assert not catalogue.RECORD_PROGRESS.offered(state)
    assert catalogue.RECORD_PROGRESS.model is RecordProgressInput


def test_a_simple_input_is_read_field_by_field_for_the_surfaces_to_make_a_form() -> None:
    assert input_fields(RecordNoteInput) == (
        InputField("note", "long_text", True, "Note"),
        InputField("heading", "long_text", False, "Heading"),
        InputField("on", "date", True, "On"),
        InputField("urgent", "flag", False, "Urgent"),
        InputField("pages", "number", True, "Pages"),
    )
    assert [f.kind for f in input_fields(ExtendInput)] == ["date", "long_text"]


def test_an_input_with_a_person_or_a_list_needs_its_own_form() -> None:
    class Odd(BaseModel):
        people: list[str]

    with pytest.raises(TypeError, match="people"):
        input_fields(Odd)

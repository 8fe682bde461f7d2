"""The web's surfaces derived from the catalogue of actions: a form for every action, an
API route for every action (in the OpenAPI document), and permissions by its roles."""

from datetime import date

import pytest

from models.enums import Stage
from rules import catalogue
from rules.rule_clauses import code_reference
from tests.catalogue_samples import RECORD_NOTE, RecordNoteInput
from tests.unit.test_rules_intake import received
from web.actions import ACTIONS, BY_UPDATE, FORMS, ActionForm, Context, Form, FormErrors
from web.generic_form import generic_form
from web.permissions import ALL_ACTIONS, Facts, refusal
from web.users import Role

# -- forms ---------------------------------------------------------------------------------


def test_every_catalogue_action_has_a_form_in_the_catalogues_order() -> None:
    assert [form.action for form in ACTIONS] == list(catalogue.ACTIONS)
    assert set(BY_UPDATE) == set(catalogue.BY_NAME)
    for form in ACTIONS:
        assert (form.update, form.model, form.title) == (
            form.action.name,
            form.action.model,
            form.action.title,
        )
        assert form.rule == code_reference(form.action.rules)  # the Code's clauses


def test_only_the_catalogues_actions_have_forms_written_for_them() -> None:
    assert set(FORMS) <= set(catalogue.ACTIONS)


def test_a_new_action_gets_a_form_made_from_its_input_model() -> None:
    form = ActionForm(RECORD_NOTE, Form(RECORD_NOTE.title, *generic_form(RecordNoteInput)))
    assert [(f.name, f.kind, f.required) for f in form.fields] == [
        ("note", "textarea", True),
        ("heading", "textarea", False),
        ("on", "date", True),
        ("urgent", "checkbox", False),
        ("pages", "number", True),
    ]
    context = Context(state=received(), today=date(2026, 3, 2), by="h.khan")
    sent = {"note": "Rang the resident", "on-day": "2", "on-month": "3", "on-year": "2026"}
    built = form.input_from({**sent, "urgent": "yes", "pages": "2"}, context)
    assert built == RecordNoteInput(
        by="h.khan", note="Rang the resident", on=date(2026, 3, 2), urgent=True, pages=2
    )
    with pytest.raises(FormErrors) as refused:
        form.input_from({"pages": "two"}, context)
    assert set(refused.value.errors) == {"note", "on", "pages"}


# -- permissions -----------------------------------------------------------------------------

STAFF = {"officer": "o.bennett", "handler": "h.khan", "reviewer": "r.patel", "manager": "m.osei"}
STAGE_1 = Facts(Stage.STAGE_1, handler_id="h.khan", reviewer_id=None)
STAGE_2 = Facts(
    Stage.STAGE_2, handler_id="h.khan", reviewer_id="r.patel", stage_1_staff=("h.khan",)
)


def test_the_catalogues_roles_are_the_web_roles() -> None:
    assert catalogue.EVERYONE <= {role.value for role in Role}


@pytest.mark.parametrize("action", catalogue.ACTIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("role", sorted(STAFF))
def test_a_role_may_take_an_action_on_its_own_complaint_when_the_catalogue_says(
    action, role
) -> None:
    facts = STAGE_2 if role == "reviewer" else STAGE_1  # the stage where the role owns it
    allowed = refusal([role], STAFF[role], action.name, facts) is None
    assert allowed == (role in action.roles)


@pytest.mark.parametrize("action", catalogue.ACTIONS, ids=lambda a: a.name)
def test_governance_and_admin_take_no_action(action) -> None:
    assert action.name in ALL_ACTIONS
    for role in ("governance", "admin"):
        assert refusal([role], "g.ward", action.name, STAGE_1) is not None


# -- the JSON API ----------------------------------------------------------------------------


async def test_the_openapi_document_has_a_route_for_every_catalogue_action(app) -> None:
    paths = app.openapi()["paths"]
    routes = {path for path in paths if path.startswith("/api/complaints/{reference}/")}
    reads = {"/api/complaints/{reference}/events", "/api/complaints/{reference}/letters"}
    assert routes - reads == {f"/api/complaints/{{reference}}/{a.name}" for a in catalogue.ACTIONS}
    for action in catalogue.ACTIONS:
        post = paths[f"/api/complaints/{{reference}}/{action.name}"]["post"]
        body = post["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith(f"/{action.model.__name__}"), action.name
        assert post["summary"] == f"{action.title} ({action.rule_ids})"
        assert {"200", "403", "409"} <= set(post["responses"])

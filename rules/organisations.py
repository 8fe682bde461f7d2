"""R-ORG-1: one installation serves a group of organisations, each with its own name,
contact details, letter heading and service areas. The group is data
(`rules/data/organisations.json`); the starter loads a complaint's organisation into the
workflow's input, so letters carry its details and a later edit does not change a replay.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from models.enums import ServiceArea
from models.organisation import Organisation


class UnknownOrganisation(LookupError):
    pass


@cache
def organisations() -> dict[str, Organisation]:
    text = resources.files("rules").joinpath("data/organisations.json").read_text("utf-8")
    found = [Organisation.model_validate(o) for o in json.loads(text)["organisations"]]
    return {o.id: o for o in found}


def load_organisation(organisation_id: str, service_area: ServiceArea) -> Organisation:
    """The organisation, refusing one we do not have or a service it does not provide.
    With no id, the first organisation of the group that provides the service."""
    known = organisations()
    if not organisation_id:
        for organisation in known.values():
            if service_area in organisation.service_areas:
                return organisation
    if organisation_id not in known:
        raise UnknownOrganisation(
            f"'{organisation_id}' is not one of our organisations; use one of: "
            f"{', '.join(sorted(known))}."
        )
    organisation = known[organisation_id]
    if service_area not in organisation.service_areas:
        offered = ", ".join(area.value.replace("_", " ") for area in organisation.service_areas)
        raise UnknownOrganisation(
            f"{organisation.name} does not provide {service_area.value.replace('_', ' ')}; "
            f"its services are: {offered}."
        )
    return organisation

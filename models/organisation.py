"""An organisation of the group (R-ORG-1): its name, contact details, letter heading and
the service areas it provides.

The model only; ``rules/organisations.py`` loads the group from
``rules/data/organisations.json``. A complaint carries its organisation in its input, so
letters carry its details and a later edit does not change a replay.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from models.enums import ServiceArea


class Organisation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    letter_heading: str
    address: str
    phone: str
    email: str
    website: str
    service_areas: tuple[ServiceArea, ...]

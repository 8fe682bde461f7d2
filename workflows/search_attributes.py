"""Search attributes that operations staff filter complaints by in Temporal Web.

The workflow upserts them; the dev server registers them at start-up
(``dev_server_flags``) and production registers them once with the admin tools
(see docker-compose.yml). Example list query in Temporal Web:
``ComplaintReference = "CMP-2026-000001"`` or ``Breached = true``.
"""

from __future__ import annotations

from typing import Any

from temporalio.common import SearchAttributeIndexedValueType, SearchAttributeKey

REFERENCE = SearchAttributeKey.for_keyword("ComplaintReference")
STAGE = SearchAttributeKey.for_keyword("ComplaintStage")
STATUS = SearchAttributeKey.for_keyword("ComplaintStatus")
SERVICE_AREA = SearchAttributeKey.for_keyword("ServiceArea")
ORGANISATION = SearchAttributeKey.for_keyword("Organisation")
HANDLER = SearchAttributeKey.for_keyword("ComplaintHandler")
NEXT_DUE = SearchAttributeKey.for_datetime("NextDueDate")
BREACHED = SearchAttributeKey.for_bool("Breached")
# The complaint's record could not be written (see ComplaintState.attention).
NEEDS_ATTENTION = SearchAttributeKey.for_bool("NeedsAttention")
# Hazards under Awaab's Law (R-HAZ-1..7): emergency or significant, the step they wait for
# and when it is due; a missed step sets ``Breached`` as for complaints.
HAZARD_KIND = SearchAttributeKey.for_keyword("HazardKind")
HAZARD_STEP = SearchAttributeKey.for_keyword("HazardStep")
HAZARD_DUE = SearchAttributeKey.for_datetime("HazardDue")

ALL: tuple[SearchAttributeKey[Any], ...] = (
    REFERENCE,
    STAGE,
    STATUS,
    SERVICE_AREA,
    ORGANISATION,
    HANDLER,
    NEXT_DUE,
    BREACHED,
    NEEDS_ATTENTION,
    HAZARD_KIND,
    HAZARD_STEP,
    HAZARD_DUE,
)

# The type names the Temporal CLI and admin tools expect.
_CLI_TYPE_NAMES = {
    SearchAttributeIndexedValueType.TEXT: "Text",
    SearchAttributeIndexedValueType.KEYWORD: "Keyword",
    SearchAttributeIndexedValueType.INT: "Int",
    SearchAttributeIndexedValueType.DOUBLE: "Double",
    SearchAttributeIndexedValueType.BOOL: "Bool",
    SearchAttributeIndexedValueType.DATETIME: "Datetime",
    SearchAttributeIndexedValueType.KEYWORD_LIST: "KeywordList",
}


def cli_type_name(key: SearchAttributeKey[Any]) -> str:
    """The key's type as the Temporal CLI spells it, e.g. ``Keyword``."""
    return _CLI_TYPE_NAMES[key.indexed_value_type]


def dev_server_flags() -> list[str]:
    """``temporal server start-dev`` arguments registering every key in ``ALL``."""
    flags: list[str] = []
    for key in ALL:
        flags += ["--search-attribute", f"{key.name}={cli_type_name(key)}"]
    return flags

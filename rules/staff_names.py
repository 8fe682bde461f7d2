"""R-S1-7: resident letters name no individual member of staff unless the complaint is
about them. Finding a name in free text, the same way for a response being submitted and
for a letter being written."""

import re
from collections.abc import Iterable

from models.complaint import ComplaintState

TITLE = r"\b(?:mr|mrs|ms|miss|mx|dr)\.?\s+"


def name_patterns(name: str) -> list[re.Pattern[str]]:
    """A full name, however spaced or cased, and the surname after a title ("Ms Shah")."""
    words = name.split()
    patterns = [re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)]
    if len(words) > 1:
        patterns.append(re.compile(TITLE + re.escape(words[-1]) + r"\b", re.IGNORECASE))
    return patterns


def staff_on(state: ComplaintState) -> list[str]:
    """The names of staff on the complaint: handler, reviewer and Stage 3 panel."""
    people = [state.handler, state.reviewer]
    if state.panel is not None:
        people += [state.panel.board_member, state.panel.executive, state.panel.head_of_service]
    names: list[str] = []
    for person in people:
        if person is not None and person.name.strip() and person.name not in names:
            names.append(person.name)
    return names


def complaint_is_about_staff(state: ComplaintState) -> bool:
    """The current stage's response says the complaint is about members of staff, so its
    letters may name them."""
    current = state.current
    response = current.response if current else None
    return bool(response and response.complaint_is_about_staff)


def first_named(names: Iterable[str], texts: Iterable[str]) -> str | None:
    """The first of `names` that appears in any of `texts`, or None."""
    texts = [text for text in texts if text]
    for name in names:
        patterns = name_patterns(name)
        if any(p.search(text) for p in patterns for text in texts):
            return name
    return None

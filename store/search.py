"""Finding a complaint by what a caller says (R-FIND-1): reference, name, postcode,
address, email or phone, tolerant of case, spacing and small misspellings.

Three matches, each served by an index on ``complaint_search`` (migration 0011), any one
enough: every word of the query begins a word of the complaint (full text, prefixes); the
query as written, or as a postcode with no space, is part of its text (trigram ``LIKE``);
or a query that is a name is like the name of someone on the complaint (trigram word
similarity: "Morgn" finds "Alex Morgan"). The best first: the reference itself, then by
similarity to the names, then by reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, case, func, literal, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import Complaint, ComplaintSearch

MIN_LENGTH = 3  # a trigram needs three characters; fewer would match half the table
MAX_LENGTH = 200
MAX_RESULTS = 500  # beyond this, the query should say more
PAGE_SIZE = 25

_WORD = re.compile(r"[a-z0-9]+")
_NAME = re.compile(r"^[^\W\d_]+(?:[' .-]+[^\W\d_]+)*$")  # letters only: a name, maybe misspelt
_POSTCODE = re.compile(r"^[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}$")


class SearchRefused(ValueError):
    """The query cannot be searched for; the message says why, for the form."""


@dataclass(frozen=True)
class Found:
    """One page of results: the complaints' read-model rows, best first, and how many
    matched in all (at most ``MAX_RESULTS``)."""

    rows: Sequence[Complaint]
    total: int
    page: int
    pages: int
    capped: bool


def normalise(query: str) -> str:
    """Lower case, single spaces, no spaces at the ends."""
    return " ".join(query.lower().split())


def check(query: str) -> str:
    """The query normalised, or `SearchRefused` with a sentence for the form."""
    found = normalise(query)
    if not found:
        raise SearchRefused("Enter a name, reference, postcode, address, email or phone number")
    if len(found) < MIN_LENGTH:
        raise SearchRefused(f"Enter at least {MIN_LENGTH} characters to search for")
    if len(found) > MAX_LENGTH:
        raise SearchRefused(f"Enter {MAX_LENGTH} characters or fewer to search for")
    return found


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching(query: str) -> Select[tuple[str, float]]:
    """The references matching the normalised `query`, best first, with how good a match
    each is. Each way of matching is its own branch, so each is served by its index."""
    search = ComplaintSearch
    branches = [select(search.reference).where(search.document.like(_like(query)))]
    words = _WORD.findall(query)
    if words:
        prefixes = " & ".join(f"{word}:*" for word in words)
        found = search.words.op("@@")(func.to_tsquery("simple", prefixes))
        branches.append(select(search.reference).where(found))
    compact = query.replace(" ", "")
    if compact != query and _POSTCODE.match(query):
        # "LS1 1AA" finds a postcode kept as "LS11AA".
        branches.append(select(search.reference).where(search.document.like(_like(compact))))
    if _NAME.match(query):
        branches.append(select(search.reference).where(literal(query).op("<%")(search.names)))
    matched = union(*branches).subquery()
    similarity = func.word_similarity(query, search.names)
    exact = case((search.reference == query.upper(), 0), else_=1)
    return (
        select(search.reference, similarity.label("similarity"))
        .join(matched, matched.c.reference == search.reference)
        .order_by(exact, similarity.desc(), search.reference)
        .limit(MAX_RESULTS + 1)
    )


async def search(session: AsyncSession, query: str, page: int = 1) -> Found:
    """One page (``PAGE_SIZE``) of the complaints matching `query`, best first; a page
    beyond the last gives the last. Raises `SearchRefused` for a query too short or long."""
    found = check(query)
    ranked = [row.reference for row in (await session.execute(matching(found))).all()]
    capped = len(ranked) > MAX_RESULTS
    ranked = ranked[:MAX_RESULTS]
    pages = max(1, -(-len(ranked) // PAGE_SIZE))
    number = min(max(page, 1), pages)
    wanted = ranked[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    rows = (await session.scalars(select(Complaint).where(Complaint.reference.in_(wanted)))).all()
    order = {reference: n for n, reference in enumerate(wanted)}
    listed = sorted(rows, key=lambda row: order[row.reference])
    return Found(rows=listed, total=len(ranked), page=number, pages=pages, capped=capped)

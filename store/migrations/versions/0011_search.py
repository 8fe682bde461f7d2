"""Search on PostgreSQL: trigram and full-text indexes (issue 15, R-FIND-1).

- ``pg_trgm``, for similarity ("Morgn" finds Morgan) and substring matches served by an
  index.
- ``complaint_search``: one row per complaint of the read model, the words staff look a
  complaint up by, lower case: reference, complainant's name, postcode as written and with
  no spaces ("ls11aa" finds "LS1 1AA"), email, phone as written and digits only, address,
  and the representative's name and email. ``words`` is the same text as a tsvector
  (``simple``: names are not stemmed); ``names``, the complainant's and representative's
  names alone, for similarity ("Morgn" finds Morgan) on short text, which is quick. GIN
  trigram indexes on ``document`` and ``names`` and a GIN index on ``words``.
- A trigger on ``complaints`` keeps the row in step in the same transaction as every
  read-model write (the workflow's record, a rebuild, a retention erasure), and only when
  a searched column changed; deleting the complaint's row deletes its search row.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_DOCUMENT = """
CREATE FUNCTION complaint_search_document(c complaints) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT lower(concat_ws(' ',
        c.reference,
        c.complainant_name,
        c.postcode,
        replace(c.postcode, ' ', ''),
        c.email,
        c.parties -> 'complainant' ->> 'phone',
        regexp_replace(c.parties -> 'complainant' ->> 'phone', '[^0-9]', '', 'g'),
        c.parties -> 'complainant' ->> 'address',
        c.parties -> 'representative' ->> 'name',
        c.parties -> 'representative' ->> 'email'
    ))
$$
"""

SEARCH_NAMES = """
CREATE FUNCTION complaint_search_names(c complaints) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT lower(concat_ws(' ', c.complainant_name, c.parties -> 'representative' ->> 'name'))
$$
"""

INDEX_FOR_SEARCH = """
CREATE FUNCTION index_complaint_for_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    document text := complaint_search_document(NEW);
BEGIN
    INSERT INTO complaint_search (reference, document, words, names)
    VALUES (NEW.reference, document, to_tsvector('simple', document), complaint_search_names(NEW))
    ON CONFLICT (reference) DO UPDATE
        SET document = EXCLUDED.document, words = EXCLUDED.words, names = EXCLUDED.names;
    RETURN NULL;
END;
$$
"""

ON_INSERT = """
CREATE TRIGGER complaints_search_on_insert
AFTER INSERT ON complaints
FOR EACH ROW EXECUTE FUNCTION index_complaint_for_search()
"""

# Most read-model writes change the stage, status or dates only: those touch no search row.
ON_UPDATE = """
CREATE TRIGGER complaints_search_on_update
AFTER UPDATE ON complaints
FOR EACH ROW
WHEN (OLD.complainant_name IS DISTINCT FROM NEW.complainant_name
      OR OLD.postcode IS DISTINCT FROM NEW.postcode
      OR OLD.email IS DISTINCT FROM NEW.email
      OR OLD.parties IS DISTINCT FROM NEW.parties)
EXECUTE FUNCTION index_complaint_for_search()
"""

BACKFILL = """
INSERT INTO complaint_search (reference, document, words, names)
SELECT reference, document, to_tsvector('simple', document), names
FROM (
    SELECT c.reference, complaint_search_document(c) AS document,
           complaint_search_names(c) AS names
    FROM complaints c
) AS found
"""


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "complaint_search",
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("words", postgresql.TSVECTOR(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("reference", name="pk_complaint_search"),
        sa.ForeignKeyConstraint(
            ["reference"],
            ["complaints.reference"],
            name="fk_complaint_search_reference_complaints",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_complaint_search_document_trgm",
        "complaint_search",
        ["document"],
        postgresql_using="gin",
        postgresql_ops={"document": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_complaint_search_names_trgm",
        "complaint_search",
        ["names"],
        postgresql_using="gin",
        postgresql_ops={"names": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_complaint_search_words", "complaint_search", ["words"], postgresql_using="gin"
    )
    op.execute(SEARCH_DOCUMENT)
    op.execute(SEARCH_NAMES)
    op.execute(INDEX_FOR_SEARCH)
    op.execute(ON_INSERT)
    op.execute(ON_UPDATE)
    op.execute(BACKFILL)


def downgrade() -> None:
    op.execute("DROP TRIGGER complaints_search_on_update ON complaints")
    op.execute("DROP TRIGGER complaints_search_on_insert ON complaints")
    op.execute("DROP FUNCTION index_complaint_for_search()")
    op.execute("DROP FUNCTION complaint_search_names(complaints)")
    op.execute("DROP FUNCTION complaint_search_document(complaints)")
    op.drop_table("complaint_search")

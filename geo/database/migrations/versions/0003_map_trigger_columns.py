"""Keep `incident_map` in step only when a column it is derived from changes.

An edit of a figure or a description (most corrections) no longer recomputes the record's map row (its governorate
lookup included): about a millisecond of the server's time per edit, on every editor's save.
"""

from alembic import op

from geo import schema

revision = "0003"
down_revision = "0002"

# The columns of `incidents` the view incident_map_source reads (migration 0002).
MAPPED_FROM = (schema.ID, "position", schema.MERGED_INTO, schema.STATUS, schema.TYPE, schema.CONFIDENCE,
               schema.GEO_PRECISION, schema.PLACE_ID, schema.DESTINATION_PLACE_ID, schema.LAT, schema.LON,
               schema.DATE_START, schema.DATE_END, schema.PERPETRATOR, schema.SOURCE_IDS)


def _trigger(columns: str) -> str:
    """The statements that make incidents_mapped fire after an insert and after an update of `columns`."""
    return ("DROP TRIGGER incidents_mapped ON incidents; CREATE TRIGGER incidents_mapped AFTER INSERT OR UPDATE"
            f"{columns} ON incidents FOR EACH ROW EXECUTE FUNCTION incident_mapped();")


def upgrade() -> None:
    """Fire on updates of the mapped columns only."""
    op.execute(_trigger(" OF " + ", ".join(MAPPED_FROM)))


def downgrade() -> None:
    """Fire on every update again."""
    op.execute(_trigger(""))

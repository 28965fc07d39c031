"""${message}"""

from alembic import op

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade() -> None:
    """Apply this step."""
    op.execute("""${upgrades if upgrades else ""}""")

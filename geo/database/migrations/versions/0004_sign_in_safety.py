"""Sign-in safety: failed sign-ins counted per account (back-off, lockout an admin lifts), and sign-in tokens (a
browser's, kept in a cookie, and an admin-issued personal token for the command line), stored as hashes only."""

from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    """Add the counters and the tokens table."""
    op.execute("""
ALTER TABLE accounts ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0,
                     ADD COLUMN last_failed_at timestamptz,
                     ADD COLUMN locked boolean NOT NULL DEFAULT false;
CREATE TABLE sign_in_tokens (
    token_hash text PRIMARY KEY, account text NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('browser', 'personal')), issued_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL);
CREATE INDEX sign_in_tokens_account ON sign_in_tokens (account);
""")

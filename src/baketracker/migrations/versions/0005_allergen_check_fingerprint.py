"""allergen check fingerprint: what a "checked, OK" mark was about

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("event_recipient_packages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allergens_checked_for", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event_recipient_packages", schema=None) as batch_op:
        batch_op.drop_column("allergens_checked_for")

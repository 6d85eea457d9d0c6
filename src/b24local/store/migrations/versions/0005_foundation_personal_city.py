"""Foundation: the user's city (``PERSONAL_CITY`` of user.get, api-reference/user/user-get.md).

Revision ID: 0005_foundation_personal_city
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_foundation_personal_city"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("personal_city", sa.String(255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("personal_city")

"""content version: one counter that `flask content sync` raises on every change, so rendered
resident pages can be kept until the next change

Revision ID: perf_1
Revises: spaced_1
Create Date: 2026-11-29

No row is written here: the first sync that changes anything inserts it (a database without
the row reads as version 0).
"""
import sqlalchemy as sa
from alembic import op

import awareness.dbtypes

# revision identifiers, used by Alembic.
revision = 'perf_1'
down_revision = 'spaced_1'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand: as in awareness/content/models.py ContentVersion.
    op.create_table('content_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version'))
    )


def downgrade():
    op.drop_table('content_version')

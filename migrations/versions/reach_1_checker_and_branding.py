"""reach residents: checker trees and outcome counts, the organisation's address, embedding
origins, design tokens and logo

Revision ID: reach_1
Revises: 0001
Create Date: 2026-11-29

"""
from alembic import op
import sqlalchemy as sa

import awareness.dbtypes


# revision identifiers, used by Alembic.
revision = 'reach_1'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand: tables, keys and indexes as in awareness/checker/models.py and the new
    # Organisation columns (flask db check is clean). The JSON columns get a server default
    # so existing organisations start with no origins and no tokens.
    op.create_table('check_tree',
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('synced_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_check_tree'))
    )
    op.create_table('checker_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('tree', sa.String(length=100), nullable=False),
    sa.Column('outcome', sa.String(length=100), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_checker_tally_organisation_id_organisation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checker_tally'))
    )
    with op.batch_alter_table('checker_tally', schema=None) as batch_op:
        batch_op.create_index('ix_checker_tally_month_org', ['month', 'organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checker_tally_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_url', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('embed_origins', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('design_tokens', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('logo_png', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('logo_png')
        batch_op.drop_column('design_tokens')
        batch_op.drop_column('embed_origins')
        batch_op.drop_column('public_url')

    with op.batch_alter_table('checker_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checker_tally_organisation_id'))
        batch_op.drop_index('ix_checker_tally_month_org')

    op.drop_table('checker_tally')
    op.drop_table('check_tree')

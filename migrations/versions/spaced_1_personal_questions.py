"""personal questions: question modes, question versions, a question and option order per
delivery, the question in round tallies

Revision ID: spaced_1
Revises: security_1
Create Date: 2026-11-24

Existing organisations keep "same" (new ones start "personal"). Every existing round's
question becomes a quiz_question version, and its deliveries and tally rows point to it.
Existing deliveries get no option order (NULL: shown in the bank's order, as they were sent).
"""
import hashlib
import json

import sqlalchemy as sa
from alembic import op

import awareness.dbtypes
from awareness.timeutil import utcnow

# revision identifiers, used by Alembic.
revision = 'spaced_1'
down_revision = 'security_1'
branch_labels = None
depends_on = None


def _version_hash(question):
    # The recipe of awareness.staffquiz.questions.version_hash, frozen here.
    canonical = json.dumps(question, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def upgrade():
    # Reviewed by hand: columns, keys and indexes as in the models (flask db check is clean).
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question_mode', sa.String(length=10), nullable=False,
                                      server_default='same'))
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.alter_column('question_mode', existing_type=sa.String(length=10),
                              existing_nullable=False, server_default='personal')

    op.create_table('quiz_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False),
    sa.Column('version_hash', sa.String(length=64), nullable=False),
    sa.Column('question', sa.JSON(), nullable=False),
    sa.Column('created_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_question')),
    sa.UniqueConstraint('key', 'version_hash', name=op.f('uq_quiz_question_key_version_hash'))
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('option_order', sa.String(length=64), nullable=True))
    with op.batch_alter_table('round_tally', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_round_tally_question_id_quiz_question'),
                                    'quiz_question', ['question_id'], ['id'])

    _versions_of_existing_rounds()

    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.alter_column('question_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_delivery_question_id_quiz_question'),
                                    'quiz_question', ['question_id'], ['id'])
        batch_op.create_index('ix_delivery_question_round', ['question_id', 'round_id'],
                              unique=False)
    with op.batch_alter_table('quiz_round', schema=None) as batch_op:
        batch_op.alter_column('question_key', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('topic', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('question', existing_type=sa.JSON(), nullable=True)


def _versions_of_existing_rounds():
    bind = op.get_bind()
    rounds = sa.table('quiz_round', sa.column('id', sa.Integer),
                      sa.column('question', sa.JSON))
    versions = sa.table('quiz_question', sa.column('id', sa.Integer),
                        sa.column('key', sa.String), sa.column('topic', sa.String),
                        sa.column('version_hash', sa.String), sa.column('question', sa.JSON),
                        sa.column('created_at', awareness.dbtypes.UTCDateTime(timezone=True)))
    deliveries = sa.table('delivery', sa.column('round_id', sa.Integer),
                          sa.column('question_id', sa.Integer))
    tallies = sa.table('round_tally', sa.column('round_id', sa.Integer),
                       sa.column('question_id', sa.Integer))
    known = {}
    for round_id, question in bind.execute(sa.select(rounds.c.id, rounds.c.question)).all():
        identity = (question['key'], _version_hash(question))
        if identity not in known:
            bind.execute(versions.insert().values(
                key=identity[0], topic=question['topic'], version_hash=identity[1],
                question=question, created_at=utcnow()))
            known[identity] = bind.execute(sa.select(versions.c.id).where(
                versions.c.key == identity[0], versions.c.version_hash == identity[1])
            ).scalar_one()
        for table in (deliveries, tallies):
            bind.execute(table.update().where(table.c.round_id == round_id)
                         .values(question_id=known[identity]))


def downgrade():
    with op.batch_alter_table('quiz_round', schema=None) as batch_op:
        batch_op.alter_column('question', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('topic', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('question_key', existing_type=sa.String(length=64),
                              nullable=False)
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_question_round')
        batch_op.drop_constraint(batch_op.f('fk_delivery_question_id_quiz_question'),
                                 type_='foreignkey')
        batch_op.drop_column('option_order')
        batch_op.drop_column('question_id')
    with op.batch_alter_table('round_tally', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_round_tally_question_id_quiz_question'),
                                 type_='foreignkey')
        batch_op.drop_column('question_id')
    op.drop_table('quiz_question')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('question_mode')

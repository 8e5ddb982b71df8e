"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa

import awareness.dbtypes


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand: tables, keys and indexes as in the models (flask db check is clean).
    op.create_table('module',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('related', sa.JSON(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('help_html', sa.Text(), nullable=False),
    sa.Column('lesson_count', sa.Integer(), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('synced_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module')),
    sa.UniqueConstraint('slug', 'version', name=op.f('uq_module_slug_version'))
    )
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.create_index('ix_module_current_audience', ['is_current', 'audience'], unique=False)

    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('privacy_threshold', sa.Integer(), nullable=False),
    sa.Column('per_person_reports', sa.Boolean(), nullable=False),
    sa.Column('retention_months', sa.Integer(), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('listed_for_residents', sa.Boolean(), nullable=False),
    sa.Column('created_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisation_slug'))
    )
    op.create_table('scheduler_lease',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('expires_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduler_lease'))
    )
    op.create_table('staff_topic',
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_staff_topic'))
    )
    op.create_table('attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.String(length=36), nullable=False),
    sa.Column('module_slug', sa.String(length=100), nullable=False),
    sa.Column('module_version', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('created_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_attempt_organisation_id_organisation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt'))
    )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_module_slug'), ['module_slug'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('bank_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('module_slug', sa.String(length=100), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('synced_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['topic'], ['staff_topic.slug'], name=op.f('fk_bank_question_topic_staff_topic')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_question')),
    sa.UniqueConstraint('key', name=op.f('uq_bank_question_key'))
    )
    with op.batch_alter_table('bank_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_question_topic'), ['topic'], unique=False)

    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_department_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_department_organisation_id_name'))
    )
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('lesson',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_lesson_module_id_module'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson')),
    sa.UniqueConstraint('module_id', 'position', name=op.f('uq_lesson_module_id_position'))
    )
    op.create_table('module_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.String(length=36), nullable=False),
    sa.Column('module_slug', sa.String(length=100), nullable=False),
    sa.Column('module_version', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('last_lesson', sa.Integer(), nullable=False),
    sa.Column('started_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('best_score', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_module_progress_organisation_id_organisation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_progress')),
    sa.UniqueConstraint('learner_id', 'module_slug', name=op.f('uq_module_progress_learner_id_module_slug'))
    )
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_progress_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_progress_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_progress_started_at'), ['started_at'], unique=False)

    op.create_table('module_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('text', sa.JSON(), nullable=False),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_module_question_module_id_module'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_question')),
    sa.UniqueConstraint('module_id', 'key', name=op.f('uq_module_question_module_id_key'))
    )
    op.create_table('question_setting',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_question_setting_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', 'question_key', name=op.f('pk_question_setting'))
    )
    op.create_table('quiz_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('slot_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False),
    sa.Column('question', sa.JSON(), nullable=False),
    sa.Column('opened_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('remind_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reminded_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closes_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_quiz_round_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_round')),
    sa.UniqueConstraint('organisation_id', 'number', name=op.f('uq_quiz_round_organisation_id_number')),
    sa.UniqueConstraint('organisation_id', 'slot_at', name=op.f('uq_quiz_round_organisation_id_slot_at'))
    )
    with op.batch_alter_table('quiz_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_round_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_round_question_key'), ['question_key'], unique=False)

    op.create_table('quiz_schedule',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('time_of_day', sa.Time(), nullable=False),
    sa.Column('interval_days', sa.Integer(), nullable=False),
    sa.Column('reminder_after_days', sa.Integer(), nullable=False),
    sa.Column('answer_window_days', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_quiz_schedule_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_quiz_schedule'))
    )
    op.create_table('resident_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('module_slug', sa.String(length=100), nullable=False),
    sa.Column('starts', sa.Integer(), nullable=False),
    sa.Column('completions', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('score_sum', sa.Integer(), nullable=False),
    sa.Column('max_score_sum', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_resident_tally_organisation_id_organisation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_tally'))
    )
    with op.batch_alter_table('resident_tally', schema=None) as batch_op:
        batch_op.create_index('ix_resident_tally_month_org', ['month', 'organisation_id'], unique=False)

    op.create_table('schedule_pause',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_schedule_pause_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_pause'))
    )
    with op.batch_alter_table('schedule_pause', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_pause_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('totp_enabled_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('totp_last_step', sa.BigInteger(), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('is_enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_user_account_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_audit_event_organisation_id_organisation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_event_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_user_id'), ['user_id'], unique=False)

    op.create_table('recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=300), nullable=False),
    sa.Column('used_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_recovery_code_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_code'))
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_user_id'), ['user_id'], unique=False)

    op.create_table('round_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('option_key', sa.String(length=8), nullable=True),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('deliveries', sa.Integer(), nullable=False),
    sa.Column('seconds_sum', sa.BigInteger(), nullable=False),
    sa.Column('seconds_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_round_tally_department_id_department'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['quiz_round.id'], name=op.f('fk_round_tally_round_id_quiz_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_tally'))
    )
    with op.batch_alter_table('round_tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_tally_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_tally_round_id'), ['round_id'], unique=False)

    op.create_table('staff_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('created_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deactivated_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('intro_invited_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('intro_completed_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('token_generation', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_staff_member_department_id_department'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_staff_member_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_member')),
    sa.UniqueConstraint('organisation_id', 'email', name=op.f('uq_staff_member_organisation_id_email'))
    )
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_member_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_member_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('tallied_round',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('tallied_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['quiz_round.id'], name=op.f('fk_tallied_round_round_id_quiz_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_tallied_round'))
    )
    op.create_table('delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('staff_member_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('created_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_opened_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_delivery_department_id_department'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['quiz_round.id'], name=op.f('fk_delivery_round_id_quiz_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staff_member.id'], name=op.f('fk_delivery_staff_member_id_staff_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery')),
    sa.UniqueConstraint('round_id', 'staff_member_id', name=op.f('uq_delivery_round_id_staff_member_id'))
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_staff_member_id'), ['staff_member_id'], unique=False)

    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('option_key', sa.String(length=8), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('answered_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('seconds_to_answer', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['delivery.id'], name=op.f('fk_answer_delivery_id_delivery'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['quiz_round.id'], name=op.f('fk_answer_round_id_quiz_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('delivery_id', name=op.f('uq_answer_delivery_id'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_round_id'), ['round_id'], unique=False)

    op.create_table('outbound_email',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('delivery_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('claimed_until', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['delivery.id'], name=op.f('fk_outbound_email_delivery_id_delivery'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_outbound_email_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_email')),
    sa.UniqueConstraint('delivery_id', 'kind', name=op.f('uq_outbound_email_delivery_id_kind')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbound_email_message_id'))
    )
    with op.batch_alter_table('outbound_email', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_email_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_email_organisation_id'), ['organisation_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # Reviewed by hand: tables, keys and indexes as in the models (flask db check is clean).
    with op.batch_alter_table('outbound_email', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_email_organisation_id'))
        batch_op.drop_index('ix_outbound_email_due')

    op.drop_table('outbound_email')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_round_id'))

    op.drop_table('answer')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_staff_member_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_round_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_department_id'))

    op.drop_table('delivery')
    op.drop_table('tallied_round')
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_member_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_staff_member_department_id'))

    op.drop_table('staff_member')
    with op.batch_alter_table('round_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_tally_round_id'))
        batch_op.drop_index(batch_op.f('ix_round_tally_department_id'))

    op.drop_table('round_tally')
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_user_id'))

    op.drop_table('recovery_code')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_organisation_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('schedule_pause', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_pause_organisation_id'))

    op.drop_table('schedule_pause')
    with op.batch_alter_table('resident_tally', schema=None) as batch_op:
        batch_op.drop_index('ix_resident_tally_month_org')

    op.drop_table('resident_tally')
    op.drop_table('quiz_schedule')
    with op.batch_alter_table('quiz_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_round_question_key'))
        batch_op.drop_index(batch_op.f('ix_quiz_round_organisation_id'))

    op.drop_table('quiz_round')
    op.drop_table('question_setting')
    op.drop_table('module_question')
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_progress_started_at'))
        batch_op.drop_index(batch_op.f('ix_module_progress_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_module_progress_learner_id'))

    op.drop_table('module_progress')
    op.drop_table('lesson')
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_organisation_id'))

    op.drop_table('department')
    with op.batch_alter_table('bank_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_question_topic'))

    op.drop_table('bank_question')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_module_slug'))
        batch_op.drop_index(batch_op.f('ix_attempt_learner_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_created_at'))

    op.drop_table('attempt')
    op.drop_table('staff_topic')
    op.drop_table('scheduler_lease')
    op.drop_table('organisation')
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.drop_index('ix_module_current_audience')

    op.drop_table('module')
    # ### end Alembic commands ###

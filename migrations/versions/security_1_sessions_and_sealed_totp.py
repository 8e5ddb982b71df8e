"""server-side sessions, sealed TOTP secrets, escalating lockout, forced password change,
stored reset requests; recovery codes of the old (unsalted SHA-256) kind are removed

Revision ID: security_1
Revises: reach_1
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet
from flask import current_app

import awareness.dbtypes


# revision identifiers, used by Alembic.
revision = 'security_1'
down_revision = 'reach_1'
branch_labels = None
depends_on = None

USER = sa.table('user_account', sa.column('id', sa.Integer),
                sa.column('totp_secret', sa.String), sa.column('totp_secret_sealed', sa.String))


def _box():
    # The keys of the running configuration (TOTP_ENCRYPTION_KEYS; in development derived
    # from SECRET_KEY): the first seals, all open. Production refuses to start without them.
    return MultiFernet([Fernet(key) for key in current_app.config['TOTP_ENCRYPTION_KEYS']])


def upgrade():
    # Reviewed by hand: tables, keys and indexes as in the models (flask db check is clean).
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('authenticated_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('second_factor_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('device', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('password_reset_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('requested_at', awareness.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_request'))
    )

    # Existing rows get 0 / false through a server default, dropped again below so the
    # columns match the models.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret_sealed', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('lockouts', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    connection = op.get_bind()
    plain = connection.execute(sa.select(USER.c.id, USER.c.totp_secret)
                               .where(USER.c.totp_secret.is_not(None))).all()
    if plain:
        box = _box()
        for user_id, secret in plain:
            connection.execute(USER.update().where(USER.c.id == user_id).values(
                totp_secret_sealed=box.encrypt(secret.encode()).decode()))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('lockouts', server_default=None)
        batch_op.alter_column('must_change_password', server_default=None)
        batch_op.drop_column('totp_secret')
        # Sessions live on the server now; ending them no longer bumps a version.
        batch_op.drop_column('session_version')

    # Old recovery codes were unsalted SHA-256 of 49 bits: crackable from a copy of the
    # database. They cannot be re-hashed without the codes, so they go; the account page
    # shows that none are left and offers new ones (TOTP keeps working).
    op.execute('DELETE FROM recovery_code')


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    sealed = connection.execute(sa.select(USER.c.id, USER.c.totp_secret_sealed)
                                .where(USER.c.totp_secret_sealed.is_not(None))).all()
    if sealed:
        box = _box()
        for user_id, token in sealed:
            connection.execute(USER.update().where(USER.c.id == user_id).values(
                totp_secret=box.decrypt(token.encode()).decode()))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('session_version', server_default=None)
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('lockouts')
        batch_op.drop_column('totp_secret_sealed')

    op.drop_table('password_reset_request')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')

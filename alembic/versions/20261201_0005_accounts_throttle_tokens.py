"""accounts: a sign-in throttle, API tokens that expire and can be revoked, notices to one user

The tokens that exist already get 90 days from the upgrade, not from their creation: an
upgrade must not cut off a running integration without warning.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 11:20:00
"""
from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_throttle',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('lockouts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttle'))
    )
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_last_at'), ['last_at'],
                              unique=False)

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
    _existing_tokens_expire_in(days=90)
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)

    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notices_user_id'), ['user_id', 'id'], unique=False)


def _existing_tokens_expire_in(days: int) -> None:
    conn = op.get_bind()
    until = datetime.now(UTC) + timedelta(days=days)
    if conn.dialect.name == 'sqlite':  # stored as naive UTC there (drafting.db.UTCDateTime)
        until = until.replace(tzinfo=None)
    conn.execute(sa.text("UPDATE api_tokens SET expires_at = :until").bindparams(
        sa.bindparam('until', until, type_=sa.DateTime(timezone=True))))


def downgrade() -> None:
    # Without the column, a notice to one user would read as a notice to everyone.
    op.execute("DELETE FROM notices WHERE user_id IS NOT NULL")
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_user_id'))
        batch_op.drop_column('user_id')

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_last_at'))
    op.drop_table('sign_in_throttle')

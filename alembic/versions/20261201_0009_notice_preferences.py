"""notice preferences: e-mail at once, in a daily digest or not at all; notices marked read

Two new tables, nothing rebuilt: users keeps its rows (and SQLite its children).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notice_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=12), nullable=False),
    sa.Column('read_through', sa.Integer(), nullable=False),
    sa.Column('digest_through', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notice_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notice_preferences'))
    )
    op.create_table('notice_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_reads_notice_id_notices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notice_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'notice_id', name=op.f('pk_notice_reads'))
    )


def downgrade() -> None:
    op.drop_table('notice_reads')
    op.drop_table('notice_preferences')

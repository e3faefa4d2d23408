"""amendment discussion: comments on an amendment and replies, the Chair's compromise mark

One new table, nothing rebuilt.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 17:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('amendment_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('compromise', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendments.id'], name=op.f('fk_amendment_comments_amendment_id_amendments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_amendment_comments_delegation_id_delegations')),
    sa.ForeignKeyConstraint(['parent_id'], ['amendment_comments.id'], name=op.f('fk_amendment_comments_parent_id_amendment_comments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment_comments'))
    )
    with op.batch_alter_table('amendment_comments', schema=None) as batch_op:
        batch_op.create_index('ix_amendment_comments_amendment_id_parent_id', ['amendment_id', 'parent_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('amendment_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_amendment_comments_amendment_id_parent_id')
    op.drop_table('amendment_comments')

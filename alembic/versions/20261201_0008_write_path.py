"""write path: the audit head numbers the events; an index for the pending-amendment limit

The audit head numbers the events, so an event's hash is known before its INSERT.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_id', sa.Integer(), nullable=False,
                                      server_default='0'))
    op.execute("UPDATE audit_head SET last_id = "
               "(SELECT COALESCE(MAX(id), 0) FROM audit_events)")
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.create_index('ix_amendments_draft_id_delegation',
                              ['draft_id', 'delegation_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.drop_index('ix_amendments_draft_id_delegation')
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.drop_column('last_id')

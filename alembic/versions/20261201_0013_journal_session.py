"""journal session: the sitting a journal records

The second line of a journal's title, "3rd PLENARY MEETING (CLOSED)", which nothing else
records: one column, empty for the journals already kept.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 18:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('journals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_title', sa.String(length=200), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('journals', schema=None) as batch_op:
        batch_op.drop_column('session_title')

"""search: the full-text index (SQLite FTS5, PostgreSQL tsvector with a GIN index)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 18:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

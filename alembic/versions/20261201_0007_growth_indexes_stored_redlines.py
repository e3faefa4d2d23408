"""growth: indexes for paged lists, and each amendment's redline stored

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 11:20:00

Lists of amendments, drafts, notices and audit events are read page by page through the
indexes below. Each amendment keeps its word-level redline (drafting.models
`_store_redline` maintains it); the rows already there get theirs here.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BATCH = 500
STORE = sa.text("UPDATE amendments SET redline = :redline WHERE id = :id").bindparams(
    sa.bindparam("redline", type_=sa.JSON()))


def upgrade() -> None:
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redline', sa.JSON(), nullable=True))
        batch_op.create_index('ix_amendments_draft_id_status',
                              ['draft_id', 'status', 'id'], unique=False)
        batch_op.create_index('ix_amendments_draft_id_paragraph',
                              ['draft_id', 'paragraph_key', 'status'], unique=False)
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_delegation_id_role',
                              ['delegation_id', 'role', 'id'], unique=False)
        batch_op.create_index('ix_notices_role', ['role', 'id'], unique=False)
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index('ix_drafts_state_tabled_at',
                              ['state', 'tabled_at', 'id'], unique=False)
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_draft_id')
        batch_op.create_index('ix_audit_events_draft_id_id', ['draft_id', 'id'], unique=False)
    _store_redlines()


def _store_redlines() -> None:
    # The same function the application uses, so that a backfilled redline is exactly the
    # one a new amendment would get.
    from drafting.stored_redline import spans

    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.text(
            "SELECT id, action, base_text, text FROM amendments WHERE id > :last "
            "ORDER BY id LIMIT :batch"), {"last": last, "batch": BATCH}).all()
        if not rows:
            return
        conn.execute(STORE, [
            {"id": row.id, "redline": spans(row.action, row.base_text, row.text)}
            for row in rows])
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_draft_id_id')
        batch_op.create_index('ix_audit_events_draft_id', ['draft_id'], unique=False)
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index('ix_drafts_state_tabled_at')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_role')
        batch_op.drop_index('ix_notices_delegation_id_role')
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.drop_index('ix_amendments_draft_id_paragraph')
        batch_op.drop_index('ix_amendments_draft_id_status')
        batch_op.drop_column('redline')

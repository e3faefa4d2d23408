"""record integrity: rebased amendments, statements awaiting co-signers, group presidencies

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rebased_onto', sa.Integer(), nullable=True))

    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=12), nullable=False,
                                      server_default='registered'))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('position', existing_type=sa.Integer(), nullable=True)

    op.create_table('statement_cosigners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_statement_cosigners_delegation_id_delegations')),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_cosigners_statement_id_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_cosigners')),
    sa.UniqueConstraint('statement_id', 'delegation_id', name=op.f('uq_statement_cosigners_statement_id_delegation_id'))
    )
    # Statements registered before co-signers had to confirm: those they name stand
    # confirmed, as the secretariat recorded them.
    _copy_cosigners()
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_column('also_on_behalf_of')

    op.create_table('group_presidencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=100), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_group_presidencies_delegation_id_delegations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_presidencies'))
    )
    with op.batch_alter_table('group_presidencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_presidencies_group'), ['group'], unique=False)


def _copy_cosigners() -> None:
    import json

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, also_on_behalf_of FROM statements ORDER BY id")).all()
    for statement_id, also in rows:
        ids = json.loads(also) if isinstance(also, str) else (also or [])
        for delegation_id in ids:  # in the order the statement names them
            conn.execute(sa.text(
                "INSERT INTO statement_cosigners (statement_id, delegation_id, status) "
                "VALUES (:s, :d, 'confirmed')"), {"s": statement_id, "d": delegation_id})


def _copy_back_cosigners() -> None:
    import json

    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT statement_id, delegation_id FROM statement_cosigners ORDER BY id")).all()
    named: dict[int, list[int]] = {}
    for statement_id, delegation_id in rows:
        named.setdefault(statement_id, []).append(delegation_id)
    for statement_id, ids in named.items():
        conn.execute(sa.text("UPDATE statements SET also_on_behalf_of = :a WHERE id = :s"),
                     {"a": json.dumps(ids), "s": statement_id})


def downgrade() -> None:
    with op.batch_alter_table('group_presidencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_presidencies_group'))
    op.drop_table('group_presidencies')
    # Statements that never became attachments have no number to keep.
    op.execute("DELETE FROM statement_cosigners WHERE statement_id IN "
               "(SELECT id FROM statements WHERE position IS NULL)")
    op.execute("DELETE FROM statements WHERE position IS NULL")
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('also_on_behalf_of', sa.JSON(), nullable=False,
                                      server_default='[]'))
    _copy_back_cosigners()
    op.drop_table('statement_cosigners')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.alter_column('position', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('status')

    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.drop_column('rebased_onto')

"""journal details: speakers, documents and annexes under agenda items

The suspensions of a meeting (several a day), the speakers under each agenda item in the
order of the floor, the documents cited, and the statements made in debate annexed to the
journal. Four new tables, nothing rebuilt.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 18:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('journal_suspensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('journal_id', sa.Integer(), nullable=False),
    sa.Column('suspended_at', sa.Time(), nullable=False),
    sa.Column('resumed_at', sa.Time(), nullable=True),
    sa.ForeignKeyConstraint(['journal_id'], ['journals.id'], name=op.f('fk_journal_suspensions_journal_id_journals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_suspensions'))
    )
    with op.batch_alter_table('journal_suspensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_suspensions_journal_id'), ['journal_id'], unique=False)

    op.create_table('journal_speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_journal_speakers_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_speakers'))
    )
    with op.batch_alter_table('journal_speakers', schema=None) as batch_op:
        batch_op.create_index('ix_journal_speakers_agenda_item_id', ['agenda_item_id', 'position'], unique=False)

    op.create_table('journal_annexes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['speaker_id'], ['journal_speakers.id'], name=op.f('fk_journal_annexes_speaker_id_journal_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_annexes')),
    sa.UniqueConstraint('speaker_id', name=op.f('uq_journal_annexes_speaker_id'))
    )

    op.create_table('journal_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('symbol', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_journal_documents_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_documents'))
    )
    with op.batch_alter_table('journal_documents', schema=None) as batch_op:
        batch_op.create_index('ix_journal_documents_agenda_item_id', ['agenda_item_id', 'position'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('journal_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_journal_documents_agenda_item_id')
    op.drop_table('journal_documents')
    op.drop_table('journal_annexes')
    with op.batch_alter_table('journal_speakers', schema=None) as batch_op:
        batch_op.drop_index('ix_journal_speakers_agenda_item_id')
    op.drop_table('journal_speakers')
    with op.batch_alter_table('journal_suspensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_suspensions_journal_id'))
    op.drop_table('journal_suspensions')

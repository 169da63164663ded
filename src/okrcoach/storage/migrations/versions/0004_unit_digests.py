"""unit_digests: each unit's objectives in a cycle added up by visibility, so a company dashboard reads
hundreds of rows, not 27,000 objectives.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 09:30:00
"""
from alembic import op
import sqlalchemy as sa
from okrcoach.storage import unit_digests


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('unit_digests',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('objectives', sa.Integer(), nullable=False),
    sa.Column('progress_sum', sa.Float(), nullable=False),
    sa.Column('own_objectives', sa.Integer(), nullable=False),
    sa.Column('own_progress_sum', sa.Float(), nullable=False),
    sa.Column('by_status', sa.JSON(), nullable=False),
    sa.Column('distribution', sa.JSON(), nullable=False),
    sa.Column('low_confidence', sa.Integer(), nullable=False),
    sa.Column('behind_candidates', sa.Text(), nullable=False),
    sa.Column('behind_ids', sa.Text(), nullable=False),
    sa.Column('check_ins', sa.Text(), nullable=False),
    sa.Column('without_krs', sa.Text(), nullable=False),
    sa.Column('lowest_low_confidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_unit_digests_cycle_id_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_digests_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', 'cycle_id', 'visibility', name=op.f('pk_unit_digests'))
    )
    unit_digests.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table('unit_digests')

"""Dashboard reads: a covering index over objectives, and each rollup keeps its KRs' check-in times.

A company dashboard reads each of the cycle's 27,000 objectives (status, unit, owner, visibility);
with these columns in the index the read does not visit the table, and a page of them in unit and
set order (unit path, position) is read in that order rather than sorted. The index replaces the one
that was its prefix, so no query loses its index. ``objective_rollups.check_ins`` lets the dashboard count how fresh 120,000 KRs are from
the objectives' rows; every rollup is worked out again to fill it (and checked_in_at, for databases
that 0002 left empty).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:30:00
"""
from alembic import op
import sqlalchemy as sa
from okrcoach.storage import rollups


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_objectives_cycle_unit', table_name='objectives')
    op.create_index('ix_objectives_cycle_unit', 'objectives',
                    ['cycle_id', 'unit_id', 'position', 'status', 'owner_id', 'visibility', 'org_id'])
    # a plain ADD COLUMN, not a batch copy (see 0002)
    op.add_column('objective_rollups', sa.Column('check_ins', sa.Text(), server_default='', nullable=False))
    rollups.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_column('objective_rollups', 'check_ins')
    op.drop_index('ix_objectives_cycle_unit', table_name='objectives')
    op.create_index('ix_objectives_cycle_unit', 'objectives', ['cycle_id', 'unit_id'])

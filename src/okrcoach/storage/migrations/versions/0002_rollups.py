"""Rollups for dashboards: objective_rollups, and key_results.checked_in_at (filled by 0003, which
changed what a rollup holds: a migration fills rollups with the code of its day, so only the newest
migration that changes them calls ``rollups.rebuild``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 06:10:00
"""
from alembic import op
import sqlalchemy as sa
import okrcoach.storage.models


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('objective_rollups',
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Float(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], name=op.f('fk_objective_rollups_objective_id_objectives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', name=op.f('pk_objective_rollups'))
    )
    # A plain ADD COLUMN, not a batch copy: on SQLite with foreign keys on, copying key_results would
    # cascade-delete every check-in when the old table is dropped.
    op.add_column('key_results', sa.Column('checked_in_at', okrcoach.storage.models.UTCDateTime(timezone=True),
                                           nullable=True))


def downgrade() -> None:
    op.drop_column('key_results', 'checked_in_at')
    op.drop_table('objective_rollups')

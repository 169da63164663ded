"""kr_bindings: KRs that take their value from an application's checklist, feedback or stage.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 10:40:00
"""
from alembic import op
import sqlalchemy as sa
import okrcoach.storage.models


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kr_bindings',
    sa.Column('kr_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=32), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_kr_bindings_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kr_id'], ['key_results.id'], name=op.f('fk_kr_bindings_kr_id_key_results'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kr_id', name=op.f('pk_kr_bindings'))
    )
    op.create_index(op.f('ix_kr_bindings_application_id'), 'kr_bindings', ['application_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_kr_bindings_application_id'), table_name='kr_bindings')
    op.drop_table('kr_bindings')

"""applications and their stage history: the road from policy research to an authority's verdict.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 10:30:00
"""
from alembic import op
import sqlalchemy as sa
import okrcoach.storage.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('target_grade', sa.String(length=32), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_applications_certificate_id_certificates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_applications_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_applications_owner_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications'))
    )
    op.create_index(op.f('ix_applications_certificate_id'), 'applications', ['certificate_id'], unique=False)
    op.create_index(op.f('ix_applications_org_id'), 'applications', ['org_id'], unique=False)
    op.create_table('application_stage_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=32), nullable=True),
    sa.Column('to_stage', sa.String(length=32), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_stage_changes_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['by_id'], ['people.id'], name=op.f('fk_application_stage_changes_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_stage_changes'))
    )
    op.create_index(op.f('ix_application_stage_changes_application_id'), 'application_stage_changes', ['application_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_application_stage_changes_application_id'), table_name='application_stage_changes')
    op.drop_table('application_stage_changes')
    op.drop_index(op.f('ix_applications_org_id'), table_name='applications')
    op.drop_index(op.f('ix_applications_certificate_id'), table_name='applications')
    op.drop_table('applications')

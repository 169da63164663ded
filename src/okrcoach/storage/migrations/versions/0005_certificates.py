"""certificates: the qualifications an organisation holds or seeks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 10:20:00
"""
from alembic import op
import sqlalchemy as sa
import okrcoach.storage.models


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('grade', sa.String(length=32), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('authority', sa.String(length=200), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('suspended', sa.Boolean(), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('issued_on IS NULL OR expires_on IS NULL OR expires_on >= issued_on', name=op.f('ck_certificates_dates')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_certificates_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_certificates_owner_id_people')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_certificates_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates'))
    )
    op.create_index('ix_certificates_org_expires', 'certificates', ['org_id', 'expires_on'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_certificates_org_expires', table_name='certificates')
    op.drop_table('certificates')

"""contacts (the communication log with the reviewing body) and certificate_needs (the KRs that need a certificate).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 11:40:00
"""
from alembic import op
import sqlalchemy as sa
import okrcoach.storage.models


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('counterpart', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_contacts_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['by_id'], ['people.id'], name=op.f('fk_contacts_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    op.create_index(op.f('ix_contacts_application_id'), 'contacts', ['application_id'], unique=False)
    op.create_table('certificate_needs',
    sa.Column('kr_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_certificate_needs_certificate_id_certificates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kr_id'], ['key_results.id'], name=op.f('fk_certificate_needs_kr_id_key_results'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kr_id', 'certificate_id', name=op.f('pk_certificate_needs'))
    )
    op.create_index(op.f('ix_certificate_needs_certificate_id'), 'certificate_needs', ['certificate_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_certificate_needs_certificate_id'), table_name='certificate_needs')
    op.drop_table('certificate_needs')
    op.drop_index(op.f('ix_contacts_application_id'), table_name='contacts')
    op.drop_table('contacts')

"""The workspace tables: organisations, units, people, cycles, OKRs, check-ins, findings, audit.

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 12:30:53.282345
"""
from alembic import op
import sqlalchemy as sa
import okrcoach.storage.models


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entity', ['entity', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_org_id'), ['org_id'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisations_slug'))
    )
    op.create_table('cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('start_date <= end_date', name=op.f('ck_cycles_dates')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_cycles_org_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycles')),
    sa.UniqueConstraint('org_id', 'name', name=op.f('uq_cycles_org_id'))
    )
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycles_org_id'), ['org_id'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('handle', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_people_org_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('email', name=op.f('uq_people_email')),
    sa.UniqueConstraint('org_id', 'handle', name=op.f('uq_people_org_id'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_org_id'), ['org_id'], unique=False)

    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('path', sa.String(length=512), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_units_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['units.id'], name=op.f('fk_units_parent_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units')),
    sa.UniqueConstraint('org_id', 'key', name=op.f('uq_units_org_id'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_units_org_path', ['org_id', 'path'], unique=False)
        batch_op.create_index(batch_op.f('ix_units_parent_id'), ['parent_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('expires_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_api_tokens_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_person_id'), ['person_id'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_memberships_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_memberships_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('person_id', 'unit_id', name=op.f('uq_memberships_person_id'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_unit_id'), ['unit_id'], unique=False)

    op.create_table('objectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reflection', sa.Text(), nullable=False),
    sa.Column('review', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('position >= 0', name=op.f('ck_objectives_position')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['people.id'], name=op.f('fk_objectives_approved_by_id_people')),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_objectives_created_by_id_people')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_objectives_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_objectives_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_objectives_owner_id_people')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_objectives_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objectives'))
    )
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.create_index('ix_objectives_cycle_owner', ['cycle_id', 'owner_id'], unique=False)
        batch_op.create_index('ix_objectives_cycle_unit', ['cycle_id', 'unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objectives_org_id'), ['org_id'], unique=False)

    op.create_table('key_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('start', sa.Float(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('current', sa.Float(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('review', sa.JSON(), nullable=True),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('score IS NULL OR (score >= 0 AND score <= 1)', name=op.f('ck_key_results_score')),
    sa.CheckConstraint('weight > 0', name=op.f('ck_key_results_weight')),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], name=op.f('fk_key_results_objective_id_objectives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_key_results_owner_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_results'))
    )
    with op.batch_alter_table('key_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_results_objective_id'), ['objective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_results_owner_id'), ['owner_id'], unique=False)

    op.create_table('alignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('parent_objective_id', sa.Integer(), nullable=True),
    sa.Column('parent_kr_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(parent_objective_id IS NULL) <> (parent_kr_id IS NULL)', name=op.f('ck_alignments_one_parent')),
    sa.ForeignKeyConstraint(['child_id'], ['objectives.id'], name=op.f('fk_alignments_child_id_objectives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_alignments_created_by_id_people')),
    sa.ForeignKeyConstraint(['parent_kr_id'], ['key_results.id'], name=op.f('fk_alignments_parent_kr_id_key_results'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_objective_id'], ['objectives.id'], name=op.f('fk_alignments_parent_objective_id_objectives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alignments')),
    sa.UniqueConstraint('child_id', 'parent_objective_id', 'parent_kr_id', name=op.f('uq_alignments_child_id'))
    )
    with op.batch_alter_table('alignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alignments_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alignments_parent_kr_id'), ['parent_kr_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alignments_parent_objective_id'), ['parent_objective_id'], unique=False)

    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kr_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('idempotency_key', sa.String(length=128), nullable=True),
    sa.Column('request_hash', sa.String(length=64), nullable=True),
    sa.CheckConstraint('confidence IS NULL OR (confidence >= 0 AND confidence <= 1)', name=op.f('ck_check_ins_confidence')),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_check_ins_author_id_people')),
    sa.ForeignKeyConstraint(['kr_id'], ['key_results.id'], name=op.f('fk_check_ins_kr_id_key_results'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins')),
    sa.UniqueConstraint('author_id', 'idempotency_key', name=op.f('uq_check_ins_author_id'))
    )
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index('ix_check_ins_kr_created', ['kr_id', 'created_at'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('kr_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', okrcoach.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_comments_author_id_people')),
    sa.ForeignKeyConstraint(['kr_id'], ['key_results.id'], name=op.f('fk_comments_kr_id_key_results'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], name=op.f('fk_comments_objective_id_objectives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_objective_id'), ['objective_id'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('kr_id', sa.Integer(), nullable=True),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('location', sa.String(length=64), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['kr_id'], ['key_results.id'], name=op.f('fk_findings_kr_id_key_results'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], name=op.f('fk_findings_objective_id_objectives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_objective_id'), ['objective_id'], unique=False)
        batch_op.create_index('ix_findings_rule', ['rule'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_rule')
        batch_op.drop_index(batch_op.f('ix_findings_objective_id'))

    op.drop_table('findings')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_objective_id'))

    op.drop_table('comments')
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index('ix_check_ins_kr_created')

    op.drop_table('check_ins')
    with op.batch_alter_table('alignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alignments_parent_objective_id'))
        batch_op.drop_index(batch_op.f('ix_alignments_parent_kr_id'))
        batch_op.drop_index(batch_op.f('ix_alignments_child_id'))

    op.drop_table('alignments')
    with op.batch_alter_table('key_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_results_owner_id'))
        batch_op.drop_index(batch_op.f('ix_key_results_objective_id'))

    op.drop_table('key_results')
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objectives_org_id'))
        batch_op.drop_index('ix_objectives_cycle_unit')
        batch_op.drop_index('ix_objectives_cycle_owner')

    op.drop_table('objectives')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_unit_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_person_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_person_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_parent_id'))
        batch_op.drop_index('ix_units_org_path')
        batch_op.drop_index(batch_op.f('ix_units_org_id'))

    op.drop_table('units')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_org_id'))

    op.drop_table('people')
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycles_org_id'))

    op.drop_table('cycles')
    op.drop_table('organisations')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_org_id'))
        batch_op.drop_index('ix_audit_entity')

    op.drop_table('audit_events')

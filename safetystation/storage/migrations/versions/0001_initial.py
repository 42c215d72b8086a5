"""Initial schema: every ledger table, the audit log and settings.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('ledger', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('before', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('after', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_ledger'), ['ledger'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_record_id'), ['record_id'], unique=False)

    op.create_table('checklist_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('applies_to', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('items', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('checklist_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_template_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('duty',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('shift', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('leader', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('staff', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('events', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('handling', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('handover', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('duty', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('equipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('model_spec', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('asset_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('custodian', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('purchase_date', sa.Date(), nullable=True),
    sa.Column('price', sa.Integer(), nullable=True),
    sa.Column('funding_source', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipment_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('industry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('high_risk', sa.Boolean(), nullable=False),
    sa.Column('crowded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('industry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_industry_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('setting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('station',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('town', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('jurisdiction', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('is_key_town', sa.Boolean(), nullable=False),
    sa.Column('small_jurisdiction', sa.Boolean(), nullable=False),
    sa.Column('entrusted_enforcement', sa.Boolean(), nullable=False),
    sa.Column('doc_prefix', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('head_name', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('leader_name', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('appeal_government', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('appeal_department', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('court', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('litigation_months', sa.Integer(), nullable=False),
    sa.Column('report_due_day', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_station_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('training',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('trainer', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('group', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('trainees', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=True),
    sa.Column('passed', sa.Integer(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_start_date'), ['start_date'], unique=False)

    op.create_table('village',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('secretary', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('households', sa.Integer(), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_village_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('enterprise',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('credit_code', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=True),
    sa.Column('industry_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('legal_rep', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('principal', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('safety_manager', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('scale', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('licence_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('licence_expiry', sa.Date(), nullable=True),
    sa.Column('standardization', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('risk_level', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('is_key', sa.Boolean(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['industry_id'], ['industry.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprise_credit_code'), ['credit_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprise_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprise_industry_id'), ['industry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprise_village_id'), ['village_id'], unique=False)

    op.create_table('equipment_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('task', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('interval_value', sa.Integer(), nullable=False),
    sa.Column('interval_unit', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('last_done', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('equipment_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipment_schedule_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_equipment_schedule_equipment_id'), ['equipment_id'], unique=False)

    op.create_table('publicity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('activity_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
    sa.Column('audience', sa.Integer(), nullable=True),
    sa.Column('organizer', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('cost', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('publicity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publicity_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_publicity_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_publicity_village_id'), ['village_id'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('employment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('appointment_doc', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('appointment_date', sa.Date(), nullable=True),
    sa.Column('filing_date', sa.Date(), nullable=True),
    sa.Column('cert_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('cert_expiry', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('left_date', sa.Date(), nullable=True),
    sa.Column('left_reason', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_village_id'), ['village_id'], unique=False)

    op.create_table('accident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('time', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('deaths', sa.Integer(), nullable=False),
    sa.Column('injuries', sa.Integer(), nullable=False),
    sa.Column('serious_injuries', sa.Integer(), nullable=True),
    sa.Column('missing', sa.Integer(), nullable=False),
    sa.Column('loss', sa.Integer(), nullable=False),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=True),
    sa.Column('reporting_issue', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('investigation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('accident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accident_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_accident_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_accident_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accident_village_id'), ['village_id'], unique=False)

    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('party_a', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('party_b', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('party_kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('signatory', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('signed_date', sa.Date(), nullable=False),
    sa.Column('indicators', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('assessment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_signed_date'), ['signed_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_village_id'), ['village_id'], unique=False)

    op.create_table('brigade',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('captain', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('founded', sa.Date(), nullable=True),
    sa.Column('equipment', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('brigade', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brigade_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_brigade_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_brigade_village_id'), ['village_id'], unique=False)

    op.create_table('emergency_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('hazard', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('prepared_date', sa.Date(), nullable=False),
    sa.Column('revised_date', sa.Date(), nullable=True),
    sa.Column('reviewed_date', sa.Date(), nullable=True),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('emergency_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emergency_plan_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_emergency_plan_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_emergency_plan_village_id'), ['village_id'], unique=False)

    op.create_table('enforcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('case_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('party', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('legal_basis', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('violation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('items', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('fine', sa.Integer(), nullable=True),
    sa.Column('pre_accident', sa.Boolean(), nullable=False),
    sa.Column('executed', sa.Boolean(), nullable=False),
    sa.Column('referred_to', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('enforcement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enforcement_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('equipment_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('checker', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('status_from', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('status_to', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['schedule_id'], ['equipment_schedule.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('equipment_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipment_check_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_equipment_check_equipment_id'), ['equipment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_equipment_check_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('record_no', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('lead', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('inspectors', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('person_times', sa.Integer(), nullable=False),
    sa.Column('checklist_id', sa.Integer(), nullable=True),
    sa.Column('findings', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('fixed_on_spot', sa.Boolean(), nullable=False),
    sa.Column('notice_issued', sa.Boolean(), nullable=False),
    sa.Column('next_follow_up', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['checklist_id'], ['checklist_template.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_checklist_id'), ['checklist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('key_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('hazard_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('potential_casualties', sa.Integer(), nullable=True),
    sa.Column('is_major_source', sa.Boolean(), nullable=False),
    sa.Column('source_grade', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('monitoring', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('unit_responsible', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('official_responsible', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('filed_date', sa.Date(), nullable=True),
    sa.Column('filed_to', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('last_check', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('key_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_part_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_part_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('brigade_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('brigade_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('attendees', sa.Integer(), nullable=True),
    sa.Column('loss_avoided', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['brigade_id'], ['brigade.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('brigade_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brigade_activity_brigade_id'), ['brigade_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_brigade_activity_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_brigade_activity_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('brigade_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('brigade_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('veteran', sa.Boolean(), nullable=False),
    sa.Column('trained_date', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['brigade_id'], ['brigade.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('brigade_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brigade_member_brigade_id'), ['brigade_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_brigade_member_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('drill_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('scenario', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('organizer', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('recurrence', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('months', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('day_of_month', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('expected_scale', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id'], ['emergency_plan.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('drill_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drill_plan_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_plan_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_plan_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_plan_village_id'), ['village_id'], unique=False)

    op.create_table('drill_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('start_at', sa.DateTime(), nullable=False),
    sa.Column('end_at', sa.DateTime(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('organizer', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('commander', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('recorder', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('participant_units', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('scenario', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('scenario_text', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('cost', sa.Integer(), nullable=True),
    sa.Column('equipment_used', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('evaluator', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('evaluation_date', sa.Date(), nullable=True),
    sa.Column('plan_revised', sa.Boolean(), nullable=False),
    sa.Column('reported_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id'], ['emergency_plan.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('drill_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drill_record_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_record_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_record_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_record_start_at'), ['start_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_record_village_id'), ['village_id'], unique=False)

    op.create_table('hazard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('hazard_no', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('found_date', sa.Date(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('notice_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('notice_date', sa.Date(), nullable=True),
    sa.Column('notice_seq', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('measures', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('funds', sa.Integer(), nullable=True),
    sa.Column('interim_measures', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('rectified_date', sa.Date(), nullable=True),
    sa.Column('failed_reviews', sa.Integer(), nullable=False),
    sa.Column('accountability', sa.Boolean(), nullable=False),
    sa.Column('verifier', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('verified_date', sa.Date(), nullable=True),
    sa.Column('verify_result', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('closed_date', sa.Date(), nullable=True),
    sa.Column('reported_upward', sa.Boolean(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_closed_date'), ['closed_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_found_date'), ['found_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_notice_date'), ['notice_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_village_id'), ['village_id'], unique=False)

    op.create_table('inspection_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inspection_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_item_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_item_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('drill_occurrence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['drill_plan.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['record_id'], ['drill_record.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('drill_occurrence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drill_occurrence_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_occurrence_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_occurrence_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_occurrence_record_id'), ['record_id'], unique=False)

    op.create_table('drill_problem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('problem', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('rectifier', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('confirmer', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('hazard_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['record_id'], ['drill_record.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('drill_problem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drill_problem_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_problem_hazard_id'), ['hazard_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_problem_record_id'), ['record_id'], unique=False)

    op.create_table('hazard_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('hazard_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('status_from', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('status_to', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('person', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hazard_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_event_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_event_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_event_hazard_id'), ['hazard_id'], unique=False)

    op.create_table('hazard_listing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('hazard_id', sa.Integer(), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('listed_date', sa.Date(), nullable=False),
    sa.Column('doc_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('resp_person', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('measures', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('funds', sa.Integer(), nullable=True),
    sa.Column('time_limit', sa.Date(), nullable=True),
    sa.Column('plan', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('progress', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('delisted_date', sa.Date(), nullable=True),
    sa.Column('delisting_body', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hazard_listing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_listing_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_listing_hazard_id'), ['hazard_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_hazard_listing_listed_date'), ['listed_date'], unique=False)

    op.create_table('zero_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('no_accident', sa.Boolean(), nullable=False),
    sa.Column('no_hazard', sa.Boolean(), nullable=False),
    sa.Column('accident_id', sa.Integer(), nullable=True),
    sa.Column('hazard_id', sa.Integer(), nullable=True),
    sa.Column('signer', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['accident_id'], ['accident.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('zero_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zero_report_accident_id'), ['accident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_zero_report_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_zero_report_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_zero_report_hazard_id'), ['hazard_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_zero_report_village_id'), ['village_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('zero_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zero_report_village_id'))
        batch_op.drop_index(batch_op.f('ix_zero_report_hazard_id'))
        batch_op.drop_index(batch_op.f('ix_zero_report_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_zero_report_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_zero_report_accident_id'))

    op.drop_table('zero_report')
    with op.batch_alter_table('hazard_listing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_listing_listed_date'))
        batch_op.drop_index(batch_op.f('ix_hazard_listing_hazard_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_listing_deleted_at'))

    op.drop_table('hazard_listing')
    with op.batch_alter_table('hazard_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_event_hazard_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_event_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_hazard_event_date'))

    op.drop_table('hazard_event')
    with op.batch_alter_table('drill_problem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drill_problem_record_id'))
        batch_op.drop_index(batch_op.f('ix_drill_problem_hazard_id'))
        batch_op.drop_index(batch_op.f('ix_drill_problem_deleted_at'))

    op.drop_table('drill_problem')
    with op.batch_alter_table('drill_occurrence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drill_occurrence_record_id'))
        batch_op.drop_index(batch_op.f('ix_drill_occurrence_plan_id'))
        batch_op.drop_index(batch_op.f('ix_drill_occurrence_due_date'))
        batch_op.drop_index(batch_op.f('ix_drill_occurrence_deleted_at'))

    op.drop_table('drill_occurrence')
    with op.batch_alter_table('inspection_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_item_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_item_deleted_at'))

    op.drop_table('inspection_item')
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_village_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_notice_date'))
        batch_op.drop_index(batch_op.f('ix_hazard_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_found_date'))
        batch_op.drop_index(batch_op.f('ix_hazard_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_hazard_closed_date'))

    op.drop_table('hazard')
    with op.batch_alter_table('drill_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drill_record_village_id'))
        batch_op.drop_index(batch_op.f('ix_drill_record_start_at'))
        batch_op.drop_index(batch_op.f('ix_drill_record_plan_id'))
        batch_op.drop_index(batch_op.f('ix_drill_record_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_drill_record_deleted_at'))

    op.drop_table('drill_record')
    with op.batch_alter_table('drill_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drill_plan_village_id'))
        batch_op.drop_index(batch_op.f('ix_drill_plan_plan_id'))
        batch_op.drop_index(batch_op.f('ix_drill_plan_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_drill_plan_deleted_at'))

    op.drop_table('drill_plan')
    with op.batch_alter_table('brigade_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brigade_member_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_brigade_member_brigade_id'))

    op.drop_table('brigade_member')
    with op.batch_alter_table('brigade_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brigade_activity_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_brigade_activity_date'))
        batch_op.drop_index(batch_op.f('ix_brigade_activity_brigade_id'))

    op.drop_table('brigade_activity')
    with op.batch_alter_table('key_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_part_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_key_part_deleted_at'))

    op.drop_table('key_part')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_inspection_date'))
        batch_op.drop_index(batch_op.f('ix_inspection_checklist_id'))

    op.drop_table('inspection')
    with op.batch_alter_table('equipment_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equipment_check_schedule_id'))
        batch_op.drop_index(batch_op.f('ix_equipment_check_equipment_id'))
        batch_op.drop_index(batch_op.f('ix_equipment_check_deleted_at'))

    op.drop_table('equipment_check')
    with op.batch_alter_table('enforcement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enforcement_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_enforcement_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_enforcement_date'))

    op.drop_table('enforcement')
    with op.batch_alter_table('emergency_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emergency_plan_village_id'))
        batch_op.drop_index(batch_op.f('ix_emergency_plan_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_emergency_plan_deleted_at'))

    op.drop_table('emergency_plan')
    with op.batch_alter_table('brigade', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brigade_village_id'))
        batch_op.drop_index(batch_op.f('ix_brigade_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_brigade_deleted_at'))

    op.drop_table('brigade')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_village_id'))
        batch_op.drop_index(batch_op.f('ix_agreement_signed_date'))
        batch_op.drop_index(batch_op.f('ix_agreement_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_agreement_deleted_at'))

    op.drop_table('agreement')
    with op.batch_alter_table('accident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accident_village_id'))
        batch_op.drop_index(batch_op.f('ix_accident_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_accident_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_accident_date'))

    op.drop_table('accident')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_village_id'))
        batch_op.drop_index(batch_op.f('ix_staff_deleted_at'))

    op.drop_table('staff')
    with op.batch_alter_table('publicity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publicity_village_id'))
        batch_op.drop_index(batch_op.f('ix_publicity_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_publicity_date'))

    op.drop_table('publicity')
    with op.batch_alter_table('equipment_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equipment_schedule_equipment_id'))
        batch_op.drop_index(batch_op.f('ix_equipment_schedule_deleted_at'))

    op.drop_table('equipment_schedule')
    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprise_village_id'))
        batch_op.drop_index(batch_op.f('ix_enterprise_industry_id'))
        batch_op.drop_index(batch_op.f('ix_enterprise_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_enterprise_credit_code'))

    op.drop_table('enterprise')
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_village_deleted_at'))

    op.drop_table('village')
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_start_date'))
        batch_op.drop_index(batch_op.f('ix_training_deleted_at'))

    op.drop_table('training')
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_station_deleted_at'))

    op.drop_table('station')
    op.drop_table('setting')
    with op.batch_alter_table('industry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_industry_deleted_at'))

    op.drop_table('industry')
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equipment_deleted_at'))

    op.drop_table('equipment')
    with op.batch_alter_table('duty', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_duty_date'))

    op.drop_table('duty')
    with op.batch_alter_table('checklist_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_template_deleted_at'))

    op.drop_table('checklist_template')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_record_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_ledger'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')

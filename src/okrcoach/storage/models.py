"""The workspace's tables.

One organisation holds a tree of units (company → departments → teams), people with their
memberships, cycles, and the OKRs: objectives, key results, alignment links, check-ins,
comments, the checker's current findings, and an audit trail of every change.

Conventions: integer ids; ``version`` columns drive optimistic concurrency (a stale update
raises ``StaleDataError``, the API answers 409); enum values are stored as their strings;
timestamps are timezone-aware UTC.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer,
                        MetaData, String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC on both SQLite (which drops the zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("org_id", "key"), Index("ix_units_org_path", "org_id", "path"))
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))          # stable handle: "qa", the set id in documents
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))         # values.UnitKind
    path: Mapped[str] = mapped_column(String(512), default="")  # "/1/4/9/": ancestors and self
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("org_id", "handle"), UniqueConstraint("email"))
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    handle: Mapped[str] = mapped_column(String(64))      # stable handle: "zhangsan", the set id in documents
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # argon2; None: cannot log in
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(8), default="zh")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    memberships: Mapped[list[Membership]] = relationship(back_populates="person", cascade="all, delete-orphan")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("person_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))        # values.Role
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)  # the unit a person's own OKRs belong to

    person: Mapped[Person] = relationship(back_populates="memberships")
    unit: Mapped[Unit] = relationship()


class ApiToken(Base):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))      # shown in lists so people can tell tokens apart
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Cycle(Base):
    __tablename__ = "cycles"
    __table_args__ = (UniqueConstraint("org_id", "name"), CheckConstraint("start_date <= end_date", name="dates"))
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))        # "2026-Q4", or a custom label
    kind: Mapped[str] = mapped_column(String(16))        # values.CycleKind
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="planning")  # values.CycleState
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class Objective(Base):
    __tablename__ = "objectives"
    __table_args__ = (
        # covering for a dashboard's read of a unit's objectives (services/unit_dashboard.py): no table lookups
        Index("ix_objectives_cycle_unit", "cycle_id", "unit_id", "position", "status", "owner_id", "visibility",
              "org_id"),
        Index("ix_objectives_cycle_owner", "cycle_id", "owner_id"),
        CheckConstraint("position >= 0", name="position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))   # the owning unit; for personal OKRs the owner's
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # None: owned by the unit itself
    level: Mapped[str] = mapped_column(String(16))       # values.ObjectiveLevel
    key: Mapped[str | None] = mapped_column(String(64))  # the document's own ``id:``, kept for round trips
    position: Mapped[int] = mapped_column(Integer, default=0)  # order within its owner's set in the cycle
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="public")   # values.Visibility
    status: Mapped[str] = mapped_column(String(16), default="draft")        # values.ObjectiveStatus
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reflection: Mapped[str] = mapped_column(Text, default="")              # end-of-cycle retrospective
    review: Mapped[dict | None] = mapped_column(JSON)    # the seed's sufficiency answer: {sufficient, note}
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    key_results: Mapped[list[KeyResult]] = relationship(
        back_populates="objective", order_by="KeyResult.position", cascade="all, delete-orphan")
    unit: Mapped[Unit] = relationship()
    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id])
    cycle: Mapped[Cycle] = relationship()


class KeyResult(Base):
    __tablename__ = "key_results"
    __table_args__ = (
        CheckConstraint("weight > 0", name="weight"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), index=True)
    key: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="metric")  # values.KrKind
    start: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    current: Mapped[float | None] = mapped_column(Float)             # the latest check-in's value
    confidence: Mapped[float | None] = mapped_column(Float)          # the latest check-in's confidence
    unit: Mapped[str | None] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(8), default="up")  # values.Direction
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    due: Mapped[dt.date | None] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)               # end-of-cycle 0.0–1.0
    review: Mapped[dict | None] = mapped_column(JSON)    # the seed's necessity answer: {necessary, note}
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # the latest check-in's (rollups.py)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    objective: Mapped[Objective] = relationship(back_populates="key_results")


class Alignment(Base):
    """An objective supports a parent objective or a parent KR, in its own unit or across units."""

    __tablename__ = "alignments"
    __table_args__ = (
        UniqueConstraint("child_id", "parent_objective_id", "parent_kr_id"),
        CheckConstraint("(parent_objective_id IS NULL) <> (parent_kr_id IS NULL)", name="one_parent"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), index=True)
    parent_objective_id: Mapped[int | None] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"),
                                                            index=True)
    parent_kr_id: Mapped[int | None] = mapped_column(ForeignKey("key_results.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ObjectiveRollup(Base):
    """What an objective's own KRs add up to, kept by ``storage/rollups.py`` at every flush that changes
    one of them, so dashboards can count and average in the database. Derived data, never edited; an
    objective without KRs has no row (its progress is its children's, rolled up when read)."""

    __tablename__ = "objective_rollups"
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True)
    progress: Mapped[float] = mapped_column(Float)                 # the weighted mean of its KRs' progress
    confidence: Mapped[float | None] = mapped_column(Float)        # the lowest latest confidence of its KRs
    # its KRs' latest check-ins, oldest first, as ``rollups.stamp`` writes them ("-": never): a dashboard
    # counts how fresh a company's 120,000 KRs are from its 27,000 objectives' rows
    check_ins: Mapped[str] = mapped_column(Text, default="", server_default="")


class UnitDigest(Base):
    """What a unit's own objectives of one visibility in a cycle add up to, kept by
    ``storage/unit_digests.py`` at every flush that changes one of them or their rollups: a company's
    dashboard adds up its units' digests instead of reading its 27,000 objectives. Nothing here depends on the day or on who
    reads: numbers that do (at risk, fresh) are kept as the sorted values they are counted from.
    Derived data, never edited; an objective without KRs is only listed (its progress depends on
    what the reader may see of its children)."""

    __tablename__ = "unit_digests"
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True)
    visibility: Mapped[str] = mapped_column(String(16), primary_key=True)   # a reader may read all of one or none
    objectives: Mapped[int] = mapped_column(Integer)          # those with KRs (a rollup)
    progress_sum: Mapped[float] = mapped_column(Float)
    own_objectives: Mapped[int] = mapped_column(Integer)      # of them, the unit's own (no owner)
    own_progress_sum: Mapped[float] = mapped_column(Float)
    by_status: Mapped[dict] = mapped_column(JSON)             # {status: count}
    distribution: Mapped[list] = mapped_column(JSON)          # counts by progress tenth
    low_confidence: Mapped[int] = mapped_column(Integer)      # active ones whose confidence is low
    behind_candidates: Mapped[str] = mapped_column(Text)      # progress of the other active ones under 100%, sorted
    behind_ids: Mapped[str] = mapped_column(Text)             # their ids, in that order
    check_ins: Mapped[str] = mapped_column(Text)              # stamps of the active ones' KRs, sorted
    without_krs: Mapped[str] = mapped_column(Text)            # ids of the objectives without KRs
    # the active ones of low confidence with the least progress, [progress, id], at most ``unit_digests.LOWEST``
    lowest_low_confidence: Mapped[list] = mapped_column(JSON)


class Certificate(Base):
    """A qualification the organisation holds or seeks (``workspace.qualifications``): its category and
    grade, who issued it to whom, its number, scope and dates, and its documents' metadata (the files
    themselves live where the company keeps them)."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("issued_on IS NULL OR expires_on IS NULL OR expires_on >= issued_on", name="dates"),
        Index("ix_certificates_org_expires", "org_id", "expires_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))      # the unit that looks after it
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))    # the person who does
    category: Mapped[str] = mapped_column(String(64))                        # qualifications.CATEGORIES
    grade: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    authority: Mapped[str] = mapped_column(String(200), default="")          # the issuing authority
    number: Mapped[str] = mapped_column(String(100), default="")
    holder: Mapped[str] = mapped_column(String(200), default="")             # the entity it is issued to
    scope: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    held: Mapped[bool] = mapped_column(Boolean, default=True)                # False: sought, not held yet
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    documents: Mapped[list] = mapped_column(JSON, default=list)              # [{name, kind, reference}]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class Application(Base):
    """An application to an authority for a certificate: new, an upgrade, a renewal or a change, moving
    through the stages of ``workspace.qualifications`` (each move kept in ``ApplicationStageChange``)."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))                           # qualifications.ApplicationKind
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(32), default="policy_research")   # qualifications.Stage
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    target_grade: Mapped[str | None] = mapped_column(String(32))
    due_on: Mapped[dt.date | None] = mapped_column(Date)                    # when it should be approved
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class ApplicationStageChange(Base):
    """One move of an application from a stage to the next, when, by whom and why: its history."""

    __tablename__ = "application_stage_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(32))               # None: the application began
    to_stage: Mapped[str] = mapped_column(String(32))
    on: Mapped[dt.date] = mapped_column(Date)                                # the day it happened
    by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)     # when it was recorded


class ChecklistItem(Base):
    """One requirement of an application's materials checklist, its compliance and who reviewed it."""

    __tablename__ = "checklist_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    requirement: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")      # qualifications.ItemStatus
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FeedbackItem(Base):
    """A point the authority's reviewers raised (发补意见, 整改项): when it came, when the answer is due,
    when it was answered, and whether it is closed."""

    __tablename__ = "feedback_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    received_on: Mapped[dt.date] = mapped_column(Date)
    response_due: Mapped[dt.date] = mapped_column(Date)
    responded_on: Mapped[dt.date | None] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class KrBinding(Base):
    """A KR that takes its current value from an application (``services.bound_krs``): which
    application, and which of its measures."""

    __tablename__ = "kr_bindings"
    kr_id: Mapped[int] = mapped_column(ForeignKey("key_results.id", ondelete="CASCADE"), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    measure: Mapped[str] = mapped_column(String(32))           # bound_krs.MEASURES
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Contact(Base):
    """One exchange with the reviewing body about an application (a call, a meeting, a letter, a portal
    message): the communication log the seed's "与评审机构建立常态化沟通机制" asks to keep, and what
    a KR on contacts per week counts."""

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))           # qualifications.Channel
    counterpart: Mapped[str] = mapped_column(String(200), default="")   # who at the authority
    summary: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CertificateNeed(Base):
    """A certificate a KR needs (the company's "Q4 三款新型设备上市" needs each device's registration):
    the first link of the chain from strategy to the qualification team's work."""

    __tablename__ = "certificate_needs"
    kr_id: Mapped[int] = mapped_column(ForeignKey("key_results.id", ondelete="CASCADE"), primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"),
                                                primary_key=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckIn(Base):
    __tablename__ = "check_ins"
    __table_args__ = (
        UniqueConstraint("author_id", "idempotency_key"),
        Index("ix_check_ins_kr_created", "kr_id", "created_at"),
        CheckConstraint("confidence IS NULL OR (confidence >= 0 AND confidence <= 1)", name="confidence"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kr_id: Mapped[int] = mapped_column(ForeignKey("key_results.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    value: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    request_hash: Mapped[str | None] = mapped_column(String(64))  # a key reused with another body is refused


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), index=True)
    kr_id: Mapped[int | None] = mapped_column(ForeignKey("key_results.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoredFinding(Base):
    """The checker's current finding on a stored objective; replaced whenever the objective changes."""

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_rule", "rule"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), index=True)
    kr_id: Mapped[int | None] = mapped_column(ForeignKey("key_results.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(8))
    location: Mapped[str] = mapped_column(String(64))     # "O1.KR3" within the owner's set, as ``okr check``
    texts: Mapped[dict] = mapped_column(JSON)             # {"zh": {"message", "suggestion"}, "en": {...}}


class AuditEvent(Base):
    """Who changed what, when, from what to what. Written by the session hook in ``audit.py``."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    entity: Mapped[str] = mapped_column(String(32))       # table name
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(8))        # create | update | delete
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


# --- notifications (services/notification_*.py, services/outbox.py) --------------------------------

class NotificationPreference(Base):
    """What one person wants to hear about by e-mail, and when to be reminded to check in.

    No row: the defaults (every kind, weekly reminder on Friday at 10:00 in the organisation's clock)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        CheckConstraint("checkin_weekday >= 0 AND checkin_weekday <= 6", name="weekday"),
        CheckConstraint("checkin_hour >= 0 AND checkin_hour <= 23", name="hour"),
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    email_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    kinds: Mapped[list] = mapped_column(JSON, default=list)          # the kinds wanted; [] = none
    checkin_cadence: Mapped[str] = mapped_column(String(16), default="weekly")   # off | weekly | biweekly
    checkin_weekday: Mapped[int] = mapped_column(Integer, default=4)             # Monday 0 … Sunday 6
    checkin_hour: Mapped[int] = mapped_column(Integer, default=10)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class NotificationChannel(Base):
    """A unit's group robot or mailing list: DingTalk, Feishu, WeCom, a generic JSON webhook or an
    e-mail address, with the kinds of notice it takes and the language it speaks."""

    __tablename__ = "notification_channels"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))                    # email | dingtalk | feishu | wecom | webhook
    address: Mapped[str] = mapped_column(String(1000))
    secret: Mapped[str | None] = mapped_column(String(200))          # signing secret; never shown back
    kinds: Mapped[list] = mapped_column(JSON, default=list)
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Unit] = relationship()


class Notification(Base):
    """One notice for one recipient: the outbox row that a scheduler claims, sends and retries.

    ``(dedupe_key, recipient)`` is unique, so the same event seen by two schedulers at once, or by one
    scheduler twice, is one row; a claim (``claimed_by`` until ``claimed_until``) is taken by a
    conditional UPDATE, so two workers never send the same row."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("dedupe_key", "recipient"),
        Index("ix_notifications_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(64))               # "person:12" | "channel:3"
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("notification_channels.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    data: Mapped[dict] = mapped_column(JSON)                         # what notifications.messages.compose reads
    status: Mapped[str] = mapped_column(String(16), default="pending")   # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class DeliveryAttempt(Base):
    """The delivery log: each try at sending a notification, by which worker, and what came of it."""

    __tablename__ = "delivery_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    worker: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(8))                  # sent | retry | failed
    error: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str] = mapped_column(String(300))                 # "email zhang@…", "dingtalk 质量部群"


class RiskWatch(Base):
    """The last "at risk" state the scheduler saw for an active objective, so a change is told once."""

    __tablename__ = "risk_watch"
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True)
    at_risk: Mapped[bool] = mapped_column(Boolean)
    flips: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

"""Qualification work, free of SQL and HTTP: certificates, their status and deadlines, and applications.

The seed article's users keep a company's qualifications alive: construction and design grades,
safety licences, medical-device registrations, ISO certificates, high-tech recognition, financial
licences. Each has an issuing authority, a grade that means something only within its category
(甲级 for a design qualification, 三类 for a device registration), and an expiry that must not be
missed. This module holds those vocabularies (their stored values are a public contract, their
labels in zh-CN and English), works out a certificate's status on a given day, says which expiry
alert is due, and knows the stages an application moves through. Storage, services and pages build
on it; it knows nothing of them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .values import StrEnum


@dataclass(frozen=True)
class Category:
    key: str
    zh: str
    en: str
    grades: tuple[str, ...] = ()   # the grades this category knows, highest first; () when it has none


CATEGORIES: dict[str, Category] = {c.key: c for c in (
    Category("construction_enterprise", "建筑业企业资质", "Construction enterprise qualification",
             ("特级", "一级", "二级", "三级")),
    Category("engineering_design", "工程设计资质", "Engineering design qualification", ("甲级", "乙级", "丙级")),
    Category("engineering_survey", "工程勘察资质", "Engineering survey qualification", ("甲级", "乙级", "丙级")),
    Category("safety_production_licence", "安全生产许可证", "Work safety licence"),
    Category("medical_device_registration", "医疗器械注册证", "Medical device registration certificate",
             ("第三类", "第二类", "第一类")),
    Category("medical_device_production_licence", "医疗器械生产许可证", "Medical device production licence"),
    Category("medical_device_business_licence", "医疗器械经营许可证", "Medical device distribution licence"),
    Category("iso_9001", "ISO 9001 质量管理体系认证", "ISO 9001 quality management certification"),
    Category("iso_13485", "ISO 13485 医疗器械质量管理体系认证", "ISO 13485 medical device QMS certification"),
    Category("iso_27001", "ISO 27001 信息安全管理体系认证", "ISO 27001 information security certification"),
    Category("high_tech_enterprise", "高新技术企业认定", "High and new technology enterprise recognition"),
    Category("payment_licence", "支付业务许可证", "Payment business licence"),
    Category("financial_licence", "金融业务许可证", "Financial business licence"),
    Category("other", "其他资质", "Other qualification"),
)}


class CertificateStatus(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"               # within the warning window before expiry
    EXPIRED = "expired"
    SUSPENDED = "suspended"             # by the authority: set by hand, until lifted
    RENEWAL_IN_PROGRESS = "renewal_in_progress"   # a renewal application is open
    SOUGHT = "sought"                   # not held yet: an application will bring it


class ApplicationKind(StrEnum):
    NEW = "new"
    UPGRADE = "upgrade"
    RENEWAL = "renewal"
    CHANGE = "change"


class Stage(StrEnum):
    POLICY_RESEARCH = "policy_research"
    MATERIALS = "materials"
    INTERNAL_REVIEW = "internal_review"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    RECTIFICATION = "rectification"     # the authority asked for changes (发补 / 整改)
    APPROVED = "approved"
    REJECTED = "rejected"


# Forward one step at a time, back to rework, and from review to a verdict or to rectification and back.
STAGE_MOVES: dict[Stage, frozenset[Stage]] = {
    Stage.POLICY_RESEARCH: frozenset({Stage.MATERIALS}),
    Stage.MATERIALS: frozenset({Stage.INTERNAL_REVIEW, Stage.POLICY_RESEARCH}),
    Stage.INTERNAL_REVIEW: frozenset({Stage.SUBMITTED, Stage.MATERIALS}),
    Stage.SUBMITTED: frozenset({Stage.UNDER_REVIEW}),
    Stage.UNDER_REVIEW: frozenset({Stage.RECTIFICATION, Stage.APPROVED, Stage.REJECTED}),
    Stage.RECTIFICATION: frozenset({Stage.UNDER_REVIEW, Stage.REJECTED}),
    Stage.APPROVED: frozenset(),
    Stage.REJECTED: frozenset({Stage.POLICY_RESEARCH}),   # try again: a new round of the same application
}
# the road to approval, in order: how far an application has come (rectification answers the review)
PIPELINE = (Stage.POLICY_RESEARCH, Stage.MATERIALS, Stage.INTERNAL_REVIEW, Stage.SUBMITTED, Stage.UNDER_REVIEW,
            Stage.RECTIFICATION, Stage.APPROVED)

DEFAULT_ALERT_DAYS = (180, 90, 30)     # alerts before an expiry; an organisation may choose its own
EXPIRING_WITHIN = dt.timedelta(days=90)


class QualificationError(ValueError):
    """Input that cannot stand; ``field`` names the part at fault, as the API's 422 does."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def check_certificate(category: str, grade: str | None, issued: dt.date | None, expires: dt.date | None) -> None:
    """Refuse a certificate whose category is unknown, whose grade is not one of its category's, or
    that expires before it is issued."""
    if category not in CATEGORIES:
        raise QualificationError(f"unknown category {category!r}; one of: {', '.join(CATEGORIES)}", "category")
    grades = CATEGORIES[category].grades
    if grade and grades and grade not in grades:
        raise QualificationError(f"grade {grade!r} is not one of {category}'s: {', '.join(grades)}", "grade")
    if issued and expires and expires < issued:
        raise QualificationError(f"the expiry date {expires} is before the issue date {issued}", "expires_on")


def certificate_status(expires: dt.date | None, today: dt.date, *, held: bool = True, suspended: bool = False,
                       renewing: bool = False, warn: dt.timedelta = EXPIRING_WITHIN) -> CertificateStatus:
    """A certificate's status on ``today``: what the authority or the team said first (suspended, a
    renewal under way, not held yet), else what its expiry date says. A certificate without an expiry
    (some recognitions) stays valid."""
    if not held:
        return CertificateStatus.SOUGHT
    if suspended:
        return CertificateStatus.SUSPENDED
    if renewing:
        return CertificateStatus.RENEWAL_IN_PROGRESS
    if expires is None:
        return CertificateStatus.VALID
    if today > expires:
        return CertificateStatus.EXPIRED
    return CertificateStatus.EXPIRING if expires - today <= warn else CertificateStatus.VALID


def alert_due(deadline: dt.date, today: dt.date, days: tuple[int, ...] = DEFAULT_ALERT_DAYS) -> int | None:
    """The alert a deadline has reached on ``today``: the smallest of ``days`` that is at least the days
    left (30 when 12 days are left, with 180/90/30), 0 once it has passed, None while it is further off
    than every alert."""
    left = (deadline - today).days
    if left < 0:
        return 0
    reached = [d for d in days if left <= d]
    return min(reached) if reached else None


def check_stage_move(current: Stage | str, target: Stage | str) -> None:
    current, target = Stage(current), Stage(target)
    if target not in STAGE_MOVES[current]:
        allowed = ", ".join(s.value for s in Stage if s in STAGE_MOVES[current]) or "none: the application is decided"
        raise QualificationError(f"an application at {current.value} cannot move to {target.value}; "
                                 f"allowed: {allowed}", "stage")


def stage_reached(stage: Stage | str) -> float:
    """How far along the road to approval an application is, 0 to 1 (a rejection counts as no way left
    but the start: 0); the value a KR bound to "stage reached" takes."""
    stage = Stage(stage)
    if stage is Stage.REJECTED:
        return 0.0
    return PIPELINE.index(stage) / (len(PIPELINE) - 1)


class ItemStatus(StrEnum):
    """A materials checklist item's compliance with the authority's requirement."""

    PENDING = "pending"
    COMPLIANT = "compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"


def checklist_compliance(statuses: list[str]) -> float | None:
    """The share of the applicable items that comply (the seed's "材料 100% 符合评审要求"); None when no
    item applies."""
    applicable = [s for s in statuses if s != ItemStatus.NOT_APPLICABLE.value]
    if not applicable:
        return None
    return sum(s == ItemStatus.COMPLIANT.value for s in applicable) / len(applicable)


def feedback_on_time(items: list[tuple[dt.date, dt.date | None]], today: dt.date) -> float | None:
    """Of the review feedback items as (response due, responded on): the share answered by their due
    day (the seed's "及时响应评审反馈"). An item counts once answered or once its due day has passed
    unanswered; None while none counts yet."""
    counted = [(due, answered) for due, answered in items if answered is not None or due < today]
    if not counted:
        return None
    return sum(answered is not None and answered <= due for due, answered in counted) / len(counted)


class Channel(StrEnum):
    """How an exchange with the reviewing body went (the communication log's channels)."""

    PHONE = "phone"
    EMAIL = "email"
    MEETING = "meeting"
    VISIT = "visit"          # on-site review or a visit to the authority
    PORTAL = "portal"        # the authority's online system
    LETTER = "letter"        # a formal letter or notice


RESPONSE_ALERT_DAYS = (7, 3, 1)     # alerts before a response to review feedback is due


def contacts_per_week(days: list[dt.date], since: dt.date, today: dt.date) -> float:
    """The contacts a week with the reviewing body from ``since`` (the application's start) to ``today``,
    over the weeks begun (at least one): "每周至少与评审机构同步 1 次" holds while this is 1 or more.
    Contacts outside that span do not count."""
    if today < since:
        return 0.0
    weeks = -(-((today - since).days + 1) // 7)
    return sum(since <= d <= today for d in days) / weeks


def is_open(stage: Stage | str) -> bool:
    """An application not yet decided."""
    return Stage(stage) not in (Stage.APPROVED, Stage.REJECTED)


# Labels (zh-CN, English) for the stored values, for pages and for the notes of automatic check-ins.
LABELS: dict[str, tuple[str, str]] = {
    Stage.POLICY_RESEARCH: ("政策研究", "Policy research"), Stage.MATERIALS: ("材料准备", "Materials"),
    Stage.INTERNAL_REVIEW: ("内部审核", "Internal review"), Stage.SUBMITTED: ("已提交", "Submitted"),
    Stage.UNDER_REVIEW: ("审评中", "Under review"), Stage.RECTIFICATION: ("补正整改", "Rectification"),
    Stage.APPROVED: ("已获批", "Approved"), Stage.REJECTED: ("未通过", "Rejected"),
    ItemStatus.PENDING: ("待审核", "Pending"), ItemStatus.COMPLIANT: ("符合", "Compliant"),
    ItemStatus.NON_COMPLIANT: ("不符合", "Non-compliant"), ItemStatus.NOT_APPLICABLE: ("不适用", "Not applicable"),
    Channel.PHONE: ("电话", "Phone"), Channel.EMAIL: ("邮件", "Email"), Channel.MEETING: ("会议", "Meeting"),
    Channel.VISIT: ("现场", "Visit"), Channel.PORTAL: ("网上系统", "Online portal"), Channel.LETTER: ("函件", "Letter"),
    ApplicationKind.NEW: ("新申请", "New"), ApplicationKind.UPGRADE: ("升级", "Upgrade"),
    ApplicationKind.RENEWAL: ("延续", "Renewal"), ApplicationKind.CHANGE: ("变更", "Change"),
    CertificateStatus.VALID: ("有效", "Valid"), CertificateStatus.EXPIRING: ("即将到期", "Expiring"),
    CertificateStatus.EXPIRED: ("已过期", "Expired"), CertificateStatus.SUSPENDED: ("已暂停", "Suspended"),
    CertificateStatus.RENEWAL_IN_PROGRESS: ("延续中", "Renewal in progress"),
    CertificateStatus.SOUGHT: ("申请中", "Sought"),
}


def label(value: str, lang: str = "zh") -> str:
    """A stored value's label in ``lang`` (the value itself when it has none)."""
    pair = LABELS.get(value)
    return value if pair is None else pair[0 if lang == "zh" else 1]

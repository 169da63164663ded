"""Bodies for the certificate registry (``services.certificates``)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...services.certificates import Alert, AlertKind, Listed
from ...workspace.qualifications import CertificateStatus
from .common import BaseVersion, Strict

Text200 = Annotated[str, StringConstraints(max_length=200)]


class Document(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    kind: Annotated[str, StringConstraints(max_length=500)] = ""
    reference: Annotated[str, StringConstraints(max_length=500)] = Field(
        "", description="where the file is kept: a path, a document number, a link")


class CertificatePublic(BaseModel):
    id: int
    category: str
    grade: str | None
    name: str
    authority: str
    number: str
    holder: str
    scope: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    held: bool
    suspended: bool
    status: CertificateStatus = Field(description="on the day asked: valid, expiring, expired, suspended, sought")
    unit_id: int | None
    owner_id: int | None
    documents: list[dict]
    version: int

    @classmethod
    def of(cls, item: Listed) -> CertificatePublic:
        c = item.certificate
        return cls(id=c.id, category=c.category, grade=c.grade, name=c.name, authority=c.authority,
                   number=c.number, holder=c.holder, scope=c.scope, issued_on=c.issued_on, expires_on=c.expires_on,
                   held=c.held, suspended=c.suspended, status=item.status, unit_id=c.unit_id, owner_id=c.owner_id,
                   documents=c.documents, version=c.version)


class _Fields(Strict):
    grade: Annotated[str, StringConstraints(max_length=32)] | None = None
    authority: Text200 | None = None
    number: Annotated[str, StringConstraints(max_length=100)] | None = None
    holder: Text200 | None = None
    scope: Annotated[str, StringConstraints(max_length=4000)] | None = None
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    held: bool | None = None
    suspended: bool | None = None
    unit_id: int | None = None
    owner_id: int | None = None
    documents: Annotated[list[Document], Field(max_length=50)] | None = None

    def changes(self) -> dict:
        data = self.model_dump(exclude_unset=True, exclude={"version"})
        if "documents" in data and data["documents"] is not None:
            data["documents"] = [d.model_dump() for d in self.documents]
        return data


class CertificateCreate(_Fields):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "category": "medical_device_registration", "grade": "第二类", "name": "便携式监护仪注册证",
        "authority": "浙江省药品监督管理局", "number": "浙械注准20262070001", "issued_on": "2021-12-29",
        "expires_on": "2026-12-28"}]})

    category: str = Field(description="one of the registry's categories: GET /api/v1/certificates/categories")
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class CertificateUpdate(_Fields):
    model_config = ConfigDict(json_schema_extra={"examples": [{"expires_on": "2031-12-28", "version": 1},
                                                              {"suspended": True, "version": 2}]})

    category: str | None = None
    name: Text200 | None = None
    version: BaseVersion = None


class AlertPublic(BaseModel):
    kind: AlertKind = Field(description="expiry: a certificate expires; response_due: an answer to review "
                                        "feedback is due")
    certificate: CertificatePublic
    due_on: dt.date
    days_left: int
    threshold: int = Field(description="the alert reached: days before the date, 0 once it has passed")
    application_id: int | None = None
    application_title: str | None = None
    feedback_id: int | None = None
    feedback_summary: str | None = None

    @classmethod
    def of(cls, alert: Alert) -> AlertPublic:
        a, f = alert.application, alert.feedback
        return cls(kind=alert.kind, certificate=CertificatePublic.of(Listed(alert.certificate, alert.status)), due_on=alert.due_on,
                   days_left=alert.days_left, threshold=alert.threshold, application_id=a.id if a else None,
                   application_title=a.title if a else None, feedback_id=f.id if f else None,
                   feedback_summary=f.summary if f else None)


class CategoryPublic(BaseModel):
    key: str
    zh: str
    en: str
    grades: list[str]

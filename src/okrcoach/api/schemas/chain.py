"""The chain from a KR to the certificates it needs, their applications and the KRs bound to those."""
from __future__ import annotations

from pydantic import BaseModel, Field

from ...services.qualification_chain import Chain
from .applications import ApplicationSummary
from .certificates import CertificatePublic


class BoundKrPublic(BaseModel):
    kr_id: int
    title: str
    objective_id: int
    objective_title: str
    level: str
    measure: str
    progress: float


class ChainApplicationPublic(BaseModel):
    application: ApplicationSummary
    measures: dict
    bound: list[BoundKrPublic]


class ChainCertificatePublic(BaseModel):
    certificate: CertificatePublic
    applications: list[ChainApplicationPublic]


class ChainPublic(BaseModel):
    kr_id: int | None = Field(description="null: certificates with applications that no readable KR needs")
    kr_title: str | None
    objective_id: int | None
    objective_title: str | None
    progress: float | None = Field(description="the KR's own progress, 0-1")
    below: float | None = Field(description="the mean progress of the objectives aligned to the KR, 0-1")
    certificates: list[ChainCertificatePublic]

    @classmethod
    def of(cls, c: Chain) -> ChainPublic:
        return cls(kr_id=c.kr.id if c.kr else None, kr_title=c.kr.title if c.kr else None,
                   objective_id=c.objective.id if c.objective else None,
                   objective_title=c.objective.title if c.objective else None, progress=c.progress, below=c.below,
                   certificates=[ChainCertificatePublic(
                       certificate=CertificatePublic.of(x.listed),
                       applications=[ChainApplicationPublic(
                           application=ApplicationSummary.model_validate(a.application, from_attributes=True),
                           measures=a.measures.__dict__,
                           bound=[BoundKrPublic(kr_id=b.kr.id, title=b.kr.title, objective_id=b.objective.id,
                                                objective_title=b.objective.title, level=b.objective.level,
                                                measure=b.measure, progress=round(b.progress, 4))
                                  for b in a.bound]) for a in x.applications]) for x in c.certificates])

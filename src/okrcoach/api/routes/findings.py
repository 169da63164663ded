"""Routes: the checker's findings across the objectives you can see ("which OKRs break the 5-KR cap?")."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...services import objectives
from ..deps import ActorDep, SessionDep
from ..schemas.common import Page, PageDep
from ..schemas.findings import FindingListItem, Lang, SeverityName

router = APIRouter(tags=["findings"])

SubtreeQuery = Annotated[bool, Query(description="with unit_id: the unit's whole subtree")]
RuleQuery = Annotated[str | None, Query(description="a rule id, e.g. kr-count-exceeded")]
LangQuery = Annotated[Lang, Query(description="language of the messages")]


@router.get("/findings", summary="Search the checker's findings on the objectives you can see",
            response_model=Page[FindingListItem])
def list_findings(session: SessionDep, actor: ActorDep, page: PageDep, cycle_id: int | None = None,
                  unit_id: int | None = None, include_subunits: SubtreeQuery = False,
                  owner_id: int | None = None, rule: RuleQuery = None, severity: SeverityName | None = None,
                  lang: LangQuery = "zh") -> dict:
    filters = objectives.Filters(cycle_id=cycle_id, unit_id=unit_id, include_subunits=include_subunits,
                                 owner_id=owner_id)
    items, total = objectives.search_findings(session, actor=actor, filters=filters, rule=rule,
                                              severity=severity, lang=lang, offset=page.offset,
                                              limit=page.per_page)
    return page.of(items, total)

"""Shapes every resource shares: pages of results and the pagination query."""
from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

MAX_PER_PAGE = 200


class Strict(BaseModel):
    """Bodies refuse unknown fields: a misspelt field is a 422, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# A PATCH body's ``version``: instead of the If-Match header, which ``services.versions`` checks.
BaseVersion = Annotated[int | None,
                        Field(description="the version this change is based on (or send If-Match)")]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="matching items over all pages")
    page: int
    per_page: int


class PageParams(BaseModel):
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def of(self, items: list, total: int) -> dict:
        """``items``, this page of ``total``, shaped as a ``Page`` (the route's response_model checks it)."""
        return {"items": items, "total": total, "page": self.page, "per_page": self.per_page}


def page_params(page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
                per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="items per page")] = 50
                ) -> PageParams:
    return PageParams(page=page, per_page=per_page)


PageDep = Annotated[PageParams, Depends(page_params)]


class ErrorDetail(BaseModel):
    status: int = Field(description="the HTTP status, repeated")
    code: str = Field(description="stable, machine-readable: not_found, validation_error, conflict, …")
    message: str = Field(description="for people: what is wrong and, where it helps, what to do")
    field: str | None = Field(default=None, description="the input at fault: key_results.0.target, If-Match, …")
    details: dict = Field(default_factory=dict, description="validation errors list every problem in errors")


class ErrorBody(BaseModel):
    """The one shape of every error the API returns (see ``api/errors.py``)."""

    error: ErrorDetail

    model_config = ConfigDict(json_schema_extra={"examples": [{"error": {
        "status": 422, "code": "validation_error", "message": "key_results.0.target: Field required",
        "field": "key_results.0.target", "details": {"errors": [
            {"field": "key_results.0.target", "message": "Field required"}]}}}]})


ERROR_RESPONSES = {
    401: {"model": ErrorBody, "description": "no valid API token"},
    403: {"model": ErrorBody, "description": "you may see this but not do that"},
    404: {"model": ErrorBody, "description": "it does not exist, or you may not see it"},
    409: {"model": ErrorBody, "description": "a stale version, a duplicate, or a state that forbids it"},
    422: {"model": ErrorBody, "description": "the body, query or path is invalid; `field` names it"},
    428: {"model": ErrorBody, "description": "an update without the version it was based on"},
}

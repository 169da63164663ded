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


def page_params(page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
                per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="items per page")] = 50
                ) -> PageParams:
    return PageParams(page=page, per_page=per_page)


PageDep = Annotated[PageParams, Depends(page_params)]

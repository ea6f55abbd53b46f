"""Recipe import schemas: a request for a draft, the draft itself, and saving it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from baketracker.api.schemas import Num
from baketracker.api.schemas.recipes import Amount


class DraftRequest(BaseModel):
    text: str | None = Field(default=None, description="A pasted recipe: title, lines, steps.")
    html: str | None = Field(default=None, description="A saved recipe web page.")
    url: str | None = Field(
        default=None, description="Where the page came from (kept as its source, not fetched)."
    )


class DraftYield(BaseModel):
    text: str | None = None
    count: Num | None = Field(default=None, description="24 in 'Makes 24 cookies'.")
    unit: str | None = None


class DraftYieldIn(BaseModel):
    text: str | None = None
    count: Amount | None = None
    unit: str | None = None


class DraftLineRead(BaseModel):
    text: str = Field(description="The line as written.")
    quantity: Num | None
    quantity_text: str | None = Field(default=None, description='As written: "2 1/4".')
    unit: str | None
    ingredient_text: str | None
    ingredient_slug: str | None = Field(description="The matched ingredient, or None.")
    ingredient_name: str | None
    score: int = Field(description="How well the best catalog ingredient matches, 0-100.")
    new_ingredient: str | None = Field(description="A proposed new ingredient's name.")
    note: str | None
    optional: bool
    section: str | None
    problem: str | None = Field(description="Why the line could not be read, or None.")


class DraftLineIn(BaseModel):
    text: str = ""
    quantity: Amount | None = None
    unit: str | None = None
    ingredient_slug: str | None = None
    new_ingredient: str | None = None
    note: str | None = None
    optional: bool = False
    section: str | None = None


class DraftRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    name: str | None
    recipe_yield: DraftYield | None = Field(alias="yield")
    instructions: str | None
    notes: str | None
    source_url: str | None
    lines: list[DraftLineRead]


class DraftIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    name: str | None = None
    recipe_yield: DraftYieldIn | None = Field(default=None, alias="yield")
    instructions: str | None = None
    notes: str | None = None
    source_url: str | None = None
    lines: list[DraftLineIn] = []


class DraftSave(BaseModel):
    draft: DraftIn
    slug: str | None = None

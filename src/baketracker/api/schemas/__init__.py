"""Pydantic schemas of the JSON API: XCreate / XUpdate for input, XRead for output."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import Path
from pydantic import PlainSerializer

from baketracker.api.errors import decimal_text
from baketracker.services.lookup import MAX_ID

# Quantities and money travel as exact decimal strings ("1.5"), never floats; input may be
# a JSON number or a string.
Num = Annotated[Decimal, PlainSerializer(decimal_text, return_type=str, when_used="json")]

# A row id in a path: a number no row can have is refused (422) before it reaches the
# database, where it would overflow the column.
RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id.")]

"""Pydantic schemas of the JSON API: XCreate / XUpdate for input, XRead for output."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

from baketracker.api.errors import decimal_text

# Quantities and money travel as exact decimal strings ("1.5"), never floats; input may be
# a JSON number or a string.
Num = Annotated[Decimal, PlainSerializer(decimal_text, return_type=str, when_used="json")]

"""Column types shared by the models: exact decimals for quantities and money."""

from sqlalchemy import JSON, Numeric

# Quantities in base units (g, ml, item) and money totals.
QTY = Numeric(18, 6, asdecimal=True)
MONEY = Numeric(18, 6, asdecimal=True)
# Cost per base unit: a $4.50 pound of butter is 0.00992… per gram.
UNIT_COST = Numeric(24, 12, asdecimal=True)

# A list of allergen codes; SQL NULL (not JSON null) when the list is not known yet.
CODES = JSON(none_as_null=True)

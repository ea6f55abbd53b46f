"""Column types shared by the models: exact decimals for quantities and money."""

from sqlalchemy import Numeric

# Quantities in base units (g, ml, item) and money totals.
QTY = Numeric(18, 6, asdecimal=True)
MONEY = Numeric(18, 6, asdecimal=True)
# Cost per base unit: a $4.50 pound of butter is 0.00992… per gram.
UNIT_COST = Numeric(24, 12, asdecimal=True)

"""Pure domain logic: frozen values and Decimal arithmetic, no database, web or CLI."""

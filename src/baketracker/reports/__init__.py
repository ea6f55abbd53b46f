"""Printable documents of an event: shopping list, bake-day sheet and box labels.

`services.sheets` gathers each sheet's data (plain dicts, one read transaction);
`reports.render` turns that data into a print-styled HTML page, a PDF
(WeasyPrint, no network) or, for the shopping list, CSV.
"""

"""Printable documents of an event: shopping list, bake-day sheet and box labels.

`reports.sheets` builds each sheet's data from the services (plain dicts, one read
transaction); `reports.render` turns that data into a print-styled HTML page, a PDF
(WeasyPrint, no network) or, for the shopping list, CSV.
"""

"""Import and export: the project's own versioned JSON document, bake-tracker 4.x backups,
backups of the database, and the demo data set."""

from baketracker.services.transfer.backup import backup, restore, sqlite_copy_available
from baketracker.services.transfer.demo import demo_document, has_recipes, load_demo
from baketracker.services.transfer.export import export_document
from baketracker.services.transfer.importer import detect_format, import_document, parse_text
from baketracker.services.transfer.records import DocumentInvalid

__all__ = [
    "DocumentInvalid",
    "backup",
    "demo_document",
    "detect_format",
    "export_document",
    "has_recipes",
    "import_document",
    "load_demo",
    "parse_text",
    "restore",
    "sqlite_copy_available",
]

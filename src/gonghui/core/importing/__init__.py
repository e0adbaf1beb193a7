"""The pieces an area builds a spreadsheet importer from: columns, cell converters, rows, the importer bases.

They live in core so that an area's importer (in the area's ``importers.py``) needs nothing above its layer;
the import engine (the imports app, above the areas) finds the importers in the registry
(``AreaConfig.import_kinds``) and runs them.
"""

from .cells import (
    CellError,
    allowed,
    credit_code,
    id_text,
    make_converter,
    parse_date,
    phone_text,
    to_int,
    to_text,
)
from .columns import Column, allowed_labels, choice_map, match_headers, normalise_header, normalise_value
from .rows import BaseImporter, JobFailed, RecordImporter, Row, display

__all__ = [
    "BaseImporter", "CellError", "Column", "JobFailed", "RecordImporter", "Row", "allowed", "allowed_labels",
    "choice_map", "credit_code", "display", "id_text", "make_converter", "match_headers", "normalise_header",
    "normalise_value", "parse_date", "phone_text", "to_int", "to_text",
]

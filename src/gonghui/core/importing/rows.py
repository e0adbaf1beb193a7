"""The rows of a sheet and the base of every importer.

An importer (one per kind of sheet, in its area's ``importers.py``, declared in its ``AreaConfig.import_kinds``)
subclasses :class:`BaseImporter`: it declares its ``columns`` and the ``model`` it writes, and implements
``classify(rows)`` (convert the cells, look up what the batch needs, set each row's ``action``: ``create``,
``update``, ``unchanged``, ``rejoin`` or ``error``) and ``apply(rows, note, prepared)`` (write the checked batch
inside the transaction the engine opens; returns ``(created, updated)``). The import engine (the imports app)
reads the sheet, hands it the batches and keeps the job's counts, errors and audit.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .cells import CellError, make_converter
from .columns import choice_map, match_headers


class JobFailed(Exception):
    """The whole job cannot go on (missing columns, unreadable file): the message is for the user."""


class Row:
    """One data row of the sheet: its number, its cells, what the importer made of it and its errors.

    A rule that reports into a dict of errors (``errors[field] = message``, as :mod:`gonghui.core.validators`
    and ``members.rules`` do) reports into a row the same way: ``rules.check_x(value, errors=row)``.
    """

    __slots__ = ("number", "values", "action", "data", "errors", "changes", "target", "existing", "key")

    def __init__(self, number, values):
        self.number = number
        self.values = values
        self.action = None
        self.data = {}
        self.errors = []  # (column index or None, field, message)
        self.changes = None
        self.target = None
        self.existing = None
        self.key = None

    def error(self, index, field, message):
        self.errors.append((index, field, str(message)))

    def __setitem__(self, field, message):
        self.errors.append((None, field, str(message)))


def display(value):
    """A value as the preview of changes shows it."""
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


class BaseImporter:
    kind = ""
    columns = ()  # Column declarations of the sheet
    model = None  # the model the import writes (named in the audit log)
    required_action = "change"  # what the user must be allowed at the job's organisation
    # Written by a BatchWriter one batch behind the checking: only when checking a batch never needs the
    # rows of the batches before it in the database (members: duplicates in the file are caught in memory).
    pipelined = False

    def __init__(self, job, user, header):
        self.job = job
        self.user = user
        self.header = header
        self.root = job.org
        self.mapping, self.unknown, self.duplicates = match_headers(self.columns, header)
        self.index_of = {col.field: i for i, col in self.mapping.items()}
        self.converters = []
        for i, col in sorted(self.mapping.items()):
            mapping = choice_map(col) if col.kind == "choice" else None
            plain = col.kind == "text" and not col.max_length
            self.converters.append((i, col.field, col.required == "always", mapping,
                                    None if plain else make_converter(col)))
        missing = [c for c in self.columns if c.required == "always" and c.field not in self.index_of]
        if missing:
            raise JobFailed(_("The sheet lacks required columns: %(columns)s. Download the template to see the "
                              "expected headers.") % {"columns": "、".join(f"{c.zh} ({c.en})" for c in missing)})
        self.seen = {}  # duplicate detection inside the file: key → first row number
        self.now = timezone.now()
        self.today = timezone.localdate()
        # a field (by name or attname) → its name for the preview, in the current language
        self.labels = {} if self.model is None else {
            key: str(f.verbose_name) for f in self.model._meta.concrete_fields for key in (f.name, f.attname)}

    def prepare(self, rows):
        """Work on a checked batch that can be done before its transaction, in the checking thread (pipelined
        importers); passed to :meth:`apply`."""
        return None

    def column_name(self, index, field):
        if index is None:
            index = self.index_of.get(field)
        if index is not None and index < len(self.header):
            return self.header[index]
        return ""

    def convert(self, row):
        """Convert the mapped cells of a row into ``row.data``; problems go to ``row.errors``."""
        values = row.values
        n = len(values)
        data = row.data
        for i, field, required, mapping, conv in self.converters:
            v = values[i] if i < n else None
            if v.__class__ is str:
                if mapping is not None:
                    code = mapping.get(v)
                    if code is not None:
                        data[field] = code
                        continue
                v = v.strip()
                if not v:
                    v = None
                elif conv is None:  # plain text within its length
                    data[field] = v
                    continue
            if v is None or v == "":
                if required:
                    row.error(i, field, _("This column is required; the cell is empty."))
                continue
            try:
                data[field] = conv(v)
            except CellError as e:
                row.error(i, field, e.args[0])

    def seen_key(self, key):
        """How ``key`` is kept in ``seen`` (a million of them stay in memory for the whole import)."""
        return key

    def check_duplicate(self, row, key, field):
        compact = self.seen_key(key)
        first = self.seen.get(compact)
        if first is not None and first != row.number:
            row.error(None, field, _("The same value is already in row %(row)d of this file.") % {"row": first})
            return True
        self.seen[compact] = row.number
        row.key = key
        return False

    def remember(self, values):
        """On resume: note the key of a row that an earlier run already handled (duplicates stay detected)."""

    def check_required_to_create(self, row, message):
        """A new record needs the columns marked ``required="create"``: ``message`` on each empty one."""
        for col in self.columns:
            if col.required == "create" and col.field not in row.data:
                row.error(None, col.field, message)

    def classify(self, rows):
        raise NotImplementedError

    def apply(self, rows, note, prepared=None):
        raise NotImplementedError

    def describe_changes(self, row):
        raise NotImplementedError


class RecordImporter(BaseImporter):
    """Small sheets (organisations, units): each row goes through its service (rules, audit) in its own savepoint.

    Subclasses set ``fields`` (what the service takes)."""

    fields = ()

    def describe_changes(self, row):
        return [{"field": self.labels.get(f, f), "before": display(b), "after": display(a)}
                for f, (b, a) in row.changes.items()]

    def create_record(self, row, data):
        raise NotImplementedError

    def update_record(self, row, data):
        raise NotImplementedError

    def apply(self, rows, note, prepared=None):
        created = updated = 0
        for row in rows:
            if row.action not in ("create", "update"):
                continue
            data = {k: v for k, v in row.data.items() if k in self.fields}
            try:
                with transaction.atomic():
                    if row.action == "create":
                        self.create_record(row, data)
                        created += 1
                    else:
                        self.update_record(row, data)
                        updated += 1
            except (ValidationError, PermissionDenied) as e:
                row.action = "error"
                for msg in getattr(e, "messages", [str(e)]):
                    row.error(None, "", msg)
        return created, updated

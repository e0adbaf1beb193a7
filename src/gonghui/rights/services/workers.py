"""The workers of a case: a group case's list imported from a spreadsheet, and the privacy rule that decides who
sees who complained (and may reveal a worker's ID number)."""

import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.models import AuditAction
from gonghui.core.scope import require
from gonghui.core.services import reveal
from gonghui.core.spreadsheets import SpreadsheetError, cell_text, open_sheet

from ..models import Case, CaseWorker
from .common import MAX_WORKERS
from .intake import clean_workers, group_threshold

COLUMNS = (("name", ("姓名", "name", "Name", "full name")),
           ("id_number", ("身份证号", "居民身份证号", "身份证号码", "ID number", "id_number")),
           ("phone", ("手机号", "手机号码", "联系电话", "mobile phone", "phone")),
           ("amount_claimed", ("诉求金额", "金额", "amount claimed", "amount")))


def _read_rows(upload):
    """[(row number, {name, id_number, phone, amount_claimed})] of the uploaded list."""
    with tempfile.NamedTemporaryFile(suffix=".upload") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            sheet = open_sheet(tmp.name)
            header = [h.strip() for h in sheet.header]
            cols = {}
            for key, names in COLUMNS:
                for i, h in enumerate(header):
                    if h in names:
                        cols[key] = i
                        break
            if "name" not in cols:
                raise ValidationError({"file": _("The list needs a column 姓名 (name).")})
            rows = []
            for number, values in sheet.rows():
                row = {k: cell_text(values[i]) if i < len(values) else "" for k, i in cols.items()}
                row["key"] = "file"
                rows.append((number, row))
                if len(rows) > MAX_WORKERS:
                    raise ValidationError({"file": _("At most %(n)d workers per case.") % {"n": MAX_WORKERS}})
        except SpreadsheetError as e:
            raise ValidationError({"file": str(e)}) from None
    return rows


def import_workers(user, case, upload):
    """Add the workers of a group case from an xlsx/xls/ods/csv list (columns 姓名, 身份证号, 手机号, 诉求金额).

    All or nothing: a bad row refuses the whole file with messages naming the rows. Returns the number added.
    """
    require(user, "change", case.handling_org)
    if case.anonymous:
        raise ValidationError({"file": _("An anonymous case keeps no identities.")})
    size = getattr(upload, "size", 0) or 0
    if size == 0 or size > 10 * 1024 * 1024:
        raise ValidationError({"file": _("The list must be a spreadsheet of at most 10 MB.")})
    rows = _read_rows(upload)
    messages = []
    for number, row in rows:
        try:
            clean_workers([row])
        except ValidationError as e:
            messages += [_("Row %(n)d: %(msg)s") % {"n": number, "msg": m} for m in e.messages]
    if messages:
        raise ValidationError({"file": messages[:50]})
    clean = clean_workers([r for _n, r in rows])
    with transaction.atomic():
        existing = set(CaseWorker.objects.filter(case=case).exclude(id_hash="").values_list("id_hash", flat=True))
        new = [w for w in clean if not w["id_hash"] or w["id_hash"] not in existing]
        CaseWorker.objects.bulk_create([
            CaseWorker(case=case, name=w["name"], id_number=w["id_number"], id_hash=w["id_hash"], phone=w["phone"],
                       amount_claimed=w["amount_claimed"]) for w in new], batch_size=500)
        total = CaseWorker.objects.filter(case=case).count()
        before = audit.snapshot(case)
        Case.objects.filter(pk=case.pk).update(
            worker_count=max(total, case.worker_count),
            is_group=case.is_group or total >= group_threshold())
        case.refresh_from_db()
        audit.record(AuditAction.BULK, case, user=user, before=before, after=audit.snapshot(case), count=len(new),
                     note=_("workers imported"))
    return len(new)


def may_see_identity(user, case):
    """Staff (or above) of a union on the case's path, or of a union above one of them (the privacy rule)."""
    if case.anonymous:
        return False
    if scope.is_unrestricted(user):
        return True
    needed = scope.ROLE_RANK[scope.ACTIONS["reveal_pii"]]
    paths = case.path_list()
    for assigned, role in scope._assignments(user):
        if scope.ROLE_RANK[role] >= needed and any(p.startswith(assigned) for p in paths):
            return True
    return False


def reveal_worker_id(user, case, worker):
    """The full ID number of a worker, for staff of a union on the case's path; audited on the case (never the
    number)."""
    if not may_see_identity(user, case):
        raise PermissionDenied(_("Your role does not allow this."))
    values = reveal(user, worker, ("id_number",), org=case.handling_org, note=f"worker {worker.pk} id_number",
                    subject=case)
    return values["id_number"]

"""The steps of the import benchmark, in the process :mod:`.worker` starts for each (Django set up first): prepare
the template database, import the sheet one way (``ours``, ``import_export``, ``raw``, ``ours_no_counters``), then
collect what was stored for the parent's check."""

import cProfile
import datetime
import resource
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from python_calamine import CalamineWorkbook

from gonghui.accounts.models import User
from gonghui.core import pii
from gonghui.core.bulk import FastTable
from gonghui.core.models import AuditLog
from gonghui.imports.choices import ImportMode
from gonghui.imports.models import ImportRowError
from gonghui.imports.services import import_file_sync
from gonghui.members.importers import MemberImporter
from gonghui.members.models import Member, MemberEvent
from gonghui.orgs.choices import MEMBER_HOLDING_TYPES, OrgLevel, OrgType
from gonghui.orgs.models import EmployerUnit, Organisation
from gonghui.tools.demo.seeder import CitySeeder

from .sheet import COL, digest_lines, stored_line


def peak_rss_mb():
    """This process's peak resident set size (VmHWM) in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- prepare -----------------------------------------------------------------------------------------


def prepare(task):
    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - t
    t = time.perf_counter()
    result = CitySeeder(orgs=task["orgs"], members=0, seed=task["seed"], region=task["region"], workers=0,
                        note="gonghui bench").run()
    city = result.root
    with transaction.atomic():
        # A union outside the importing organisation's subtree (another city): rows naming it are refused.
        other = Organisation.add_root(name="苏州市总工会", code="320599990001", org_type=OrgType.CITY_FEDERATION,
                                      level=OrgLevel.CITY)
        outside = [other.add_child(name=f"苏州市{n}公司工会", code=f"32059999{k + 2:04d}", org_type=OrgType.ENTERPRISE,
                                   level=OrgLevel.GRASSROOTS).code for k, n in enumerate(("恒通", "瑞丰"))]
        user = User(username=task["username"], full_name="基准测试", is_superuser=True, is_staff=True, kind="official")
        user.set_unusable_password()
        user.save()
    holding = {str(t) for t in MEMBER_HOLDING_TYPES}
    unions = {
        o.pk: o.code for o in Organisation.objects.filter(path__startswith=city.path, status="active", depth__gt=1)
        if o.org_type in holding
    }
    units = {}
    for union_id, code in EmployerUnit.objects.filter(union_id__in=list(unions)).order_by("id").values_list(
            "union_id", "credit_code"):
        units.setdefault(union_id, []).append(code)
    holders = [[code, units.get(pk, [])] for pk, code in sorted(unions.items())]
    return {
        "city_code": city.code, "holders": holders, "outside": outside, "orgs": Organisation.objects.count(),
        "units": EmployerUnit.objects.count(), "migrate_s": migrate_s, "seed_s": time.perf_counter() - t,
    }


# --- the methods -------------------------------------------------------------------------------------


def run_ours(task):
    user = User.objects.get(username=task["username"])
    org = Organisation.objects.get(code=task["city_code"])
    t = time.perf_counter()
    job = import_file_sync(user, "members", task["sheet"], org, ImportMode.SKIP_INVALID)
    seconds = time.perf_counter() - t
    peak = peak_rss_mb()
    refused = {}
    for row, column, message in ImportRowError.objects.filter(job=job).order_by("row", "id").values_list(
            "row", "column", "message"):
        refused.setdefault(row, f"{column}: {message}" if column else message)
    return {
        "seconds": seconds, "peak_mb": peak, "refused": refused,
        "job": {"status": job.status, "created": job.created, "updated": job.updated, "error_rows": job.error_rows,
                "skipped": job.skipped, "message": job.message},
    }


def run_import_export(task):
    # django-import-export is optional (the ``bench`` extra), and in INSTALLED_APPS only in this method's process
    from import_export.formats.base_formats import XLSX

    from .ie_resource import MemberResource

    user = User.objects.get(username=task["username"])
    org = Organisation.objects.get(code=task["city_code"])
    t = time.perf_counter()
    # As the admin's import view does it: the XLSX format reads the upload into a tablib Dataset.
    dataset = XLSX().create_dataset(Path(task["sheet"]).read_bytes())
    resource = MemberResource(user=user, import_org=org)
    result = resource.import_data(dataset, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - t
    peak = peak_rss_mb()
    refused = {}
    for invalid in result.invalid_rows:  # numbered from 1 for the first data row; Excel adds the header row
        errors = invalid.error_dict
        first = next(iter(errors.items()), ("", [""]))
        refused[invalid.number + 1] = f"{first[0]}: {first[1][0]}"
    for error_row in result.error_rows:  # rows that raised something other than a validation error
        refused.setdefault(error_row.number + 1, f"error: {error_row.errors[0].error}")
    base = [str(e.error) for e in result.base_errors]
    return {
        "seconds": seconds, "peak_mb": peak, "refused": refused, "base_errors": base[:5],
        "totals": {k: v for k, v in result.totals.items() if v},
    }


RAW_DATE_FALLBACK = "1900-01-01"


def run_raw(task):
    """The ceiling: read the sheet with python-calamine and insert the rows as they are, no validation.

    Values go in as written, cut to the column width, so the database accepts them; an ID number is stored
    in clear (no encryption, no hash: ``id_hash`` and ``member_no`` get the row number, to stay unique);
    codes become keys through one dict lookup (unknown: the importing organisation / no unit); a date that
    is not one becomes 1900-01-01. One transaction, ``executemany`` on SQLite, ``COPY`` on PostgreSQL.
    """
    t = time.perf_counter()
    orgs = dict(Organisation.objects.values_list("code", "id"))
    units = dict(EmployerUnit.objects.values_list("credit_code", "id"))
    fallback_org = orgs[task["city_code"]]
    table = FastTable(Member, ["name", "id_number", "id_hash", "member_no", "gender", "birth_date", "ethnicity",
                               "education", "political_status", "phone", "unit_id", "employment_type", "org_id",
                               "join_date", "status"])
    c = COL
    date = datetime.date

    def day(v):
        if isinstance(v, date):
            return v.isoformat()[:10]
        try:
            return date.fromisoformat(str(v)).isoformat()
        except ValueError:
            return RAW_DATE_FALLBACK

    sheet = CalamineWorkbook.from_path(task["sheet"]).get_sheet_by_index(0)
    rows = sheet.iter_rows()
    next(rows)  # header
    batch, n = [], 0
    with transaction.atomic():
        for row in rows:
            n += 1
            batch.append((
                str(row[c["name"]])[:50], str(row[c["id_number"]]), f"raw{n}", f"{n:012d}", str(row[c["gender"]])[:1],
                day(row[c["birth_date"]]), str(row[c["ethnicity"]])[:2], str(row[c["education"]])[:20],
                str(row[c["political_status"]])[:20], str(row[c["phone"]])[:11], units.get(row[c["unit"]]),
                str(row[c["employment_type"]])[:20], orgs.get(row[c["org"]], fallback_org), day(row[c["join_date"]]),
                "active",
            ))
            if len(batch) == 20_000:
                table.insert(batch)
                batch = []
        table.insert(batch)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "peak_mb": peak_rss_mb(), "refused": {}}


# --- what was stored ----------------------------------------------------------------------------------


def collect(task, out):
    """Count the members; for the validating methods write them (sorted check lines) and check the PII."""
    out["stored"] = Member.objects.count()
    if task["method"] == "raw":
        return
    lines, bad_hash, not_encrypted, statuses = [], 0, 0, {}
    qs = Member.objects.values_list(
        "id_number", "id_hash", "name", "org__code", "gender", "birth_date", "phone", "join_date",
        "unit__credit_code", "ethnicity", "education", "political_status", "employment_type", "status",
    )
    for number, id_hash, *rest, status in qs.iterator(chunk_size=20_000):
        if not number:  # the field could not decrypt the stored value: stored in clear or with another key
            not_encrypted += 1
        elif pii.id_hash(number) != id_hash:
            bad_hash += 1
        statuses[status] = statuses.get(status, 0) + 1
        lines.append(stored_line([id_hash] + rest))
    lines.sort()
    path = Path(task["workdir"]) / f"stored-{task['method']}.tsv"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    out["stored_file"] = str(path)
    out["stored_digest"] = digest_lines(lines)
    out["pii"] = {"not_decryptable": not_encrypted, "hash_mismatch": bad_hash}
    out["statuses"] = statuses
    out["history_events"] = MemberEvent.objects.count()
    out["audit"] = dict(AuditLog.objects.values_list("action").annotate(n=Count("id")).values_list("action", "n"))


# --- profiling (on request) --------------------------------------------------------------------------


def _profiler(task):
    kind = task.get("profile")
    if not kind:
        return None
    if kind == "pyinstrument":
        from pyinstrument import Profiler  # optional: installed by whoever profiles

        p = Profiler(interval=0.002)
        p.start()
        return p
    p = cProfile.Profile()
    p.enable()
    return p


def _stop_profiler(p, task):
    if p is None:
        return
    base = Path(task["workdir"]) / f"profile-{task['method']}"
    if task["profile"] == "pyinstrument":
        p.stop()
        base.with_suffix(".txt").write_text(p.output_text(unicode=True, color=False, show_all=False))
        base.with_suffix(".html").write_text(p.output_html())
    else:
        p.disable()
        p.dump_stats(str(base.with_suffix(".prof")))


def run_ours_no_counters(task):
    """``ours`` without keeping the statistics counters: no counting in either thread, no counter upserts, no
    join-date index (it serves the statistics). The base the counters' cost is measured against; never a
    setting of the product, whose figures would then be wrong."""
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX members_join_date_id")
    MemberImporter.prepare = lambda self, rows: None
    MemberImporter._counted_pairs = lambda self, rows: []
    return run_ours(task)


METHODS = {"ours": run_ours, "import_export": run_import_export, "raw": run_raw,
           "ours_no_counters": run_ours_no_counters}


def run(task):
    """Run the task's step; returns what the result file holds."""
    if task["method"] == "prepare":
        return prepare(task)
    profile = _profiler(task)
    out = METHODS[task["method"]](task)
    _stop_profiler(profile, task)
    out["refused"] = {str(k): v for k, v in out["refused"].items()}
    collect(task, out)
    return out

"""``gonghui import members|orgs|units FILE --org CODE [--user U] [--dry-run] [--skip-invalid]``."""

import sys
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.imports.choices import ImportMode, ImportStatus
from gonghui.imports.cli import cli_user, find_org
from gonghui.imports.services import import_file_sync


class Progress:
    def __init__(self, stream, label):
        self.stream = stream
        self.label = label
        self.t0 = time.perf_counter()
        self.last = 0.0
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done, total):
        now = time.perf_counter()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        elapsed = max(now - self.t0, 1e-6)
        rate = done / elapsed
        total = max(total, done)
        eta = (total - done) / rate if rate else 0
        width = 30
        filled = int(width * done / total) if total else width
        bar = "█" * filled + "░" * (width - filled)
        line = f"{self.label} {bar} {done:,}/{total:,} rows · {rate:,.0f} rows/s · ETA {eta:,.0f} s"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def end(self):
        if self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Import members, organisations or employer units from an xlsx, xls, ods or csv file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["members", "orgs", "units"])
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="code of the organisation the import works in")
        parser.add_argument("--user", help="import as this official (default: the system account 'cli')")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--skip-invalid", action="store_true", help="import the valid rows, skip rows with errors")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **opts):
        user = cli_user(opts["user"])
        org = find_org(opts["org"])
        mode = ImportMode.SKIP_INVALID if opts["skip_invalid"] else ImportMode.ALL_OR_NOTHING
        progress = None if opts["quiet"] else Progress(sys.stderr, opts["kind"])
        t0 = time.perf_counter()
        try:
            job = import_file_sync(user, opts["kind"], opts["file"], org, mode, dry_run=opts["dry_run"],
                                   on_progress=progress)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        except PermissionDenied as e:
            raise CommandError(str(e)) from None
        if progress:
            progress.end()
        seconds = time.perf_counter() - t0
        out = self.stdout
        out.write(_("Job %(pk)s: %(status)s in %(s).1f s")
                  % {"pk": job.pk, "status": job.get_status_display(), "s": seconds})
        if job.message:
            out.write(job.message)
        out.write(_("rows: %(rows)d · new: %(create)d · to update: %(update)d · unchanged: %(same)d · with errors: "
                    "%(err)d")
                  % {"rows": job.rows_total, "create": job.to_create, "update": job.to_update, "same": job.unchanged,
                     "err": job.error_rows})
        if job.status == ImportStatus.DONE:
            rate = job.rows_total / seconds if seconds else 0
            out.write(_("created: %(c)d · updated: %(u)d · skipped: %(s)d · %(rate)s rows/s")
                      % {"c": job.created, "u": job.updated, "s": job.skipped, "rate": f"{rate:,.0f}"})
        if job.unknown_columns:
            out.write(_("Unknown columns (ignored): %(cols)s") % {"cols": ", ".join(job.unknown_columns)})
        errors = (job.preview or {}).get("errors") or (job.preview or {}).get("import_errors") or []
        for e in errors[:20]:
            out.write(_("row %(row)s, %(column)s: %(message)s") % e)
        if job.error_rows > len(errors[:20]):
            out.write(_("… %(n)d rows with errors in all.") % {"n": job.error_rows})
        blocked = job.status in (ImportStatus.FAILED, ImportStatus.CANCELLED) or (
            job.error_rows and mode == ImportMode.ALL_OR_NOTHING)
        if blocked:
            sys.exit(1)

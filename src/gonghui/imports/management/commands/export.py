"""``gonghui export members|orgs|units --org CODE -o FILE [--reveal --user U] [--background]``: streaming xlsx or
csv, here or (``--background``) by a worker (``gonghui.imports.services.export_job``)."""

import os
import time
import uuid

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.dbrouting import replica_reads
from gonghui.core.registry import registry
from gonghui.imports.cli import cli_user, find_org
from gonghui.imports.services import export_file


class Command(BaseCommand):
    help = "Export members, organisations or employer units of an organisation's subtree to xlsx or csv."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(registry.import_kinds))  # what a sheet brings in can go out
        parser.add_argument("--org", required=True)
        parser.add_argument("-o", "--output", required=True, help="file name ending in .xlsx or .csv")
        parser.add_argument("--user", help="export as this official (default: the system account 'cli')")
        parser.add_argument("--reveal", action="store_true", help="full ID numbers and phones (audited)")
        parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "gbk"], help="csv only")
        parser.add_argument("--background", action="store_true",
                            help="leave the export to a worker (the job backend); the file appears when done")

    def handle(self, *args, **opts):
        user = cli_user(opts["user"])
        org = find_org(opts["org"])
        if opts["background"]:
            from gonghui.core import jobs, scope

            try:  # refused here, not later in the worker
                scope.require(user, "reveal_pii" if opts["reveal"] else "view", org)
            except PermissionDenied as e:
                raise CommandError(str(e)) from None
            key = uuid.uuid4().hex
            jobs.enqueue("gonghui.imports.services.export_job", key, user.pk, opts["kind"], org.pk,
                         os.path.abspath(opts["output"]), opts["reveal"], opts["encoding"])
            self.stdout.write(_("Export queued as %(key)s; %(file)s appears when it is done.")
                              % {"key": f"export:{key}", "file": opts["output"]})
            return
        t0 = time.perf_counter()
        try:
            with replica_reads():  # only reads (and the audit entry): a replica may serve it
                n = export_file(user, opts["kind"], org, opts["output"], reveal=opts["reveal"],
                                encoding=opts["encoding"])
        except PermissionDenied as e:
            raise CommandError(str(e)) from None
        except ValueError as e:
            raise CommandError(str(e)) from None
        s = time.perf_counter() - t0
        self.stdout.write(_("%(n)s rows written to %(file)s in %(s).1f s")
                          % {"n": f"{n:,}", "file": opts["output"], "s": s})

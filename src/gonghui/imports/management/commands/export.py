"""``gonghui export members|orgs|units --org CODE -o FILE [--reveal --user U]``: streaming xlsx or csv."""

import time

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

    def handle(self, *args, **opts):
        user = cli_user(opts["user"])
        org = find_org(opts["org"])
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

"""``gonghui report open --org CODE --year Y --deadline D``: open a reporting round and time it."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Annual statistical report: open a round for a union's whole subtree (prints the elapsed time)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        op = sub.add_parser("open", help="open a reporting round")
        op.add_argument("--org", required=True, help="code of the union that opens the round")
        op.add_argument("--year", type=int, required=True)
        op.add_argument("--deadline", required=True, help="YYYY-MM-DD")
        op.add_argument("--title", default="")
        op.add_argument("--replace", action="store_true", help="delete an existing round of that union and year first")

    def handle(self, *args, **opts):
        from django.core.exceptions import ValidationError

        from gonghui.accounts.models import User
        from gonghui.orgs.models import Organisation
        from gonghui.reports.models import ReportRound
        from gonghui.reports.services import open_round

        org = Organisation.objects.filter(code=opts["org"]).first()
        if org is None:
            raise CommandError(f"no organisation with code {opts['org']}")
        try:
            deadline = datetime.date.fromisoformat(opts["deadline"])
        except ValueError:
            raise CommandError("--deadline must be YYYY-MM-DD") from None
        if opts["replace"]:
            ReportRound.objects.filter(org=org, year=opts["year"]).delete()
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            actor = User(username="__report_cli__", is_superuser=True, is_active=True)
        t0 = time.perf_counter()
        try:
            rnd = open_round(actor, org, year=opts["year"], deadline=deadline, title=opts["title"])
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from None
        elapsed = time.perf_counter() - t0
        n = rnd.reports.count()
        self.stdout.write(f"report open org={org.code} year={rnd.year} round={rnd.pk} reports={n} "
                          f"elapsed_s={elapsed:.2f}")

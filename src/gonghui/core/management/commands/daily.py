from django.core.management.base import BaseCommand

from gonghui.core.daily import run_daily


class Command(BaseCommand):
    help = ("Run the daily round: reminders, overdue flags and escalations of every app (safe to run twice; an area "
            "already run in this hour by another worker is skipped unless --force).")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="run every area's step even if it ran in this slot (each step is idempotent)")

    def handle(self, *args, **options):
        for label, result in run_daily(force=options["force"]).items():
            self.stdout.write(f"{label}: {result}")

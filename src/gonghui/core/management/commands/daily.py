from django.core.management.base import BaseCommand

from gonghui.core.daily import run_daily


class Command(BaseCommand):
    help = "Run the daily round: reminders, overdue flags and escalations of every app (safe to run twice)."

    def handle(self, *args, **options):
        for label, result in run_daily().items():
            self.stdout.write(f"{label}: {result}")

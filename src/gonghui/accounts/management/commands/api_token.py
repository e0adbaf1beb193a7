"""``gonghui api_token USERNAME [--name NAME]``: make an API token for an official and print its key (once)."""

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts import tokens
from gonghui.accounts.choices import UserKind
from gonghui.accounts.models import User


class Command(BaseCommand):
    help = "Make an API token for an official's account and print its key (shown once; it expires after " \
           "GONGHUI_TOKEN_DAYS days)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, kind=UserKind.OFFICIAL, is_active=True).first()
        if user is None:
            raise CommandError(f"No active official's account is called {username!r}.")
        token, key = tokens.create_token(user, name)
        self.stdout.write(key)
        self.stderr.write(f"expires {token.expires_at:%Y-%m-%d %H:%M}")

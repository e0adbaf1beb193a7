"""Helpers of the import and export commands."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.orgs.models import Organisation


def cli_user(username=None):
    """The named official, or the system account ``cli`` (a superuser that cannot sign in) for the audit log."""
    if username:
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(_("No active user named %(name)s.") % {"name": username}) from None
    user, created = User.objects.get_or_create(username="cli", defaults={
        "is_superuser": True, "is_staff": False, "is_active": True, "full_name": "command line"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def find_org(code):
    try:
        return Organisation.objects.get(code=code)
    except Organisation.DoesNotExist:
        raise CommandError(_("No organisation has the code %(code)s.") % {"code": code}) from None

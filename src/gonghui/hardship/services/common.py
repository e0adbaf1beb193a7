"""What the writes of hardship aid share: the rights they check, settings, working days."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..models import level_above, may_assist, may_decide_above, only_above

__all__ = ["add_working_days", "add_year", "level_above", "require_assist", "require_level_above", "setting",
           "user_or_none"]


def require_assist(user, org):
    """Writing a household's details needs the right to change and to handle assistance at the union."""
    if not may_assist(user, org):
        raise PermissionDenied(_("Your role does not allow this."))


def require_level_above(user, org):
    """Approvals are made by the level above (the parent union); the city root approves its own."""
    if not may_decide_above(user, org):
        raise PermissionDenied(only_above(org))


def user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def setting(name, default):
    return getattr(settings, name, default)


def add_working_days(day, n):
    """The ``n``-th working day (Monday to Friday) after ``day``."""
    while n > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def add_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


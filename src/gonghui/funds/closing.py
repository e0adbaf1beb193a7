"""Closing a union's financial year (年度结账): a closed year is read-only for that union. Nothing dated in it is
booked or changed (ledger entries, remittance payments, dues, budget lines, spending); a mistake found later is
corrected by a reversing entry dated in an open year. A closed year is never reopened: the union accounting rules
(工会会计制度) keep the books of a closed year as they were reported, so a correction goes into the current year."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope

from .models import ClosedYear


def is_closed(org, year):
    return org is not None and ClosedYear.objects.filter(org=org, year=year).exists()


def check_open(org, year, field="date"):
    """ValidationError (next to ``field``) if ``org``'s financial year ``year`` is closed."""
    if year is not None and is_closed(org, int(year)):
        raise ValidationError({field: _("The financial year %(year)s of %(org)s is closed: nothing dated in it is "
                                        "booked or changed. Correct a mistake with a reversing entry dated in an "
                                        "open year.") % {"year": year, "org": org.name}})


@transaction.atomic
def close_year(user, closed, *, org=None, year=None, note="", confirm=False):
    """Close ``org``'s financial year ``year`` (an official with the right to change at that union, after
    confirming); recorded in the change log. A closed year stays closed."""
    if closed is not None:
        raise ValidationError({"note": _("A closed year stays closed: it is not edited or reopened.")})
    if org is None:
        raise ValidationError({"org": _("Choose the union.")})
    scope.require(user, "change", org)
    if year is None:
        raise ValidationError({"year": _("Give the year.")})
    year = int(year)
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("A year that has not begun cannot be closed.")})
    if not confirm:
        raise ValidationError({"confirm": _("Confirm that the year is to be closed: this cannot be undone.")})
    if ClosedYear.objects.filter(org=org, year=year).exists():
        raise ValidationError({"year": _("The financial year %(year)s of %(org)s is already closed.")
                               % {"year": year, "org": org.name}})
    closed = ClosedYear(org=org, year=year, note=(note or "").strip()[:200],
                        recorded_by=user if getattr(user, "pk", None) else None)
    closed.full_clean()
    closed.save()
    audit.created(closed, user)
    return closed

"""Reads of collective contracts and labour-contract coverage, scoped to the user."""

import datetime

from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item
from gonghui.orgs.selectors import units_for  # noqa: F401 (the services' scope check of employers)

from .choices import ContractStatus, expiring_days
from .models import CollectiveContract, LabourContractCoverage


def unit_within(unit, org):
    """Whether an employer belongs to ``org``'s subtree (its covering union, else its census union)."""
    holder = unit.union if unit.union_id else unit.area_org
    return holder.path.startswith(org.path)


def contracts_for(user):
    return CollectiveContract.objects.for_user(user).select_related("org")


def coverage_for(user):
    return LabourContractCoverage.objects.for_user(user).select_related("unit", "org")


def expiring(qs, today, days=None):
    """Contracts in force whose term ends within ``days`` (90 by default) of ``today``."""
    days = expiring_days() if days is None else days
    return qs.filter(status=ContractStatus.IN_FORCE, ends_on__gte=today,
                     ends_on__lte=today + datetime.timedelta(days=days))


def submission_overdue(qs, today):
    return qs.filter(status=ContractStatus.SIGNED, submission_due_on__lt=today)


def workbench_todo(user, today):
    from django.urls import reverse

    qs = CollectiveContract.objects.for_user(user)
    url = reverse("contracts:contract_list")
    return [
        todo_item("contracts_expiring", _("Collective contracts expiring within 90 days (renew)"),
                  expiring(qs, today), f"{url}?expiring=yes", urgency="due"),
        todo_item("contracts_submission_overdue", _("Signed contracts not submitted to the labour department in "
                                                    "time"),
                  submission_overdue(qs, today), f"{url}?submission_overdue=yes", urgency="overdue"),
    ]


def contract_units(contract):
    return list(contract.units.select_related("area_org", "union").order_by("name"))

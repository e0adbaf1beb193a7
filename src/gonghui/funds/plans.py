"""Audit plans (审计计划): an auditing union plans the audit of grassroots unions of its subtree for a year, picked
by list or by filter (every live grassroots union under a chosen union); one funds audit is opened per union,
never two for the same union and year under plans. The plan's progress is its audits closed over those planned."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, scope

from .choices import AuditStatus
from .models import AuditPlan, FundAudit

PLAN_FIELDS = ("org", "year", "title", "auditors", "started_on", "note")


def grassroots_under(user, org):
    """The live grassroots unions of ``org``'s subtree that ``user`` may see."""
    from gonghui.orgs.choices import OrgLevel

    return scope.orgs_for(user).filter(path__startswith=org.path, level=OrgLevel.GRASSROOTS).live()


def _picked(user, plan, unions, within):
    picked = {}
    for union in unions or ():
        picked[union.pk] = union
    if within is not None:
        if not within.path.startswith(plan.org.path):
            raise ValidationError({"within": _("Choose a union under %(org)s.") % {"org": plan.org.name}})
        picked.update({u.pk: u for u in grassroots_under(user, within)})
    for union in picked.values():
        if not (union.path.startswith(plan.org.path) and scope.in_scope(user, union)):
            raise ValidationError({"unions": _("%(union)s is not under %(org)s.")
                                   % {"union": union.name, "org": plan.org.name}})
    return sorted(picked.values(), key=lambda u: u.path)


@transaction.atomic
def add_unions(user, plan, *, unions=None, within=None):
    """Open one audit per union picked (by list and/or by filter); a union that already has an audit under a plan
    of that year is left as it is. Returns the audits opened."""
    scope.require(user, "change", plan.org)
    plan = AuditPlan.objects.select_for_update().get(pk=plan.pk)
    picked = _picked(user, plan, unions, within)
    if not picked:
        raise ValidationError({"unions": _("Pick at least one grassroots union, by list or by filter.")})
    planned = set(FundAudit.objects.filter(plan__isnull=False, year=plan.year, org__in=picked)
                  .values_list("org_id", flat=True))
    opened = []
    for union in picked:
        if union.pk in planned:
            continue
        fund_audit = FundAudit(org=union, year=plan.year, plan=plan, auditors=plan.auditors,
                               started_on=plan.started_on, title=f"{plan.title}: {union.name}"[:200])
        fund_audit.full_clean(validate_constraints=False)
        fund_audit.save()
        audit.created(fund_audit, user)
        opened.append(fund_audit)
    return opened


@transaction.atomic
def save_plan(user, plan, *, unions=None, within=None, **data):
    """A plan and, when it is created, its audits (the unions picked by list or by filter)."""
    from gonghui.core.services import save_object

    data = {k: v for k, v in data.items() if k in PLAN_FIELDS}
    creating = plan is None
    if creating and not (unions or within):
        raise ValidationError({"unions": _("Pick at least one grassroots union, by list or by filter.")})
    plan = save_object(user, plan or AuditPlan(), data, fields=list(data))
    if creating:
        add_unions(user, plan, unions=unions, within=within)
    return plan


def progress(plan):
    """(closed, planned) audits of a plan (its annotations when it comes from ``selectors.plans_for``)."""
    if getattr(plan, "planned", None) is not None:
        return plan.done, plan.planned
    audits = list(plan.audits.values_list("status", flat=True))
    return sum(1 for s in audits if s == AuditStatus.CLOSED), len(audits)

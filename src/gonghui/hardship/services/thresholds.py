"""Income thresholds of a region and the rules that propose an archive's tier from the household's income."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.validators import CENT, parse_money
from gonghui.orgs.choices import OrgLevel

from ..choices import SUDDEN_CAUSES, Tier
from ..models import IncomeThreshold


def _ancestor_or_self_paths(path):
    step = 4
    return [path[:i] for i in range(step, len(path) + 1, step)]


def threshold_for(org, year):
    """The threshold of the nearest organisation at or above ``org`` that has one for ``year``."""
    return (IncomeThreshold.objects.filter(org__path__in=_ancestor_or_self_paths(org.path), year=year)
            .select_related("org").order_by("-org__depth").first())


@transaction.atomic
def set_threshold(user, org, year, *, dibao_line, deep_line, relative_line, note=""):
    """Create or change the lines of ``org``'s region for ``year`` (city and district federations keep them)."""
    scope.require(user, "change", org)
    errors = {}
    if org.level > OrgLevel.COUNTY and org.depth > 1:
        errors["org"] = _("Income lines are set by a city or district federation.")
    try:
        year = int(year)
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("Choose a year between 2000 and next year.")
    given = {"dibao_line": dibao_line, "deep_line": deep_line, "relative_line": relative_line}
    lines = {name: parse_money(value, name, required=True, errors=errors) for name, value in given.items()}
    if not errors and lines["deep_line"] > lines["relative_line"]:
        errors["relative_line"] = _("The relative hardship line cannot be below the deep hardship line.")
    if errors:
        raise ValidationError(errors)
    obj = IncomeThreshold.objects.select_for_update().filter(org=org, year=year).first()
    if obj is None:
        obj = IncomeThreshold.objects.create(org=org, year=year, note=note or "", **lines)
        audit.created(obj, user)
        return obj
    before = audit.snapshot(obj)
    for k, v in lines.items():
        setattr(obj, k, v)
    obj.note = note or ""
    obj.save()
    audit.updated(obj, user, before)
    return obj


def propose_tier(income_per_person, rigid_per_person, causes, threshold):
    """(tier, reason) from the rules:

    - income per person at or below the deep hardship line → 深度困难;
    - at or below the relative hardship line → 相对困难;
    - above it, but at or below it once the rigid expenses (medical, schooling) are taken off, and the
      hardship comes from illness, a disaster or an accident → 意外致困;
    - otherwise no tier (the household is above the lines).
    """
    if threshold is None:
        return "", _("No income threshold is set for this region and year.")
    lines = {"per": income_per_person, "deep": threshold.deep_line, "relative": threshold.relative_line}
    if income_per_person <= threshold.deep_line:
        return Tier.DEEP, _("Income per person %(per)s is at or below the deep hardship line %(deep)s.") % lines
    if income_per_person <= threshold.relative_line:
        return Tier.RELATIVE, _("Income per person %(per)s is at or below the relative hardship line "
                                "%(relative)s.") % lines
    if set(causes) & SUDDEN_CAUSES and income_per_person - rigid_per_person <= threshold.relative_line:
        return Tier.ACCIDENT, _("After rigid expenses, income per person is at or below the relative hardship "
                                "line %(relative)s, and the cause is illness, a disaster or an accident.") % lines
    return "", _("Income per person %(per)s is above the relative hardship line %(relative)s.") % lines


def income_figures(org, rigid_expenses, household, causes, *, year=None):
    """({household_size, household_income, income_per_person, threshold, proposed_tier}, reason) of a household
    of ``org`` from its members' incomes and its rigid expenses a month."""
    size = max(len(household), 1)
    income = sum((h.get("monthly_income") or Decimal("0") for h in household), Decimal("0"))
    # A share of the income is a figure computed here (not an amount typed in): rounded to the cent.
    per = (income / size).quantize(CENT, rounding=ROUND_HALF_UP)
    rigid = ((rigid_expenses or Decimal("0")) / size).quantize(CENT, rounding=ROUND_HALF_UP)
    threshold = threshold_for(org, year or timezone.localdate().year)
    tier, reason = propose_tier(per, rigid, causes, threshold)
    return {"household_size": size, "household_income": income, "income_per_person": per, "threshold": threshold,
            "proposed_tier": tier}, reason


def compute_income(archive, household, causes, *, year=None):
    """Set the household figures, the threshold and the proposed tier on ``archive`` (not saved)."""
    figures, reason = income_figures(archive.org, archive.monthly_rigid_expenses, household, causes, year=year)
    for name, value in figures.items():
        setattr(archive, name, value)
    return reason

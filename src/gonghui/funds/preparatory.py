"""Preparatory funds (建会筹备金): union funds remitted by an employer that has no union yet. The union that collects
for it (the remittance's union, whose census holds the employer) holds the grassroots share in its preparatory
fund; when a union is founded at the employer (or an existing union covers it), what is held is released to that
union as a linked pair of entries (out of the preparatory fund, into the new union's union funds), once: the
held amount of an employer is the sum of its entries in the preparatory fund, zero after the release."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit

from .choices import Category, EntryKind, FundKind, Level
from .models import Fund, LedgerEntry


def check_unit(user, org, unit):
    """The employer of a remittance: one of the user's scope, in the census of ``org`` or of a union under it."""
    from gonghui.orgs.models import EmployerUnit

    if unit is None:
        return
    if not EmployerUnit.objects.for_user(user).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Choose an employer in your part of the union tree.")})
    if org is not None and not unit.area_org.path.startswith(org.path):
        raise ValidationError({"unit": _("The employer is not in the census of %(org)s or of a union under it.")
                               % {"org": org.name}})


def payment_levels(remittance, levels_of):
    """The three levels a payment is split to, and the employer whose grassroots share is held (or None). An
    employer without a union: its share is held by the remittance's union, which is also the level above; once
    covered, the covering union is the grassroots level."""
    unit = remittance.unit
    if unit is None:
        return levels_of(remittance.org), None
    if unit.union_id is None:
        collector = remittance.org
        return {Level.GRASSROOTS: collector, Level.PARENT: collector,
                Level.HIGHER: collector.get_parent() or collector}, unit
    return levels_of(unit.union), None


def held_for(unit):
    """{collecting union id: amount held} of an employer's preparatory funds."""
    rows = (LedgerEntry.objects.filter(unit=unit, fund__kind=FundKind.PREPARATORY).values("org_id")
            .annotate(s=Sum("amount")).order_by("org_id"))
    return {r["org_id"]: r["s"] for r in rows if r["s"]}


@transaction.atomic
def release(user, unit):
    """Release what is held for ``unit`` to the union now covering it: per collecting union, a linked pair of
    entries, in the change log. A second call finds nothing held and books nothing."""
    from gonghui.orgs.models import EmployerUnit, Organisation

    unit = EmployerUnit.objects.select_related("union").get(pk=unit.pk)
    if unit.union_id is None:
        return []
    from .services import post_entry

    pairs = []
    for org_id in sorted(held_for(unit)):
        collector = Organisation.objects.get(pk=org_id)
        Fund.objects.select_for_update().filter(org=collector, kind=FundKind.PREPARATORY).get()
        amount = held_for(unit).get(org_id)  # again, under the lock: never released twice
        if not amount:
            continue
        memo = (_("Preparatory funds of %(employer)s") % {"employer": unit.name})[:200]
        day = timezone.localdate()
        out = post_entry(collector, FundKind.PREPARATORY, -amount, day=day, user=user,
                         entry_kind=EntryKind.PREP_OUT, category=Category.SUBSIDY, counterpart=unit.union,
                         unit=unit, memo=memo)
        into = post_entry(unit.union, FundKind.UNION_FUNDS, amount, day=day, user=user,
                          entry_kind=EntryKind.PREP_IN, category=Category.INCOME, counterpart=collector,
                          unit=unit, memo=memo)
        audit.created(out, user)
        audit.created(into, user)
        pairs.append((out, into))
    return pairs


def on_employer_covered(user, unit):
    """The orgs hook: an employer is now covered by a union."""
    return release(user, unit)

"""Hardship figures for dashboards, targets and the annual report (section "hardship").

Each is a QueryIndicator: one grouped query per figure for all the organisations asked (subtree totals when
``ctx.column == "total"``, the organisation's own records when ``"own"``), a recount straight from the
records (``recount_fn``), and a drilldown to the list page filtered to exactly those records.
"""

import functools
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import QueryIndicator, register, register_section

from .choices import ArchiveStatus, CampaignKind, Cause, EntryKind, Tier

register_section("hardship", _("Workers in hardship"))


@functools.lru_cache(maxsize=16)
def _path(name):
    return reverse(name)


def _url(name, **params):
    return _path(name) + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _orgs(ctx, org_ids):
    from gonghui.orgs.models import Organisation

    key = ("hardship", "paths", tuple(sorted(org_ids)))
    if key not in ctx.cache:
        ctx.cache[key] = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "path"))
    return ctx.cache[key]


def _grouped(ctx, org_ids, key, queryset, org_field, value):
    """{org id: value} of ``queryset`` grouped by the organisation (subtree or own), cached in ctx.cache."""
    cache_key = ("hardship", key, ctx.column, tuple(sorted(org_ids)))
    if cache_key in ctx.cache:
        return ctx.cache[cache_key]
    paths = _orgs(ctx, org_ids)
    zero = Decimal("0") if value[0] == "sum" else 0
    out = {o: zero for o in org_ids}
    agg = Sum(value[1]) if value[0] == "sum" else Count(value[1], distinct=True)
    if ctx.column == "own":
        rows = queryset.filter(**{f"{org_field}_id__in": list(paths)}).values_list(f"{org_field}_id").annotate(v=agg).order_by()
        for org_id, v in rows:
            out[org_id] = v or zero
    elif value[0] == "sum":
        q = Q(pk__in=[])
        for p in set(paths.values()):
            q |= Q(**{f"{org_field}__path__startswith": p})
        rows = list(queryset.filter(q).values_list(f"{org_field}__path").annotate(v=agg).order_by())
        for org_id, p in paths.items():
            out[org_id] = sum((v or zero for path, v in rows if path.startswith(p)), zero)
    else:  # distinct counts do not add up across unions: the distinct (union, person) pairs, counted per subtree
        q = Q(pk__in=[])
        for p in set(paths.values()):
            q |= Q(**{f"{org_field}__path__startswith": p})
        pairs = set(queryset.filter(q).values_list(f"{org_field}__path", value[1]).distinct())
        for org_id, p in paths.items():
            out[org_id] = len({v for path, v in pairs if path.startswith(p)})
    ctx.cache[cache_key] = out
    return out


# --- the records behind each figure ---------------------------------------------------------------------------


def _archives():
    from .models import HardshipArchive

    return HardshipArchive.objects.all()


def _active(day):
    from .filtersets import active_on

    return active_on(_archives(), day)


def _payments(period):
    from .models import AidPayment

    return AidPayment.objects.filter(paid_on__gte=period.start, paid_on__lte=period.end)


def _visits(period):
    from .models import Visit

    return Visit.objects.filter(date__gte=period.start, date__lte=period.end)


def _entries(period, kind):
    from .models import FundLedgerEntry

    return FundLedgerEntry.objects.filter(date__gte=period.start, date__lte=period.end, kind=kind)


def _sub(qs, org, field="org"):
    return qs.filter(**{f"{field}__path__startswith": org.path})


def _reg(key, name, unit, records, org_field, value, drill, **kw):
    """Register one figure: ``records(period)`` gives the queryset, ``value`` ("count"/"sum", field)."""

    def fn(ctx, org_ids):
        return _grouped(ctx, org_ids, key, records(ctx.period), org_field, value)

    def recount(org, period):
        qs = _sub(records(period), org, org_field)
        if value[0] == "sum":
            return qs.aggregate(v=Sum(value[1]))["v"] or Decimal("0")
        return qs.aggregate(v=Count(value[1], distinct=True))["v"] or 0

    ind = register(QueryIndicator(key, name, unit=unit, section="hardship", fn=fn, recount_fn=recount,
                                  drilldown=drill, **kw))
    if value[0] == "sum":
        ind.decimal_places = 2  # money in yuan (the annual report stores it as a decimal)
    return ind


PEOPLE = _("people")
HOUSEHOLDS = _("households")
YUAN = _("yuan")


def _archive_drill(params):
    return lambda org, period: _url("hardship:archive_list", within=org.code, **params(period))


_reg("hardship_active_archives", _("Active hardship archives"), HOUSEHOLDS, lambda p: _active(p.end), "org",
     ("count", "id"), _archive_drill(lambda p: {"active_on": p.end.isoformat()}), target=False,
     report_table="hardship", help=_("Households with an active archive at the end of the period."))
for tier, label in ((Tier.DEEP, _("Active archives: deep hardship")), (Tier.RELATIVE, _("Active archives: relative hardship")),
                    (Tier.ACCIDENT, _("Active archives: hardship by accident"))):
    _reg(f"hardship_active_{tier}", label, HOUSEHOLDS, lambda p, t=tier: _active(p.end).filter(tier=t), "org",
         ("count", "id"), _archive_drill(lambda p, t=tier: {"active_on": p.end.isoformat(), "tier": t}),
         report_table="hardship" if tier == Tier.DEEP else "")
for cause in Cause.values:
    _reg(f"hardship_cause_{cause}", Cause(cause).label, HOUSEHOLDS,
         lambda p, c=cause: _active(p.end).filter(causes__cause=c), "org", ("count", "id"),
         _archive_drill(lambda p, c=cause: {"active_on": p.end.isoformat(), "cause": c}))
_reg("hardship_new_archives", _("New hardship archives"), HOUSEHOLDS,
     lambda p: _archives().filter(approved_on__gte=p.start, approved_on__lte=p.end), "org", ("count", "id"),
     _archive_drill(lambda p: {"approved_from": p.start.isoformat(), "approved_to": p.end.isoformat()}),
     report_table="hardship")
_reg("hardship_closed_archives", _("Archives closed (out of hardship)"), HOUSEHOLDS,
     lambda p: _archives().filter(status=ArchiveStatus.CLOSED, closed_on__gte=p.start, closed_on__lte=p.end), "org",
     ("count", "id"),
     _archive_drill(lambda p: {"status": ArchiveStatus.CLOSED, "closed_from": p.start.isoformat(),
                               "closed_to": p.end.isoformat()}), target=True, report_table="hardship")


def _payment_drill(**fixed):
    return lambda org, period: _url("hardship:payment_list", within=org.code, paid_from=period.start.isoformat(),
                                    paid_to=period.end.isoformat(), **fixed)


_reg("hardship_people_helped", _("People helped"), PEOPLE, _payments, "recipient__org",
     ("count", "recipient__person_hash"), _payment_drill(), target=True, report_table="hardship",
     help=_("Different people who received aid in the period (a student counts for school aid)."))
_reg("hardship_households_helped", _("Households helped"), HOUSEHOLDS, _payments, "recipient__org",
     ("count", "recipient__worker_hash"), _payment_drill(), target=True, report_table="hardship")
_reg("hardship_aid_amount", _("Aid paid"), YUAN, _payments, "recipient__org", ("sum", "amount"), _payment_drill(),
     target=True, help=_("Cash, goods and shopping cards, in yuan."))
for kind in CampaignKind.values:
    _reg(f"hardship_amount_{kind}", CampaignKind(kind).label, YUAN,
         lambda p, k=kind: _payments(p).filter(recipient__campaign__kind=k), "recipient__org", ("sum", "amount"),
         _payment_drill(campaign_kind=kind))
_reg("hardship_students", _("Students aided (金秋助学)"), PEOPLE,
     lambda p: _payments(p).filter(recipient__campaign__kind=CampaignKind.SCHOOL), "recipient__org",
     ("count", "recipient__person_hash"), _payment_drill(campaign_kind=CampaignKind.SCHOOL), target=True,
     report_table="hardship")
_reg("hardship_student_amount", _("School aid paid (金秋助学)"), YUAN,
     lambda p: _payments(p).filter(recipient__campaign__kind=CampaignKind.SCHOOL), "recipient__org", ("sum", "amount"),
     _payment_drill(campaign_kind=CampaignKind.SCHOOL))
_reg("hardship_visits", _("Visits to households"), _("visits"), _visits, "org", ("count", "id"),
     lambda org, p: _url("hardship:visit_list", within=org.code, date_from=p.start.isoformat(), date_to=p.end.isoformat()),
     target=True, report_table="hardship")
_reg("hardship_fund_income", _("Assistance fund income"), YUAN, lambda p: _entries(p, EntryKind.INCOME), "org",
     ("sum", "amount"),
     lambda org, p: _url("hardship:ledger", within=org.code, kind=EntryKind.INCOME, date_from=p.start.isoformat(),
                         date_to=p.end.isoformat()))
_reg("hardship_fund_spending", _("Assistance fund payments"), YUAN,
     lambda p: _entries(p, EntryKind.PAYMENT), "org", ("sum", "payment__amount"),
     lambda org, p: _url("hardship:ledger", within=org.code, kind=EntryKind.PAYMENT, date_from=p.start.isoformat(),
                         date_to=p.end.isoformat()))

"""Hardship figures for dashboards, targets and the annual report (section "hardship").

Every figure of one StatsContext comes from one grouped query per record source (archives, aid payments,
visits, fund ledger entries) and one lookup of the organisations' paths, cached in ``ctx.cache``: the rows are
grouped by the organisation (its path for subtree totals, ``ctx.column == "total"``; its id for its own records,
``"own"``) and the attributes the figures need, with conditional aggregates, then added up in Python into each
organisation asked for (``gonghui.stats.subtree.fold``). Distinct people and households stay exact: the payments
are fetched grouped by (organisation, campaign kind, person, household), so a person helped by two unions of one
subtree counts once. A subtree is selected by a path range (the common ancestor's, for several organisations):
``stats.subtree`` reads a large subtree records first. The visits are a plain count of records, declared as a
``RecordIndicator``.

Each figure keeps a recount straight from the records (``recount_fn``) and a drilldown to the list page
filtered to exactly those records.
"""

from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import QueryIndicator, RecordIndicator, register, register_section
from gonghui.stats.registry import list_url as _url
from gonghui.stats.subtree import Records, fold

from .choices import ArchiveStatus, CampaignKind, Cause, EntryKind, Tier
from .filtersets import active_on
from .models import AidPayment, FundLedgerEntry, HardshipArchive

register_section("hardship", _("Workers in hardship"))

ZERO = Decimal("0")


# --- the grouped queries, one per record source -------------------------------------------------------------------


def _in_period(field, p):
    return Q(**{f"{field}__gte": p.start, f"{field}__lte": p.end})


def _archive_query(p):
    """Archives that count for some figure of the period, grouped by their tier and by which figures they count
    for (active at the end of the period, approved in it, closed in it), with the number of each cause."""
    active = (Q(approved_on__lte=p.end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=p.end))
              & ~Q(status=ArchiveStatus.REJECTED))  # = filtersets.active_on(p.end)
    new = _in_period("approved_on", p)
    closed = Q(status=ArchiveStatus.CLOSED) & _in_period("closed_on", p)
    flags = {name: ExpressionWrapper(q, output_field=BooleanField())
             for name, q in (("is_active", active), ("is_new", new), ("is_closed", closed))}
    qs = HardshipArchive.objects.filter(active | new | closed).annotate(**flags)
    # The causes are joined (one row per archive and cause): archives are counted distinct, causes as rows.
    aggs = {"n": Count("id", distinct=True)}
    aggs.update((f"cause_{c}", Count("causes", filter=Q(causes__cause=c))) for c in Cause.values)  # CAUSE_FIELDS
    return qs, "org", aggs, ("tier", *flags)


CAUSE_FIELDS = [f"cause_{c}" for c in Cause.values]


def _fold_archives(acc, r, names):
    n = r["n"]
    if r["is_new"]:
        acc["new"] = acc.get("new", 0) + n
    if r["is_closed"]:
        acc["closed"] = acc.get("closed", 0) + n
    if r["is_active"]:
        acc["active"] = acc.get("active", 0) + n
        acc[f"tier_{r['tier']}"] = acc.get(f"tier_{r['tier']}", 0) + n
        _fold_counts(acc, r, CAUSE_FIELDS)


def _ledger_query(p):
    qs = FundLedgerEntry.objects.filter(_in_period("date", p), kind__in=[EntryKind.INCOME, EntryKind.PAYMENT])
    return qs, "org", {"income": Sum("amount", filter=Q(kind=EntryKind.INCOME)),
                       "spending": Sum("payment__amount", filter=Q(kind=EntryKind.PAYMENT))}


def _payment_query(p):
    # Grouped by the person and the household too: distinct counts do not add up across unions.
    return (AidPayment.objects.filter(_in_period("paid_on", p)), "recipient__org",
            {"amount": Sum("amount")},
            ("recipient__campaign__kind", "recipient__person_hash", "recipient__worker_hash"))


def _fold_counts(acc, r, names):
    for name in names:
        v = r[name]
        if v:
            acc[name] = acc.get(name, 0) + v


def _fold_payments(acc, r, names):
    kind, person, household, amount = (r["recipient__campaign__kind"], r["recipient__person_hash"],
                                       r["recipient__worker_hash"], r["amount"] or ZERO)
    acc["amount"] = acc.get("amount", ZERO) + amount
    acc[f"amount_{kind}"] = acc.get(f"amount_{kind}", ZERO) + amount
    acc.setdefault("people", set()).add(person)
    acc.setdefault("households", set()).add(household)
    if kind == CampaignKind.SCHOOL:
        acc.setdefault("students", set()).add(person)


def _count_sets(acc):
    return {name: len(v) if isinstance(v, set) else v for name, v in acc.items()}


SOURCES = {
    # source: (the query of the period, how a row adds into an organisation's figures)
    "archives": (_archive_query, _fold_archives),
    "payments": (_payment_query, _fold_payments),
    "ledger": (_ledger_query, _fold_counts),
}


def _records(source, period):
    query, org_field, aggs, *extra = SOURCES[source][0](period)
    names, add = list(aggs), SOURCES[source][1]
    return Records(query, org_field, aggs, lambda acc, r: add(acc, r, names), group=extra[0] if extra else ())


def figures(ctx, org_ids, source):
    """{org id: {figure: value}} of one record source for the context's period and column.

    Subtree totals add each row into every organisation asked for on its path; ``own`` into its organisation.
    Computed once per context and organisation (one grouped query for all the organisations missing).
    """
    return fold(ctx, ("hardship", source), org_ids, lambda: [_records(source, ctx.period)], finish=_count_sets)


# --- the records behind each figure (the recounts) ----------------------------------------------------------------


def _archives():
    return HardshipArchive.objects.all()


def _active(day):
    return active_on(_archives(), day)


def _payments(period):
    return AidPayment.objects.filter(paid_on__gte=period.start, paid_on__lte=period.end)


def _entries(period, kind):
    return FundLedgerEntry.objects.filter(date__gte=period.start, date__lte=period.end, kind=kind)


def _sub(qs, org, field="org"):
    return qs.filter(**{f"{field}__path__startswith": org.path})


def _reg(key, name, unit, figure, records, org_field, value, drill, **kw):
    """Register one figure: ``figure`` = (source, name) in ``figures``; the recount counts ``records(period)``
    in the organisation's subtree, ``value`` = ("count" distinct / "sum", field)."""
    source, field = figure
    zero = ZERO if value[0] == "sum" else 0

    def fn(ctx, org_ids):
        found = figures(ctx, org_ids, source)
        return {i: found[i].get(field) or zero for i in org_ids}

    def recount(org, period):
        qs = _sub(records(period), org, org_field)
        if value[0] == "sum":
            return qs.aggregate(v=Sum(value[1]))["v"] or ZERO
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


_reg("hardship_active_archives", _("Active hardship archives"), HOUSEHOLDS, ("archives", "active"),
     lambda p: _active(p.end), "org", ("count", "id"), _archive_drill(lambda p: {"active_on": p.end.isoformat()}),
     target=False, report_table="hardship", help=_("Households with an active archive at the end of the period."))
for tier, label in ((Tier.DEEP, _("Active archives: deep hardship")),
                    (Tier.RELATIVE, _("Active archives: relative hardship")),
                    (Tier.ACCIDENT, _("Active archives: hardship by accident"))):
    _reg(f"hardship_active_{tier}", label, HOUSEHOLDS, ("archives", f"tier_{tier}"),
         lambda p, t=tier: _active(p.end).filter(tier=t), "org", ("count", "id"),
         _archive_drill(lambda p, t=tier: {"active_on": p.end.isoformat(), "tier": t}),
         report_table="hardship" if tier == Tier.DEEP else "")
for cause in Cause.values:
    _reg(f"hardship_cause_{cause}", Cause(cause).label, HOUSEHOLDS, ("archives", f"cause_{cause}"),
         lambda p, c=cause: _active(p.end).filter(causes__cause=c), "org", ("count", "id"),
         _archive_drill(lambda p, c=cause: {"active_on": p.end.isoformat(), "cause": c}))
_reg("hardship_new_archives", _("New hardship archives"), HOUSEHOLDS, ("archives", "new"),
     lambda p: _archives().filter(approved_on__gte=p.start, approved_on__lte=p.end), "org", ("count", "id"),
     _archive_drill(lambda p: {"approved_from": p.start.isoformat(), "approved_to": p.end.isoformat()}),
     report_table="hardship")
_reg("hardship_closed_archives", _("Archives closed (out of hardship)"), HOUSEHOLDS, ("archives", "closed"),
     lambda p: _archives().filter(status=ArchiveStatus.CLOSED, closed_on__gte=p.start, closed_on__lte=p.end), "org",
     ("count", "id"),
     _archive_drill(lambda p: {"status": ArchiveStatus.CLOSED, "closed_from": p.start.isoformat(),
                               "closed_to": p.end.isoformat()}), target=True, report_table="hardship")


def _payment_drill(**fixed):
    return lambda org, period: _url("hardship:payment_list", within=org.code, paid_from=period.start.isoformat(),
                                    paid_to=period.end.isoformat(), **fixed)


_reg("hardship_people_helped", _("People helped"), PEOPLE, ("payments", "people"), _payments, "recipient__org",
     ("count", "recipient__person_hash"), _payment_drill(), target=True, report_table="hardship",
     help=_("Different people who received aid in the period (a student counts for school aid)."))
_reg("hardship_households_helped", _("Households helped"), HOUSEHOLDS, ("payments", "households"), _payments,
     "recipient__org", ("count", "recipient__worker_hash"), _payment_drill(), target=True, report_table="hardship")
_reg("hardship_aid_amount", _("Aid paid"), YUAN, ("payments", "amount"), _payments, "recipient__org",
     ("sum", "amount"), _payment_drill(), target=True, report_table="hardship",
     help=_("Cash, goods and shopping cards, in yuan."))
for kind in CampaignKind.values:
    _reg(f"hardship_amount_{kind}", CampaignKind(kind).label, YUAN, ("payments", f"amount_{kind}"),
         lambda p, k=kind: _payments(p).filter(recipient__campaign__kind=k), "recipient__org", ("sum", "amount"),
         _payment_drill(campaign_kind=kind))
_reg("hardship_students", _("Students aided (金秋助学)"), PEOPLE, ("payments", "students"),
     lambda p: _payments(p).filter(recipient__campaign__kind=CampaignKind.SCHOOL), "recipient__org",
     ("count", "recipient__person_hash"), _payment_drill(campaign_kind=CampaignKind.SCHOOL), target=True,
     report_table="hardship")
_reg("hardship_student_amount", _("School aid paid (金秋助学)"), YUAN, ("payments", f"amount_{CampaignKind.SCHOOL}"),
     lambda p: _payments(p).filter(recipient__campaign__kind=CampaignKind.SCHOOL), "recipient__org", ("sum", "amount"),
     _payment_drill(campaign_kind=CampaignKind.SCHOOL), report_table="hardship")
register(RecordIndicator("hardship_visits", _("Visits to households"), unit=_("visits"), section="hardship",
                         model="hardship.Visit", org_field="org", date_field="date",
                         list_url_name="hardship:visit_list", target=True, report_table="hardship"))
_reg("hardship_fund_income", _("Assistance fund income"), YUAN, ("ledger", "income"),
     lambda p: _entries(p, EntryKind.INCOME), "org", ("sum", "amount"),
     lambda org, p: _url("hardship:ledger", within=org.code, kind=EntryKind.INCOME, date_from=p.start.isoformat(),
                         date_to=p.end.isoformat()), report_table="hardship")
_reg("hardship_fund_spending", _("Assistance fund payments"), YUAN, ("ledger", "spending"),
     lambda p: _entries(p, EntryKind.PAYMENT), "org", ("sum", "payment__amount"),
     lambda org, p: _url("hardship:ledger", within=org.code, kind=EntryKind.PAYMENT, date_from=p.start.isoformat(),
                         date_to=p.end.isoformat()), report_table="hardship")

"""Figures of democratic management for dashboards, targets and the annual report (section "democracy").

建制率 (employers with a union whose congress system is set up, over all of them; split public and non-public),
规范率 (sessions held on time with a quorum and a resolution, over the sessions held), 审议率 (employer rules put to
the congress, over the rules adopted), motions filed, accepted, answered and implemented (and the implementation
rate), stars by level.

Every figure of one StatsContext comes from one grouped query per record source (employers, sessions, rules,
motions, star ratings) with conditional aggregates, folded into the organisations asked for
(``gonghui.stats.subtree.fold``), as the hardship figures are. Each keeps a recount straight from the records and a
drill-down to the list page filtered to exactly those records.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.orgs.models import EmployerUnit
from gonghui.stats.registry import QueryIndicator, RatioIndicator, register, register_section
from gonghui.stats.registry import list_url as _url
from gonghui.stats.subtree import Records, fold

from .choices import PUBLIC_OWNERSHIPS, MotionStatus, Stars
from .filtersets import ACCEPTED, ANSWERED, HELD, STANDARD
from .models import EmployerRule, Motion, Session, StarRating

register_section("democracy", _("Democratic management"))

SECTION = "democracy"
EMPLOYERS, SESSIONS, RULES, MOTIONS = pgettext_lazy("figure", "employers"), _("sessions"), _("rules"), _("motions")
PUBLIC = Q(ownership__in=PUBLIC_OWNERSHIPS)
SET_UP = Q(congress_setup__established_on__isnull=False)


def _period(field, p):
    return Q(**{f"{field}__gte": p.start, f"{field}__lte": p.end})


# source: (the records of a period, their organisation, the figures: name -> the records among them that count)
SOURCES = {
    "employers": (lambda p: EmployerUnit.objects.filter(union__isnull=False), "area_org", {
        "due": Q(), "due_public": PUBLIC, "due_nonpublic": ~PUBLIC,
        "set_up": SET_UP, "set_up_public": SET_UP & PUBLIC, "set_up_nonpublic": SET_UP & ~PUBLIC}),
    "sessions": (lambda p: Session.objects.filter(HELD, _period("held_on", p)), "congress__org", {
        "held": Q(), "standard": STANDARD}),
    "rules": (lambda p: EmployerRule.objects.filter(_period("adopted_on", p)), "org", {
        "adopted": Q(), "deliberated": Q(item__isnull=False)}),
    "motions": (lambda p: Motion.objects.filter(_period("filed_on", p)), "congress__org", {
        "filed": Q(), "accepted": Q(status__in=ACCEPTED), "answered": Q(status__in=ANSWERED),
        "implemented": Q(status=MotionStatus.IMPLEMENTED)}),
    "stars": (lambda p: StarRating.objects.filter(_period("rated_on", p)), "congress__org", {
        f"stars_{s.value}": Q(stars=s.value) for s in Stars}),
}


def _add(acc, row):
    for name, value in row.items():
        if name != "org_path" and not name.endswith("_id") and isinstance(value, int):
            acc[name] = acc.get(name, 0) + value


def _sources(period):
    out = []
    for source, (records, org_field, figures) in SOURCES.items():
        aggs = {f"{source}__{name}": Count("pk", distinct=True, filter=q) if q else Count("pk", distinct=True)
                for name, q in figures.items()}
        out.append(Records(records(period), org_field, aggs, _add))
    return out


def figures(ctx, org_ids):
    """{org id: {"<source>__<figure>": n}}: one grouped query per source for every figure of the context."""
    return fold(ctx, ("democracy",), org_ids, lambda: _sources(ctx.period))


def _reg(key, name, unit, source, figure, drill, **kw):
    records, org_field, conditions = SOURCES[source]
    field = f"{source}__{figure}"

    def fn(ctx, org_ids):
        found = figures(ctx, org_ids)
        return {i: found[i].get(field, 0) for i in org_ids}

    def recount(org, period):
        qs = records(period).filter(conditions[figure], **{f"{org_field}__path__startswith": org.path})
        return qs.values("pk").distinct().count()

    return register(QueryIndicator(key, name, unit=unit, section=SECTION, fn=fn, recount_fn=recount,
                                   drilldown=drill, **kw))


def _list(name, dated=None, **params):
    def drill(org, period):
        since = {f"{dated}_from": period.start.isoformat(), f"{dated}_to": period.end.isoformat()} if dated else {}
        return _url(name, within=org.code, **since, **params)
    return drill


for suffix, params, label_due, label_set, label_rate in (
    ("", {}, _("Employers that should have a congress"), _("Employers with a congress system"),
     _("Congress system rate (建制率)")),
    ("_public", {"public": "yes"}, _("Public employers that should have a congress"),
     _("Public employers with a congress system"), _("Congress system rate, public employers")),
    ("_nonpublic", {"public": "no"}, _("Non-public employers that should have a congress"),
     _("Non-public employers with a congress system"), _("Congress system rate, non-public employers")),
):
    _reg(f"democracy_employers_due{suffix}", label_due, EMPLOYERS, "employers", f"due{suffix}",
         _list("democracy:employer_list", **params),
         help=_("Employers with a union: each should hold a workers' congress (or take part in a regional or "
                "industry one)."))
    _reg(f"democracy_employers_set_up{suffix}", label_set, EMPLOYERS, "employers", f"set_up{suffix}",
         _list("democracy:employer_list", **params, established="yes"), report_table="democracy" if not suffix else "")
    register(RatioIndicator(f"democracy_setup_rate{suffix}", label_rate, section=SECTION,
                            numerator=f"democracy_employers_set_up{suffix}",
                            denominator=f"democracy_employers_due{suffix}", target=not suffix))

_reg("democracy_sessions_held", _("Congress sessions held"), SESSIONS, "sessions", "held",
     _list("democracy:session_list", "held", held="yes"), target=True, report_table="democracy")
_reg("democracy_sessions_standard", _("Sessions held to standard"), SESSIONS, "sessions", "standard",
     _list("democracy:session_list", "held", standard="yes"),
     help=_("Held by their date, with two thirds of the delegates present and a resolution passed."))
register(RatioIndicator("democracy_standard_rate", _("Congress standard rate (规范率)"), section=SECTION,
                        numerator="democracy_sessions_standard", denominator="democracy_sessions_held", target=True))

_reg("democracy_rules_adopted", _("Employer rules and major decisions adopted"), RULES, "rules", "adopted",
     _list("democracy:rule_list", "adopted"))
_reg("democracy_rules_deliberated", _("Rules and decisions put to the congress"), RULES, "rules", "deliberated",
     _list("democracy:rule_list", "adopted", deliberated="yes"))
register(RatioIndicator("democracy_deliberation_rate", _("Deliberation rate (审议率)"), section=SECTION,
                        numerator="democracy_rules_deliberated", denominator="democracy_rules_adopted", target=True))

for figure, label, params in (
    ("filed", _("Motions filed"), {}),
    ("accepted", _("Motions accepted"), {"accepted": "yes"}),
    ("answered", _("Motions answered"), {"answered": "yes"}),
    ("implemented", _("Motions implemented"), {"status": MotionStatus.IMPLEMENTED}),
):
    _reg(f"democracy_motions_{figure}", label, MOTIONS, "motions", figure,
         _list("democracy:motion_list", "filed", **params),
         report_table="democracy" if figure in ("filed", "implemented") else "")
register(RatioIndicator("democracy_implementation_rate", _("Motion implementation rate"), section=SECTION,
                        numerator="democracy_motions_implemented", denominator="democracy_motions_accepted",
                        target=True))

for level in Stars:
    _reg(f"democracy_stars_{level.value}", level.label, _("congresses"), "stars", f"stars_{level.value}",
         _list("democracy:star_list", "rated", stars=level.value))

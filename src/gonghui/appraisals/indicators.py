"""Figures of standards and appraisal for dashboards, targets and the annual report (section "appraisals").

Awards held now (by kind and level of the scheme), 建家率 (unions holding a valid workers' home award, each counted
once however many it holds, ÷ grassroots unions), 参创率 (employers whose grassroots union started an appraisal in
the period ÷ unionised employers), the pass rate (合格率: appraisals inspected in the period that were awarded ÷ those
inspected), appraisals applied for in the period, member-rating ratings and their participation (活动面:
ratings ÷ members invited) and average mark, the annual 百分制 assessments scored in the period and their average
score. Each counts records
(``RecordIndicator``, ``distinct="org"`` for the unions): its recount is the same query, its drill-down the list of
exactly those records (one per union for the unions). The averages divide two of them (sum ÷ count).
"""

from decimal import Decimal

from django.db.models import DateField, Expression, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.orgs.choices import OrgLevel
from gonghui.stats.registry import QueryIndicator, RatioIndicator, RecordIndicator, get, register, register_section

from .choices import AppraisalStatus, AwardLevel, SchemeKind

register_section("appraisals", _("Standards and appraisal"))

SECTION, MODEL = "appraisals", "appraisals.Appraisal"
AWARDED = Q(status=AppraisalStatus.AWARDED)
LIST = "appraisals:appraisal_list"

register(RecordIndicator(
    "appraisals_awarded", _("Awards held (创建命名)"), unit=_("awards"), section=SECTION, model=MODEL,
    where=AWARDED, list_url_name=LIST, list_params={"awarded": "yes"},
    help=_("Appraisals awarded a grade and not revoked, whatever the scheme.")))
for kind in SchemeKind:
    register(RecordIndicator(
        f"appraisals_awarded_{kind.value}", kind.label, unit=_("awards"), section=SECTION, model=MODEL,
        where=AWARDED & Q(scheme__kind=kind.value), list_url_name=LIST,
        list_params={"awarded": "yes", "kind": kind.value}))
for level in AwardLevel:
    register(RecordIndicator(
        f"appraisals_awarded_level_{level.value}", _("Awards at %(level)s level") % {"level": level.label},
        unit=_("awards"), section=SECTION, model=MODEL, where=AWARDED & Q(scheme__level=level.value),
        list_url_name=LIST, list_params={"awarded": "yes", "level": level.value}))


class Today(Expression):
    """Today's local date, read when the query is compiled (as the list's ``valid`` filter reads it), not when the
    indicator is declared."""

    def __init__(self):
        super().__init__(output_field=DateField())

    def as_sql(self, compiler, connection):
        return "%s", [connection.ops.adapt_datefield_value(timezone.localdate())]


# A valid award: awarded, not revoked, and not past its validity: the figure of now.
VALID = AWARDED & (Q(valid_until__isnull=True) | Q(valid_until__gte=Today()))
register(RecordIndicator(
    "appraisals_home_unions", _("Unions holding a workers' home award"), unit=_("unions"), section=SECTION,
    model=MODEL, where=VALID & Q(scheme__kind=SchemeKind.HOME.value), distinct="org", list_url_name=LIST,
    list_params={"valid": "yes", "kind": SchemeKind.HOME.value, "one_per_org": "yes"},
    help=_("Unions holding a valid workers' home award (职工之家), each counted once.")))
register(RatioIndicator(
    "appraisals_home_rate", _("Workers' home rate (建家率)"), section=SECTION,
    numerator="appraisals_home_unions", denominator="grassroots_unions", target=True,
    help=_("Unions holding a valid workers' home award ÷ grassroots unions.")))

# 参创率 counts employers (用人单位): those covered by a grassroots union that started an appraisal (自查) in the
# period, each once, over the unionised employers ("units_covered", the same figure as 组建率's numerator).
register(RecordIndicator(
    "appraisals_taking_part", _("Employers taking part (参创)"), unit=pgettext_lazy("figure", "employers"),
    section=SECTION, model=MODEL, date_field="started_on", where=Q(org__level=OrgLevel.GRASSROOTS),
    distinct="org__covered_units",
    list_url_name=LIST, list_params={"grassroots": "yes", "covers_employers": "yes", "one_per_org": "yes"},
    help=_("Employers whose grassroots union started an appraisal (自查) in the period, each counted once; the "
           "drill-down lists those unions.")))
register(RatioIndicator(
    "appraisals_participation_rate", _("Participation in 创建 (参创率)"), section=SECTION,
    numerator="appraisals_taking_part", denominator="units_covered", target=True,
    help=_("Employers whose union started an appraisal in the period ÷ unionised employers.")))

register(RecordIndicator(
    "appraisals_applied", _("Appraisals applied for"), unit=_("appraisals"), section=SECTION, model=MODEL,
    date_field="applied_on", list_url_name=LIST))
register(RecordIndicator(
    "appraisals_inspected", _("Appraisals inspected"), unit=_("appraisals"), section=SECTION, model=MODEL,
    date_field="inspected_on", list_url_name=LIST))
register(RecordIndicator(
    "appraisals_inspected_awarded", _("Appraisals inspected and awarded"), unit=_("appraisals"), section=SECTION,
    model=MODEL, date_field="inspected_on", where=Q(awarded_on__isnull=False), list_url_name=LIST,
    list_params={"granted": "yes"}))
register(RatioIndicator(
    "appraisals_pass_rate", _("Appraisal pass rate (合格率)"), section=SECTION,
    numerator="appraisals_inspected_awarded", denominator="appraisals_inspected", target=True))

register(RecordIndicator(
    "appraisals_member_ratings", _("Member ratings (会员评家)"), unit=_("ratings"), section=SECTION,
    model="appraisals.MemberRating", org_field="round__org", date_field="rated_on",
    list_url_name="appraisals:rating_list"))
register(RecordIndicator(
    "appraisals_members_invited", _("Members invited to rate"), unit=_("members"), section=SECTION,
    model="appraisals.RatingRound", org_field="org", date_field="opens_on", sum_field="members_total",
    list_url_name="appraisals:round_list"))
register(RatioIndicator(
    "appraisals_rating_participation", _("Member rating participation (活动面)"), section=SECTION,
    numerator="appraisals_member_ratings", denominator="appraisals_members_invited", target=True,
    help=_("Ratings given ÷ members invited, in the rounds of the period.")))



def average(key, name, total, count, places, help=""):
    """``total`` ÷ ``count`` (two record figures of the same records: a sum and their number), for any subtree;
    None when there is nothing to average."""
    quantum = Decimal(1).scaleb(-places)

    def divide(value, n):
        return (Decimal(value) / n).quantize(quantum) if n else None

    def fn(ctx, org_ids):
        sums, counts = ctx.values(total, org_ids), ctx.values(count, org_ids)
        return {o: divide(sums[o], counts[o]) for o in org_ids}

    return register(QueryIndicator(
        key, name, unit="", section=SECTION, rollup="none", fn=fn, help=help,
        recount_fn=lambda org, period: divide(get(total).recount(org, period), get(count).recount(org, period)),
        drilldown=lambda org, period: get(count).url(org, period)))


register(RecordIndicator(
    "appraisals_member_marks", _("Member ratings' marks (sum)"), unit=_("marks"), section=SECTION,
    model="appraisals.MemberRating", org_field="round__org", date_field="rated_on", sum_field="average",
    list_url_name="appraisals:rating_list"))
average("appraisals_rating_average", _("Average member rating (会员评家, out of 5)"), "appraisals_member_marks",
        "appraisals_member_ratings", 2, help=_("The average of the members' marks in the period, 1 to 5."))

ANNUAL = Q(scheme__kind=SchemeKind.ANNUAL.value)  # inspected: scored by the assessor
register(RecordIndicator(
    "appraisals_assessed", _("Annual assessments scored (百分制考核)"), unit=_("unions"), section=SECTION,
    model=MODEL, date_field="inspected_on", where=ANNUAL, list_url_name=LIST,
    list_params={"kind": SchemeKind.ANNUAL.value}))
register(RecordIndicator(
    "appraisals_assessment_points", _("Annual assessment points (sum)"), unit=_("points"), section=SECTION,
    model=MODEL, date_field="inspected_on", where=ANNUAL, sum_field="inspection_score", list_url_name=LIST,
    list_params={"kind": SchemeKind.ANNUAL.value}))
average("appraisals_assessment_average", _("Average annual assessment score (百分制)"),
        "appraisals_assessment_points", "appraisals_assessed", 1,
        help=_("The assessor's scores of the unions assessed in the period, out of 100."))

"""Figures of standards and appraisal for dashboards, targets and the annual report (section "appraisals").

Awards held now (by kind and level of the scheme), 建家率 (workers' home awards held ÷ grassroots unions), the
pass rate (合格率: appraisals inspected in the period that were awarded ÷ those inspected), appraisals applied for
in the period, member-rating ratings and their participation (活动面: ratings ÷ members invited). Each counts
records (``RecordIndicator``): its recount is the same query, its drill-down the list of exactly those records.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, register, register_section

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
register(RatioIndicator(
    "appraisals_home_rate", _("Workers' home rate (建家率)"), section=SECTION,
    numerator=f"appraisals_awarded_{SchemeKind.HOME.value}", denominator="grassroots_unions", target=True,
    help=_("Workers' home awards held ÷ grassroots unions.")))

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

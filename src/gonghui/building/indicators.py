"""Figures of organisation building (section "building"): chairs in post and 主席配备率 (grassroots unions with a
chair in post ÷ grassroots unions), full-time cadres, social workers, departures (turnover), elections held and
approvals given. Each is counted from the records, with its recount and its drill-down to the list page."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, register, register_section

from .choices import ApprovalStatus, CadrePosition, ElectionStatus, Engagement

register_section("building", _("Organisation building"))

SECTION = "building"
IN_POST = Q(left_on__isnull=True)
GRASSROOTS_CHAIR = IN_POST & Q(position=CadrePosition.CHAIR, org__level=6, org__status__in=("preparing", "active"))

register(RecordIndicator(
    "chairs_in_post", _("Grassroots unions with a chair in post"), unit=_("unions"), section=SECTION,
    model="building.Cadre", where=GRASSROOTS_CHAIR, list_url_name="building:cadre_list",
    list_params={"position": CadrePosition.CHAIR, "in_post": "yes", "grassroots": "yes"}))
register(RatioIndicator(
    "chair_rate", _("Chair staffing rate (主席配备率)"), section=SECTION, numerator="chairs_in_post",
    denominator="grassroots_unions", help=_("Grassroots unions with a chair in post ÷ live grassroots unions.")))
register(RecordIndicator(
    "full_time_cadres", _("Full-time union cadres"), unit=_("people"), section=SECTION, model="building.Cadre",
    where=IN_POST & Q(engagement=Engagement.FULL_TIME), list_url_name="building:cadre_list",
    list_params={"engagement": Engagement.FULL_TIME, "in_post": "yes"}))
register(RecordIndicator(
    "social_workers", _("Social workers employed by unions"), unit=_("people"), section=SECTION,
    model="building.Cadre", where=IN_POST & Q(position=CadrePosition.SOCIAL_WORKER),
    list_url_name="building:cadre_list", list_params={"position": CadrePosition.SOCIAL_WORKER, "in_post": "yes"}))
register(RecordIndicator(
    "cadre_departures", _("Cadres who left their post"), unit=_("people"), section=SECTION, model="building.Cadre",
    date_field="left_on", list_url_name="building:cadre_list", help=_("Turnover: departures in the period.")))
register(RecordIndicator(
    "elections_held", _("Elections held and approved"), unit=_("elections"), section=SECTION,
    model="building.Election", date_field="held_on", where=Q(status=ElectionStatus.CONFIRMED),
    list_url_name="building:election_list", list_params={"status": ElectionStatus.CONFIRMED}))
register(RecordIndicator(
    "approvals_given", _("Approvals given to unions"), unit=_("approvals"), section=SECTION, model="building.Approval",
    date_field="decided_on", where=Q(status=ApprovalStatus.APPROVED),
    list_url_name="building:approval_list", list_params={"status": ApprovalStatus.APPROVED}))

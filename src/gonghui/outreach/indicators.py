"""Figures of contacts and the service network (section "outreach"): each a ``RecordIndicator`` (one grouped
query, its recount and the list it opens)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.stats.registry import RecordIndicator, register, register_section

register_section("outreach", _("Contacts and service network"))

for indicator in (
    RecordIndicator("care_visits", _("Care visits"), unit=pgettext_lazy("figure", "visits"), section="outreach",
                    model="outreach.CareVisit", date_field="visited_on", list_url_name="outreach:visit_list"),
    RecordIndicator("care_visit_money", _("Condolence money given (yuan)"), unit=_("yuan"), section="outreach",
                    model="outreach.CareVisit", date_field="visited_on", sum_field="amount",
                    list_url_name="outreach:visit_list"),
    RecordIndicator("contact_visits", _("Visits to contact employers"), unit=pgettext_lazy("figure", "visits"),
                    section="outreach", model="outreach.ContactVisit", date_field="visited_on",
                    list_url_name="outreach:contactvisit_list"),
    RecordIndicator("contact_problems_solved", _("Problems solved on contact visits"), unit=_("problems"),
                    section="outreach", model="outreach.ContactVisit", date_field="visited_on",
                    sum_field="problems_solved", list_url_name="outreach:contactvisit_list"),
    RecordIndicator("partner_meetings", _("Meetings with partners"), unit=_("meetings"), section="outreach",
                    model="outreach.PartnerMeeting", date_field="held_on", list_url_name="outreach:meeting_list"),
    RecordIndicator("service_points", _("Service points open"), unit=_("points"), section="outreach",
                    model="outreach.ServicePoint", where=Q(active=True), list_url_name="outreach:point_list",
                    list_params={"active": "yes"}),
    RecordIndicator("mediators", _("Mediators on the roster"), unit=_("people"), section="outreach",
                    model="outreach.Mediator", where=Q(active=True), list_url_name="outreach:mediator_list",
                    list_params={"active": "yes"}),
    RecordIndicator("consultations", _("Consultations given"), unit=_("consultations"), section="outreach",
                    model="outreach.Consultation", date_field="consulted_on",
                    list_url_name="outreach:consultation_list"),
    RecordIndicator("custody_agreements", _("Custody agreements"), unit=_("agreements"), section="outreach",
                    model="outreach.CustodyAgreement", list_url_name="outreach:custody_list"),
    RecordIndicator("custody_members", _("Members in custody"), unit=pgettext_lazy("figure", "members"),
                    section="outreach", model="outreach.CustodyMember", list_url_name="outreach:custodymember_list"),
):
    register(indicator)

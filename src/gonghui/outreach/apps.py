from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem, PortalLink
from gonghui.core.search import SearchSource


class OutreachConfig(AreaConfig):
    name = "gonghui.outreach"
    verbose_name = _("Contacts and service network")
    url_prefix = "outreach/"
    todo = "gonghui.outreach.selectors.workbench_todo"
    nav = (
        NavItem(_("Custody agreements"), "outreach:custody_list", order=60, menu="building"),
        NavItem(_("Contact areas"), "outreach:area_list", order=70, menu="building"),
        NavItem(_("Contact employers (挂点联系)"), "outreach:contact_list", order=71, menu="building"),
        NavItem(_("Care visits"), "outreach:visit_list", order=72, menu="building"),
        NavItem(_("Meetings with partners"), "outreach:meeting_list", order=80, menu="building"),
        NavItem(_("Service network"), "outreach:point_list", order=60, menu="services"),
        NavItem(_("Mediators"), "outreach:mediator_list", order=61, menu="services"),
        NavItem(_("Consultations"), "outreach:consultation_list", order=62, menu="services"),
    )
    api_routes = (
        ("custody-agreements", "gonghui.outreach.api.views.CustodyAgreementViewSet"),
        ("custody-members", "gonghui.outreach.api.views.CustodyMemberViewSet"),
        ("contact-areas", "gonghui.outreach.api.views.ContactAreaViewSet"),
        ("contact-assignments", "gonghui.outreach.api.views.ContactAssignmentViewSet"),
        ("contact-visits", "gonghui.outreach.api.views.ContactVisitViewSet"),
        ("care-visits", "gonghui.outreach.api.views.CareVisitViewSet"),
        ("partner-meetings", "gonghui.outreach.api.views.PartnerMeetingViewSet"),
        ("service-points", "gonghui.outreach.api.views.ServicePointViewSet"),
        ("mediators", "gonghui.outreach.api.views.MediatorViewSet"),
        ("consultations", "gonghui.outreach.api.views.ConsultationViewSet"),
    )
    import_kinds = (
        ImportKind("service_points", _("Service network"), "gonghui.outreach.importers.ServicePointImporter"),
        ImportKind("mediators", _("Mediators"), "gonghui.outreach.importers.MediatorImporter"),
    )
    portal_links = (PortalLink(_("Where to get help"), "outreach_portal:home", "service_network", order=80,
                               description=_("Assistance centres and service points near you.")),)
    search = (SearchSource("service_points", _("Service network"), "gonghui.outreach.views.PointListView",
                           "outreach:point_list", order=90, describe=lambda p: f"{p.org.name} · {p.address}"),)

    def ready(self):
        super().ready()
        from gonghui.core.hooks import mediator_roster

        from .selectors import roster_for_case

        mediator_roster.connect(roster_for_case)

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem, PortalLink
from gonghui.core.search import SearchSource


class TrainingConfig(AreaConfig):
    name = "gonghui.training"
    verbose_name = _("Training")
    url_prefix = "training/"
    nav = (NavItem(_("Training courses"), "training:course_list", order=30, menu="services"),
           NavItem(_("Training records"), "training:enrolment_list", order=31, menu="services"))
    todo = "gonghui.training.selectors.workbench_todo"
    api_routes = (("training-courses", "gonghui.training.api.views.CourseViewSet"),
                  ("training-enrolments", "gonghui.training.api.views.EnrolmentViewSet"))
    import_kinds = (ImportKind("training_attendance", _("Training attendance"),
                               "gonghui.training.importers.AttendanceImporter"),
                    ImportKind("training_certificates", _("Training completions and certificates"),
                               "gonghui.training.importers.CertificateImporter"),)
    portal_links = (PortalLink(_("Training"), "training_portal:home", "training", order=60,
                               description=_("Enrol in a course and see your training record and certificates.")),)
    portal_panels = ("gonghui.training.portal_views.dashboard_panel",)
    record_alerts = (("members.member", "gonghui.training.alerts.member_alerts"),)
    search = (SearchSource("training", _("Training courses"), "gonghui.training.views.CourseListView",
                           "training:course_list", order=70,
                           describe=lambda c: f"{c.get_kind_display()} · {c.get_status_display()} · {c.org.name}"),)

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem, PortalLink
from gonghui.core.search import SearchSource


class TrainingConfig(AreaConfig):
    name = "gonghui.training"
    verbose_name = _("Training")
    url_prefix = "training/"
    nav = (NavItem(_("Training courses"), "training:course_list", order=30, menu="services"),
           NavItem(_("Training records"), "training:enrolment_list", order=31, menu="services"),
           NavItem(_("Job seekers"), "training:seeker_list", order=32, menu="services"),
           NavItem(_("Referrals and placements"), "training:referral_list", order=33, menu="services"),
           NavItem(_("Job fairs"), "training:fair_list", order=34, menu="services"),
           NavItem(_("Vacancies"), "training:vacancy_list", order=35, menu="services"),
           NavItem(_("Trips home (平安返乡)"), "training:trip_list", order=36, menu="services"))
    todo = "gonghui.training.selectors.workbench_todo"
    api_routes = (("training-courses", "gonghui.training.api.views.CourseViewSet"),
                  ("training-enrolments", "gonghui.training.api.views.EnrolmentViewSet"),
                  ("job-fairs", "gonghui.training.api.employment.JobFairViewSet"),
                  ("job-vacancies", "gonghui.training.api.employment.VacancyViewSet"),
                  ("job-seekers", "gonghui.training.api.employment.JobSeekerViewSet"),
                  ("job-referrals", "gonghui.training.api.employment.ReferralViewSet"),
                  ("trips-home", "gonghui.training.api.employment.HomeTripViewSet"))
    import_kinds = (ImportKind("training_attendance", _("Training attendance"),
                               "gonghui.training.importers.AttendanceImporter"),
                    ImportKind("training_certificates", _("Training completions and certificates"),
                               "gonghui.training.importers.CertificateImporter"),
                    ImportKind("job_seekers", _("Job seekers"), "gonghui.training.importers.JobSeekerImporter"),)
    portal_links = (PortalLink(_("Training"), "training_portal:home", "training", order=60,
                               description=_("Enrol in a course and see your training record and certificates.")),
                    PortalLink(_("Jobs"), "training_portal:jobs", "jobs", order=61,
                               description=_("Vacancies offered through the union, and how to apply.")),)
    portal_panels = ("gonghui.training.portal_views.dashboard_panel",)
    record_alerts = (("members.member", "gonghui.training.alerts.member_alerts"),)
    search = (SearchSource("training", _("Training courses"), "gonghui.training.views.CourseListView",
                           "training:course_list", order=70,
                           describe=lambda c: f"{c.get_kind_display()} · {c.get_status_display()} · {c.org.name}"),)

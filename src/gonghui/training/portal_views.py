"""The member portal: a member enrols in an open course of their union (or one above it), sees their training record
(培训档案) with the certificates, and the certificates on the portal's home page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gonghui.members.portal import MemberRequiredMixin

from . import selectors, services


class TrainingView(MemberRequiredMixin, TemplateView):
    template_name = "training/portal/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(active_tab="training", record=selectors.training_record(self.member),
                   courses=selectors.open_courses_for_member(self.member, timezone.localdate()))
        return ctx

    def post(self, request, *args, **kwargs):
        courses = {str(c.pk): c for c in selectors.open_courses_for_member(self.member, timezone.localdate())}
        course = courses.get(str(request.POST.get("course", "")))
        if course is None:
            messages.error(request, _("This course does not take enrolments in the portal."))
            return redirect("training_portal:home")
        try:
            services.enrol_self(request.user, self.member, course)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("You are enrolled in %(course)s.") % {"course": course.title})
        return redirect("training_portal:home")


def dashboard_panel(request, member):
    """The member's certificates on the portal's home page."""
    certificates = selectors.certificates(member)
    if not certificates:
        return ""
    return render_to_string("training/portal/panel.html", {"certificates": certificates}, request=request)


class JobsView(MemberRequiredMixin, TemplateView):
    """Vacancies published to members by the member's union or one above it, still open."""

    template_name = "training/portal/jobs.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(active_tab="jobs", vacancies=selectors.open_vacancies_for_member(self.member, timezone.localdate()))
        return ctx

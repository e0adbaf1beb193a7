"""Officials' pages: courses (list, page with trainees and sessions, form, steps: open, start, enrol a member,
record a session with its attendance, finish, cancel) and enrolments (the training records: list, page, completion
with the certificate, withdrawal)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from gonghui.core.views import ObjectActionView, ObjectDetailView, ObjectEditView, ObjectListView

from . import forms, selectors, services
from .filtersets import CourseFilterSet, EnrolmentFilterSet
from .tables import CourseTable, EnrolmentTable


class CourseListView(ObjectListView):
    selector = staticmethod(selectors.courses_for)
    table_class, filterset_class = CourseTable, CourseFilterSet
    title, add_url_name, export_name = gettext_lazy("Training courses"), "training:course_add", "training-courses"


class CourseDetailView(ObjectDetailView):
    template_name = "training/course_detail.html"
    selector = staticmethod(selectors.courses_for)
    list_url_name, edit_url_name = "training:course_list", "training:course_edit"

    def get_object_context(self, course):
        trainees = selectors.course_trainees(course)
        return {"trainees": trainees, "sessions": selectors.course_sessions(course),
                "places_taken": services.places_taken(course),
                "can_edit": course.status in services.EDITABLE and self.context["can_change"]}


class CourseEditView(ObjectEditView):
    selector = staticmethod(selectors.courses_for)
    form_class, list_url_name = forms.CourseForm, "training:course_list"
    title_add, title_edit = gettext_lazy("Add a training course"), gettext_lazy("Edit the training course")

    def get_object_or_none(self):
        obj = super().get_object_or_none()
        if obj is not None and obj.status not in services.EDITABLE:
            raise Http404
        return obj


class CourseStepView(ObjectActionView):
    selector = staticmethod(selectors.courses_for)


class OpenView(CourseStepView):
    transition, service = "open", services.open_course
    message = gettext_lazy("Members can then enrol, in the portal too if the course allows it.")


class StartView(CourseStepView):
    transition, service = "start", services.start_course
    message = gettext_lazy("The class starts: record its sessions and who attended.")


class FinishView(CourseStepView):
    transition, service = "finish", services.finish_course
    message = gettext_lazy("Trainees whose completion is not recorded by then did not complete the course.")


class CancelView(CourseStepView):
    transition, service, danger = "cancel", services.cancel_course, True
    message = gettext_lazy("The trainees enrolled are withdrawn.")


class EnrolView(CourseStepView):
    transition = "enrol"
    form_class = forms.EnrolForm
    title = gettext_lazy("Enrol a member")
    success_message = gettext_lazy("The member has been enrolled.")

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def perform(self, obj, form):
        return services.enrol(self.request.user, obj, form.cleaned_data["member"])


class SessionView(CourseStepView):
    transition = "session"
    form_class = forms.SessionForm
    title = pgettext_lazy("training", "Record a session")
    message = gettext_lazy("Tick the trainees present.")
    success_message = pgettext_lazy("training", "The session has been recorded.")

    def form_kwargs(self, obj):
        return {"course": obj}

    def initial(self, obj):
        return {"held_on": timezone.localdate()}

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.record_session(self.request.user, obj, d["held_on"], d["topic"], present=list(d["present"]))


class EnrolmentListView(ObjectListView):
    selector = staticmethod(selectors.enrolments_for)
    table_class, filterset_class = EnrolmentTable, EnrolmentFilterSet
    title, export_name = gettext_lazy("Training records"), "training-records"


class EnrolmentDetailView(ObjectDetailView):
    selector = staticmethod(selectors.enrolments_for)
    list_url_name = "training:enrolment_list"
    fields = ("member", "course", "channel", "enrolled_on", "status", "sessions_attended", "completed_on",
              "certificate_no", "certificate_level", "grant_amount", "withdrawn_reason", "notes")


class EnrolmentStepView(ObjectActionView):
    selector = staticmethod(selectors.enrolments_for)


class CompleteView(EnrolmentStepView):
    transition = "complete"
    form_class = forms.CompleteForm
    title = gettext_lazy("Record completion")
    message = gettext_lazy("A trainee completes with the attendance the course needs; give the certificate's number "
                           "when the course has one.")
    success_message = gettext_lazy("The completion has been recorded.")
    service, service_fields = services.complete, ("completed_on", "certificate_no", "certificate_level")

    def initial(self, obj):
        return {"completed_on": timezone.localdate(), "certificate_level": obj.course.certificate_level}


class WithdrawView(EnrolmentStepView):
    transition, danger = "withdraw", True
    form_class = forms.WithdrawForm
    success_message = gettext_lazy("The trainee has withdrawn.")
    service, service_fields = services.withdraw, ("reason",)

"""``/api/v1/training-courses/`` and ``/api/v1/training-enrolments/``: the same selectors, filtersets and services
as the pages; each step is a POST action."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField
from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin
from gonghui.core.services import save_object

from .. import selectors, services
from ..filtersets import CourseFilterSet, EnrolmentFilterSet
from ..models import Course, Enrolment


class CourseSerializer(ScopedModelSerializer):
    service = staticmethod(lambda user, instance, org=None, **data: services.save_course(user, instance, org, **data))
    org_code = serializers.CharField(source="org.code", read_only=True)

    class Meta:
        model = Course
        fields = ["id", "org", "org_code", "number", "title", "kind", "provider", "place", "starts_on", "ends_on",
                  "enrol_by", "capacity", "min_attendance_pct", "certificate_name", "certificate_level",
                  "degree_level", "open_in_portal", "status", "notes", "created_at", "updated_at"]
        read_only_fields = ["status", "created_at", "updated_at"]


class TrainingSessionSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=150)
    present = serializers.ListField(child=serializers.IntegerField(), required=False,
                                    help_text="Ids of the enrolments present (default: every trainee enrolled).")


class CourseViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Training courses (培训班). Steps: open, start, finish, cancel, and record a session with its attendance."""

    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    ordering_fields = ["starts_on", "ends_on", "number"]
    selector = staticmethod(selectors.courses_for)
    workflow_model = Course
    steps = {
        "open": Step(lambda user, c, d: services.open_course(user, c)),
        "start": Step(lambda user, c, d: services.start_course(user, c)),
        "finish": Step(lambda user, c, d: services.finish_course(user, c)),
        "cancel": Step(lambda user, c, d: services.cancel_course(user, c)),
        "session": Step(lambda user, c, d: services.record_session(user, c, d["held_on"], d["topic"],
                                                                   d.get("present")) and c,
                        serializer=TrainingSessionSerializer, description="Record a session and who attended."),
    }

    def perform_update(self, serializer):
        if serializer.instance.status not in services.EDITABLE:
            raise ValidationError(_("A course that is %(status)s is not edited.")
                                  % {"status": serializer.instance.get_status_display()})
        serializer.save()


def _save_enrolment(user, instance, course=None, member=None, **data):
    if instance is None:
        enrolment = services.enrol(user, course, member)
        return save_object(user, enrolment, data, fields=["notes"]) if data.get("notes") else enrolment
    return save_object(user, instance, data, fields=["notes"])


class EnrolmentSerializer(ScopedModelSerializer):
    service = staticmethod(_save_enrolment)
    course = ScopedPrimaryKeyField(selectors.courses_for)
    member = ScopedPrimaryKeyField(selectors.members_for)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "course", "member", "member_name", "channel", "enrolled_on", "status", "sessions_attended",
                  "completed_on", "certificate_no", "certificate_level", "grant_amount", "withdrawn_reason", "notes",
                  "created_at"]
        read_only_fields = ["channel", "enrolled_on", "status", "sessions_attended", "completed_on",
                            "certificate_no", "certificate_level", "grant_amount", "withdrawn_reason", "created_at"]


class CompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField(required=False)
    certificate_no = serializers.CharField(required=False, allow_blank=True, max_length=60)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class EnrolmentViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Enrolments: a member on a course (the training record, 培训档案). POST enrols; complete and withdraw are
    actions."""

    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilterSet
    ordering_fields = ["enrolled_on", "completed_on"]
    selector = staticmethod(selectors.enrolments_for)
    workflow_model = Enrolment
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "complete": Step(lambda user, e, d: services.complete(user, e, d.get("completed_on"),
                                                              d.get("certificate_no", "")),
                         serializer=CompleteSerializer, description="Record the completion (and certificate)."),
        "withdraw": Step(lambda user, e, d: services.withdraw(user, e, d.get("reason", "")),
                         serializer=WithdrawSerializer, description="The trainee withdraws."),
    }

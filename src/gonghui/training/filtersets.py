import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import CertificateLevel, CourseKind, CourseStatus, EnrolmentChannel, EnrolmentStatus
from .models import Course, Enrolment


class CourseFilterSet(ScopedFilterSet):
    """Serves the course list and ``/api/v1/training-courses/``."""

    q = SearchFilter(("number__icontains", "title__icontains", "provider__icontains"),
                     label=_("Number, title or training base"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=CourseKind.choices, label=_("Course kind"))
    status = django_filters.MultipleChoiceFilter(choices=CourseStatus.choices, label=_("Status"))
    certificate = YesNoFilter(~Q(certificate_name=""), label=_("With a certificate"))
    starts_from, starts_to = date_range("starts_on", _("Starts from"), _("Starts to"))
    ends_from, ends_to = date_range("ends_on", _("Ends from"), _("Ends to"))

    class Meta:
        model = Course
        fields = ["q", "within", "kind", "status", "certificate", "starts_from", "starts_to", "ends_from", "ends_to"]


def _awaiting():
    return Q(status=EnrolmentStatus.ENROLLED, course__ends_on__lt=timezone.localdate())


class EnrolmentFilterSet(ScopedFilterSet):
    """Serves the enrolment list (the training records) and ``/api/v1/training-enrolments/``."""

    q = SearchFilter(("member__name__icontains", "member__member_no__iexact", "course__number__icontains",
                      "course__title__icontains", "certificate_no__iexact"),
                     label=_("Member, member number, course or certificate"))
    within = WithinFilter("course__org")
    member = django_filters.NumberFilter(field_name="member_id", label=_("Member"))
    course = django_filters.NumberFilter(field_name="course_id", label=_("Course"))
    kind = django_filters.ChoiceFilter(field_name="course__kind", choices=CourseKind.choices, label=_("Course kind"))
    status = django_filters.MultipleChoiceFilter(choices=EnrolmentStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=EnrolmentChannel.choices, label=_("Enrolled through"))
    certificate = YesNoFilter(~Q(certificate_no=""), label=_("With a certificate"))
    certificate_level = django_filters.ChoiceFilter(choices=CertificateLevel.choices, label=_("Certificate level"))
    migrant = YesNoFilter(Q(member__employment_type="migrant"), label=_("Migrant workers"))
    awaiting = YesNoFilter(_awaiting, label=_("Course ended, completion not recorded"))
    completed_from, completed_to = date_range("completed_on", _("Completed from"), _("Completed to"))

    class Meta:
        model = Enrolment
        fields = ["q", "within", "member", "course", "kind", "status", "channel", "certificate", "certificate_level",
                  "migrant", "awaiting", "completed_from", "completed_to"]

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import (
    CertificateLevel,
    CourseKind,
    CourseStatus,
    EnrolmentChannel,
    EnrolmentStatus,
    ReferralStatus,
    SeekerStatus,
    Transport,
)
from .models import Course, Enrolment, HomeTrip, JobFair, JobSeeker, Referral, Vacancy


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


# Employment services: each list's date filters are the ones its indicators' drill-downs set.

class JobFairFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "place__icontains"), label=_("Title or place"))
    within = WithinFilter("org")
    held_from, held_to = date_range("held_on", _("Held from"), _("Held to"))

    class Meta:
        model = JobFair
        fields = ["q", "within", "held_from", "held_to"]


class VacancyFilterSet(ScopedFilterSet):
    q = SearchFilter(("employer__icontains", "title__icontains", "place__icontains"),
                     label=_("Employer, job or place"))
    within = WithinFilter("org")
    fair = django_filters.NumberFilter(field_name="fair_id", label=_("Job fair"))
    published = YesNoFilter(Q(published=True), label=_("Published to members"))
    open = YesNoFilter(lambda: Q(open_until__gte=timezone.localdate()), label=_("Still open"))

    class Meta:
        model = Vacancy
        fields = ["q", "within", "fair", "published", "open"]


class JobSeekerFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "desired_job__icontains", "member__member_no__iexact"),
                     label=_("Name, job wanted or member number"))
    within = WithinFilter("org")
    status = django_filters.MultipleChoiceFilter(choices=SeekerStatus.choices, label=_("Status"))
    migrant = YesNoFilter(Q(migrant_worker=True), label=_("Migrant workers"))
    hardship = YesNoFilter(Q(in_hardship=True), label=_("In a hardship archive"))
    member = YesNoFilter(Q(member__isnull=False), label=_("Members"))
    registered_from, registered_to = date_range("registered_on", _("Registered from"), _("Registered to"))

    class Meta:
        model = JobSeeker
        fields = ["q", "within", "status", "migrant", "hardship", "member", "registered_from", "registered_to"]


def _follow_up_due():
    return Q(status=ReferralStatus.PLACED, followed_up_on__isnull=True, follow_up_due__lte=timezone.localdate())


class ReferralFilterSet(ScopedFilterSet):
    q = SearchFilter(("seeker__name__icontains", "employer__icontains", "job__icontains"),
                     label=_("Job seeker, employer or job"))
    within = WithinFilter("seeker__org")
    seeker = django_filters.NumberFilter(field_name="seeker_id", label=_("Job seeker"))
    status = django_filters.MultipleChoiceFilter(choices=ReferralStatus.choices, label=_("Status"))
    migrant = YesNoFilter(Q(seeker__migrant_worker=True), label=_("Migrant workers"))
    hardship = YesNoFilter(Q(seeker__in_hardship=True), label=_("In a hardship archive"))
    follow_up = django_filters.ChoiceFilter(
        choices=(("due", _("Due, not recorded")), ("done", _("Recorded"))), label=_("Follow-up"),
        method="filter_follow_up")
    referred_from, referred_to = date_range("referred_on", _("Referred from"), _("Referred to"))
    placed_from, placed_to = date_range("placed_on", _("Placed from"), _("Placed to"))

    class Meta:
        model = Referral
        fields = ["q", "within", "seeker", "status", "migrant", "hardship", "follow_up", "referred_from",
                  "referred_to", "placed_from", "placed_to"]

    def filter_follow_up(self, qs, name, value):
        if value == "due":
            return qs.filter(_follow_up_due())
        if value == "done":
            return qs.filter(followed_up_on__isnull=False)
        return qs


class HomeTripFilterSet(ScopedFilterSet):
    q = SearchFilter(("route__icontains",), label=_("Route"))
    within = WithinFilter("org")
    transport = django_filters.ChoiceFilter(choices=Transport.choices, label=_("Transport"))
    travels_from, travels_to = date_range("travels_on", _("Travels from"), _("Travels to"))

    class Meta:
        model = HomeTrip
        fields = ["q", "within", "transport", "travels_from", "travels_to"]

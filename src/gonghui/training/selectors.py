"""Reads of training, scoped to the user; the member's own training record for the portal."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item
from gonghui.members.models import Member

from .choices import PLACE_HOLDING, CourseStatus, EnrolmentStatus
from .models import Course, Enrolment


def courses_for(user):
    return Course.objects.for_user(user).select_related("org")


def enrolments_for(user):
    return Enrolment.objects.for_user(user).select_related("course", "course__org", "member", "member__org")


def members_for(user):
    return Member.objects.for_user(user).select_related("org")


def with_places(qs):
    return qs.annotate(places_taken=Count("enrolments", filter=Q(enrolments__status__in=PLACE_HOLDING)))


def course_trainees(course):
    return list(course.enrolments.select_related("member", "member__org").order_by("status", "member__name", "id"))


def course_sessions(course):
    return list(course.sessions.all())


def training_record(member):
    """The member's training record (培训档案): every enrolment, newest first."""
    return list(Enrolment.objects.filter(member=member).select_related("course", "course__org")
                .order_by("-enrolled_on", "-id"))


def certificates(member):
    return [e for e in training_record(member) if e.status == EnrolmentStatus.COMPLETED and e.certificate_no]


def open_courses_for_member(member, today):
    """Courses taking enrolments in the portal from this member (their union's or one above it)."""
    ancestors = [member.org.path[:i] for i in range(len(member.org.path), 0, -1)]
    qs = with_places(Course.objects.filter(status=CourseStatus.OPEN, open_in_portal=True,
                                           org__path__in=ancestors).select_related("org"))
    qs = qs.filter(Q(enrol_by__isnull=True) | Q(enrol_by__gte=today)).exclude(
        enrolments__member=member, enrolments__status__in=PLACE_HOLDING)
    return list(qs.order_by("starts_on", "id")[:50])


def awaiting_completion(user, today):
    """Trainees still enrolled in a course past its end: record whether they completed."""
    return Enrolment.objects.for_user(user).filter(status=EnrolmentStatus.ENROLLED, course__ends_on__lt=today)


def workbench_todo(user, today):
    url = reverse("training:enrolment_list")
    return [todo_item("training_awaiting_completion", _("Trainees of ended courses without a completion"),
                      awaiting_completion(user, today).order_by("course__ends_on", "id"),
                      f"{url}?awaiting=yes", urgency="due")]

"""Reads of training, scoped to the user; the member's own training record for the portal."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item
from gonghui.members.models import Member

from .choices import PLACE_HOLDING, CourseStatus, EnrolmentStatus, ReferralStatus
from .models import Course, Enrolment, HomeTrip, JobFair, JobSeeker, Referral, Vacancy


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
                      f"{url}?awaiting=yes", urgency="due"),
            todo_item("training_follow_ups_due", _("Placements due for their three-month follow-up"),
                      follow_ups_due(user, today).order_by("follow_up_due", "id"),
                      f"{reverse('training:referral_list')}?follow_up=due", urgency="due"),
            todo_item("training_hardship_placements",
                      _("People in hardship archives placed in a job: review their archive"),
                      hardship_placements(user, today).order_by("-placed_on", "-id"),
                      f"{reverse('training:referral_list')}?status=placed&hardship=yes"
                      f"&placed_from={today - datetime.timedelta(days=60):%Y-%m-%d}", urgency="open")]


# Employment services.

def fairs_for(user):
    return JobFair.objects.for_user(user).select_related("org")


def vacancies_for(user):
    return Vacancy.objects.for_user(user).select_related("org", "fair")


def seekers_for(user):
    return JobSeeker.objects.for_user(user).select_related("org", "member")


def referrals_for(user):
    return Referral.objects.for_user(user).select_related("seeker", "seeker__org", "vacancy")


def trips_for(user):
    return HomeTrip.objects.for_user(user).select_related("org")


def seeker_referrals(seeker):
    return list(seeker.referrals.select_related("vacancy").order_by("-referred_on", "-id"))


def open_vacancies_for_member(member, today):
    """Vacancies published to members by the member's union or one above it, still open."""
    ancestors = [member.org.path[:i] for i in range(len(member.org.path), 0, -1)]
    return list(Vacancy.objects.filter(published=True, open_until__gte=today, org__path__in=ancestors)
                .select_related("org", "fair").order_by("open_until", "id")[:100])


def follow_ups_due(user, today):
    """Placements whose three-month follow-up is due and not recorded."""
    return referrals_for(user).filter(status=ReferralStatus.PLACED, followed_up_on__isnull=True,
                                     follow_up_due__lte=today)


def hardship_placements(user, today):
    """Placements of people in hardship archives in the last 60 days: the archive's review is prompted."""
    return referrals_for(user).filter(status=ReferralStatus.PLACED, seeker__in_hardship=True,
                                     placed_on__gte=today - datetime.timedelta(days=60))

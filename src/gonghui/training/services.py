"""Writes of training: courses (rules of dates and places), their steps, enrolment within the places (by the union
or by the member in the portal), sessions and attendance, completion by the attendance rule with the certificate,
withdrawal, and the finish of a class (those still enrolled did not complete)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core import audit, scope
from gonghui.core.workflow import transition
from gonghui.members.choices import MemberStatus

from .choices import PLACE_HOLDING, CourseKind, CourseStatus, EnrolmentChannel, EnrolmentStatus, degree_grant
from .models import Attendance, Course, Enrolment, Session

COURSE_FIELDS = ("number", "title", "kind", "provider", "place", "starts_on", "ends_on", "enrol_by", "capacity",
                 "min_attendance_pct", "certificate_name", "certificate_level", "degree_level", "open_in_portal",
                 "notes")
EDITABLE = (CourseStatus.PLANNED, CourseStatus.OPEN, CourseStatus.RUNNING)


def _actor(user):
    return user if getattr(user, "pk", None) and not getattr(user, "is_member_account", False) else None


def places_taken(course):
    return course.enrolments.filter(status__in=PLACE_HOLDING).count()


def check_course(course, errors=None):
    """The rules of a course; a dict of errors by field (shared by the form, the API and the import)."""
    errors = {} if errors is None else errors
    if not (course.number or "").strip():
        errors["number"] = _("Enter the course number.")
    elif Course.objects.filter(number=course.number.strip()).exclude(pk=course.pk).exists():
        errors["number"] = _("Another course has this number.")
    if not (course.title or "").strip():
        errors["title"] = _("Enter the title of the course.")
    if course.starts_on and course.ends_on and course.ends_on < course.starts_on:
        errors["ends_on"] = _("The course ends on or after the day it starts.")
    if course.enrol_by and course.ends_on and course.enrol_by > course.ends_on:
        errors["enrol_by"] = _("Enrolment closes before the course ends.")
    if course.capacity is None or course.capacity < 1:
        errors["capacity"] = _("A course has at least one place.")
    elif course.pk and course.capacity < places_taken(course):
        errors["capacity"] = _("%(n)d members are already enrolled: the places cannot be fewer.") % {
            "n": places_taken(course)}
    if course.min_attendance_pct is None or not 0 <= course.min_attendance_pct <= 100:
        errors["min_attendance_pct"] = _("Enter a percentage from 0 to 100.")
    if course.kind == CourseKind.DEGREE and not course.degree_level:
        errors["degree_level"] = _("Choose the degree level of a degree-study course.")
    elif course.kind != CourseKind.DEGREE and course.degree_level:
        errors["degree_level"] = _("Only a degree-study course has a degree level.")
    if course.certificate_level and not course.certificate_name:
        errors["certificate_name"] = _("Name the certificate of this level.")
    return errors


def save_course(user, course, org=None, **data):
    """Create a course of ``org`` (``course`` None) or edit one not yet finished or cancelled."""
    with transaction.atomic():
        creating = course is None
        if creating:
            if org is None:
                raise ValidationError({"org": _("Choose the organising union.")})
            course = Course(org=org, created_by=_actor(user))
        else:
            course = Course.objects.select_for_update().get(pk=course.pk)
            if course.status not in EDITABLE:
                raise ValidationError(_("A course that is %(status)s is not edited.")
                                      % {"status": course.get_status_display()})
        scope.require(user, "change", course.org)
        before = None if creating else audit.snapshot(course)
        for name in COURSE_FIELDS:
            if name in data:
                setattr(course, name, data[name] if data[name] is not None or name == "enrol_by" else "")
        course.number, course.title = (course.number or "").strip(), (course.title or "").strip()
        errors = check_course(course)
        if errors:
            raise ValidationError(errors)
        course.save()
        (audit.created(course, user) if creating else audit.updated(course, user, before))
        return course


@transaction.atomic
def open_course(user, course):
    return transition(course, user, "open")


@transaction.atomic
def start_course(user, course):
    return transition(course, user, "start")


@transaction.atomic
def cancel_course(user, course):
    if course.enrolments.filter(status__in=PLACE_HOLDING).exists():
        course.enrolments.filter(status=EnrolmentStatus.ENROLLED).update(
            status=EnrolmentStatus.WITHDRAWN, withdrawn_reason=_("The course was cancelled."))
    return transition(course, user, "cancel")


@transaction.atomic
def finish_course(user, course):
    """The class finishes: trainees still enrolled (not recorded as completed) did not complete."""
    course = transition(course, user, "finish")
    for enrolment in course.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("course"):
        transition(enrolment, user, "not_complete", check=False)
    return course


def member_may_join(course, member):
    """Whether ``member`` belongs to the course's union or one below it."""
    return member.org.path.startswith(course.org.path)


def enrol(user, course, member, *, channel=EnrolmentChannel.STAFF, on=None):
    """Enrol a member in a course: the course takes enrolments (open, or running when the union enrols), before its
    closing day, for a member of its union's subtree, once, within its places."""
    on = on or timezone.localdate()
    portal = channel == EnrolmentChannel.PORTAL
    with transaction.atomic():
        course = Course.objects.select_for_update().select_related("org").get(pk=course.pk)
        if not portal:
            scope.require(user, "change", course.org)
        if portal and (not course.open_in_portal or course.status != CourseStatus.OPEN):
            raise ValidationError({"course": _("This course does not take enrolments in the portal.")})
        if course.status not in (CourseStatus.OPEN, CourseStatus.RUNNING):
            raise ValidationError({"course": _("The course takes no enrolments: it is %(status)s.")
                                   % {"status": course.get_status_display()}})
        if course.enrol_by and on > course.enrol_by:
            raise ValidationError({"course": _("Enrolment closed on %(day)s.") % {"day": course.enrol_by}})
        if member is None:
            raise ValidationError({"member": _("Choose the member.")})
        if member.status != MemberStatus.ACTIVE:
            raise ValidationError({"member": _("Only an active member enrols; %(name)s is %(status)s.") % {
                "name": member.name, "status": member.get_status_display()}})
        if not member_may_join(course, member):
            raise ValidationError({"member": _("%(name)s is not a member of %(org)s or a union below it.") % {
                "name": member.name, "org": course.org.name}})
        existing = course.enrolments.filter(member=member).first()
        if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
            raise ValidationError({"member": _("%(name)s is already enrolled in this course.") % {"name": member.name}})
        taken = places_taken(course)
        if taken >= course.capacity:
            raise ValidationError({"member": _("The course is full (%(n)d places).") % {"n": course.capacity}})
        if existing is not None:  # withdrew before, enrols again
            before = audit.snapshot(existing)
            existing.status, existing.withdrawn_reason, existing.enrolled_on, existing.channel = (
                EnrolmentStatus.ENROLLED, "", on, channel)
            existing.save()
            audit.updated(existing, user, before)
            enrolment = existing
        else:
            try:
                with transaction.atomic():
                    enrolment = Enrolment.objects.create(course=course, member=member, channel=channel,
                                                         enrolled_on=on, recorded_by=_actor(user))
            except IntegrityError:
                raise ValidationError({"member": _("%(name)s is already enrolled in this course.")
                                       % {"name": member.name}}) from None
            audit.created(enrolment, user)
        transition(course, user, "enrol", check=False, note=member.name)
        return enrolment


def enrol_self(user, member, course):
    """The member enrols in the portal (``user`` is the member's own account)."""
    return enrol(user, course, member, channel=EnrolmentChannel.PORTAL)


@transaction.atomic
def withdraw(user, enrolment, reason=""):
    return transition(enrolment, user, "withdraw", changes={"withdrawn_reason": (reason or "").strip()})


def _recount(enrolment_ids):
    for enrolment in Enrolment.objects.filter(pk__in=enrolment_ids):
        n = enrolment.attendance.filter(present=True).count()
        if n != enrolment.sessions_attended:
            Enrolment.objects.filter(pk=enrolment.pk).update(sessions_attended=n)


def record_session(user, course, held_on, topic, present=None):
    """A session of a running course held on ``held_on`` (within the course's dates, not in the future), with the
    trainees present (enrolments; None: every trainee enrolled)."""
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        scope.require(user, "change", course.org)
        if course.status != CourseStatus.RUNNING:
            raise ValidationError({"held_on": _("Sessions are recorded once the class has started; the course is "
                                                "%(status)s.") % {"status": course.get_status_display()}})
        if held_on is None:
            raise ValidationError({"held_on": _("Enter the date.")})
        if held_on > timezone.localdate():
            raise ValidationError({"held_on": pgettext("training", "The session date cannot be in the future.")})
        if not course.starts_on <= held_on <= course.ends_on:
            raise ValidationError({"held_on": _("The session is held within the course's dates (%(start)s to "
                                                "%(end)s).") % {"start": course.starts_on, "end": course.ends_on}})
        if not (topic or "").strip():
            raise ValidationError({"topic": _("Enter the topic of the session.")})
        session = Session.objects.create(course=course, held_on=held_on, topic=topic.strip())
        transition(course, user, "session", note=f"{held_on:%Y-%m-%d} {session.topic}")
        trainees = list(course.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list("pk", flat=True))
        chosen = set(trainees) if present is None else {e.pk if hasattr(e, "pk") else int(e) for e in present}
        Attendance.objects.bulk_create([Attendance(session=session, enrolment_id=pk, present=pk in chosen)
                                        for pk in trainees])
        _recount(trainees)
        return session


def set_attendance(user, session, enrolment, present):
    """Mark one trainee present or absent at a session (the attendance sheet, the import)."""
    with transaction.atomic():
        scope.require(user, "change", session.course.org)
        if enrolment.course_id != session.course_id:
            raise ValidationError({"enrolment": _("This trainee is not on the session's course.")})
        if enrolment.status != EnrolmentStatus.ENROLLED:
            raise ValidationError({"enrolment": _("Attendance is taken of trainees still enrolled.")})
        Attendance.objects.update_or_create(session=session, enrolment=enrolment, defaults={"present": present})
        _recount([enrolment.pk])
        return Enrolment.objects.get(pk=enrolment.pk)


def attendance_pct(enrolment, sessions=None):
    sessions = enrolment.course.sessions.count() if sessions is None else sessions
    return round(enrolment.sessions_attended * 100 / sessions) if sessions else 0


def complete(user, enrolment, completed_on=None, certificate_no="", certificate_level=None):
    """A trainee completes the course: the class has had sessions, the trainee attended at least the course's
    share of them, and a course with a certificate gives its number."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
        course = enrolment.course
        completed_on = completed_on or timezone.localdate()
        certificate_no = (certificate_no or "").strip()
        if completed_on > timezone.localdate():
            raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
        if completed_on < course.starts_on:
            raise ValidationError({"completed_on": _("A course is completed after it starts (%(day)s).")
                                   % {"day": course.starts_on}})
        sessions = course.sessions.count()
        if not sessions:
            raise ValidationError({"completed_on": _("Record the course's sessions and attendance first.")})
        pct = attendance_pct(enrolment, sessions)
        if pct < course.min_attendance_pct:
            raise ValidationError({"completed_on": _(
                "%(name)s attended %(n)d of %(total)d sessions (%(pct)d%%); the course needs %(min)d%%.") % {
                "name": enrolment.member.name, "n": enrolment.sessions_attended, "total": sessions, "pct": pct,
                "min": course.min_attendance_pct}})
        if course.gives_certificate and not certificate_no:
            raise ValidationError({"certificate_no": _("Enter the number of the certificate (%(name)s).")
                                   % {"name": course.certificate_name}})
        if certificate_no and Enrolment.objects.filter(certificate_no=certificate_no).exclude(
                pk=enrolment.pk).exists():
            raise ValidationError({"certificate_no": _("Another trainee has a certificate with this number.")})
        level = certificate_level if certificate_level is not None else course.certificate_level
        return transition(enrolment, user, "complete", changes={
            "completed_on": completed_on, "certificate_no": certificate_no,
            "certificate_level": level if certificate_no else "",
            "grant_amount": degree_grant(course.degree_level) if course.kind == "degree" else None})

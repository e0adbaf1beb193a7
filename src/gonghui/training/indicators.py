"""Training in the statistics: courses finished, trainees who completed (by course kind, migrant workers), the
certificates earned and union cadre training person-times, each counted in the period of its date (a course's end,
a trainee's completion) at the course's union, and each opening the records it counts."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RecordIndicator, register, register_section

from .choices import CourseKind, CourseStatus, EnrolmentStatus

SECTION = "training"
DONE = Q(status=EnrolmentStatus.COMPLETED)

register_section(SECTION, _("Training"))

register(RecordIndicator(
    "training_courses_finished", _("Training courses held"), unit=_("courses"), section=SECTION,
    help=_("Training courses that finished in the period."), model="training.Course", date_field="ends_on",
    where=Q(status=CourseStatus.FINISHED), list_url_name="training:course_list",
    list_params={"status": CourseStatus.FINISHED}))
register(RecordIndicator(
    "training_trainees", _("Trainees who completed a course"), unit=_("person-times"), section=SECTION,
    help=_("Completions of training courses in the period (a member completing two courses counts twice)."),
    model="training.Enrolment", org_field="course__org", date_field="completed_on", where=DONE,
    list_url_name="training:enrolment_list", list_params={"status": EnrolmentStatus.COMPLETED}))
for _value, _label in CourseKind.choices:
    register(RecordIndicator(
        f"training_trainees_{_value}", _label, unit=_("person-times"), section=SECTION,
        help=_("Completions of courses of this kind in the period."), model="training.Enrolment",
        org_field="course__org", date_field="completed_on", where=DONE & Q(course__kind=_value),
        list_url_name="training:enrolment_list",
        list_params={"status": EnrolmentStatus.COMPLETED, "kind": _value}))
register(RecordIndicator(
    "training_trainees_migrant", _("Migrant workers who completed a course"), unit=_("person-times"),
    section=SECTION, help=_("Completions by members who are migrant workers, in the period."),
    model="training.Enrolment", org_field="course__org", date_field="completed_on",
    where=DONE & Q(member__employment_type="migrant"), list_url_name="training:enrolment_list",
    list_params={"status": EnrolmentStatus.COMPLETED, "migrant": "yes"}))
register(RecordIndicator(
    "training_degree_grants", _("Degree-study grants paid"), unit=_("yuan"), section=SECTION,
    help=_("Grants to members who completed degree study (学历提升) in the period, by level."),
    model="training.Enrolment", org_field="course__org", date_field="completed_on",
    where=DONE & Q(grant_amount__isnull=False), sum_field="grant_amount", list_url_name="training:enrolment_list",
    list_params={"status": EnrolmentStatus.COMPLETED, "kind": CourseKind.DEGREE}))
register(RecordIndicator(
    "training_certificates", _("Certificates earned in training"), unit=_("certificates"), section=SECTION,
    help=_("Trainees who completed a course with a certificate (职业资格证书) in the period."),
    model="training.Enrolment", org_field="course__org", date_field="completed_on",
    where=DONE & ~Q(certificate_no=""), list_url_name="training:enrolment_list",
    list_params={"status": EnrolmentStatus.COMPLETED, "certificate": "yes"}))

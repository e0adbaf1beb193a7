"""Training in the statistics: courses finished, trainees who completed (by course kind, migrant workers), the
certificates earned and union cadre training person-times, each counted in the period of its date (a course's end,
a trainee's completion) at the course's union, and each opening the records it counts."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RecordIndicator, register, register_section

from .choices import CourseKind, CourseStatus, EnrolmentStatus, ReferralStatus

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

# Employment services (就业服务).
EMPLOYMENT = "employment"
PLACED = Q(status=ReferralStatus.PLACED)
register_section(EMPLOYMENT, _("Employment services"))

register(RecordIndicator(
    "employment_fairs", _("Job fairs held (专场招聘会)"), unit=_("fairs"), section=EMPLOYMENT,
    help=_("Job fairs held in the period."), model="training.JobFair", date_field="held_on",
    list_url_name="training:fair_list"))
register(RecordIndicator(
    "employment_fair_vacancies", _("Vacancies offered at job fairs"), unit=_("vacancies"), section=EMPLOYMENT,
    help=_("The vacancies employers offered at the job fairs held in the period."), model="training.JobFair",
    date_field="held_on", sum_field="vacancies_offered", list_url_name="training:fair_list"))
register(RecordIndicator(
    "employment_referrals", _("People referred to a job (职业介绍)"), unit=_("person-times"), section=EMPLOYMENT,
    help=_("Referrals of job seekers to a job made in the period."), model="training.Referral",
    org_field="seeker__org", date_field="referred_on", list_url_name="training:referral_list"))
register(RecordIndicator(
    "employment_placements", _("People placed in a job"), unit=_("person-times"), section=EMPLOYMENT,
    help=_("Referrals that led to a job, by the day of the placement."), model="training.Referral",
    org_field="seeker__org", date_field="placed_on", where=PLACED, list_url_name="training:referral_list",
    list_params={"status": ReferralStatus.PLACED}))
register(RecordIndicator(
    "employment_placements_migrant", _("Migrant workers placed in a job"), unit=_("person-times"),
    section=EMPLOYMENT, help=_("Placements of job seekers who are migrant workers, in the period."),
    model="training.Referral", org_field="seeker__org", date_field="placed_on",
    where=PLACED & Q(seeker__migrant_worker=True), list_url_name="training:referral_list",
    list_params={"status": ReferralStatus.PLACED, "migrant": "yes"}))
register(RecordIndicator(
    "employment_placements_hardship", _("People in hardship archives placed in a job"), unit=_("person-times"),
    section=EMPLOYMENT, help=_("Placements of job seekers in hardship archives, in the period."),
    model="training.Referral", org_field="seeker__org", date_field="placed_on",
    where=PLACED & Q(seeker__in_hardship=True), list_url_name="training:referral_list",
    list_params={"status": ReferralStatus.PLACED, "hardship": "yes"}))
register(RecordIndicator(
    "employment_trips_home", _("Migrant workers taken home safely (平安返乡)"), unit=_("person-times"),
    section=EMPLOYMENT, help=_("People taken home by the chartered transport of trips in the period."),
    model="training.HomeTrip", date_field="travels_on", sum_field="people", list_url_name="training:trip_list"))

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, MaskedColumn, StatusColumn

from .models import Course, Enrolment, HomeTrip, JobFair, JobSeeker, Referral, Vacancy


class CourseTable(BaseTable):
    number = tables.Column(linkify=True)
    title = tables.Column()
    org = tables.Column(verbose_name=_("organising union"), order_by=("org__path",))
    status = StatusColumn(Course.status_styles)

    class Meta:
        model = Course
        fields = ("number", "title", "kind", "org", "provider", "starts_on", "ends_on", "capacity",
                  "certificate_name", "status")


class EnrolmentTable(BaseTable):
    member = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("member__name",))
    course = tables.Column(order_by=("course__number",))
    status = StatusColumn(Enrolment.status_styles)

    class Meta:
        model = Enrolment
        fields = ("member", "course", "channel", "enrolled_on", "sessions_attended", "status", "completed_on",
                  "certificate_no", "certificate_level")


class JobFairTable(BaseTable):
    title = tables.Column(linkify=True)
    org = tables.Column(verbose_name=_("organising union"), order_by=("org__path",))

    class Meta:
        model = JobFair
        fields = ("title", "held_on", "org", "place", "employers", "vacancies_offered", "visitors")


class VacancyTable(BaseTable):
    title = tables.Column(linkify=True)
    org = tables.Column(order_by=("org__path",))

    class Meta:
        model = Vacancy
        fields = ("title", "employer", "positions", "wage", "place", "org", "fair", "published", "open_until")


class JobSeekerTable(BaseTable):
    name = tables.Column(linkify=True)
    id_number = MaskedColumn("id_number")
    org = tables.Column(order_by=("org__path",))
    status = StatusColumn(JobSeeker.status_styles)

    class Meta:
        model = JobSeeker
        fields = ("name", "id_number", "org", "migrant_worker", "in_hardship", "desired_job", "registered_on",
                  "status")


class ReferralTable(BaseTable):
    seeker = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("seeker__name",))
    status = StatusColumn(Referral.status_styles)

    class Meta:
        model = Referral
        fields = ("seeker", "employer", "job", "referred_on", "status", "placed_on", "follow_up_due",
                  "followed_up_on", "still_employed")


class HomeTripTable(BaseTable):
    route = tables.Column(linkify=True)
    org = tables.Column(verbose_name=_("organising union"), order_by=("org__path",))

    class Meta:
        model = HomeTrip
        fields = ("route", "travels_on", "org", "transport", "vehicles", "people")

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, StatusColumn

from .models import Course, Enrolment


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

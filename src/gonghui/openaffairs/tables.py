import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.tables import BaseTable, DateColumn, StatusColumn, table_for
from gonghui.orgs.models import EmployerUnit

from .choices import POSTING_STYLES, PROBLEM_STYLES
from .models import DisclosureItem, Inspection, OpenAffairsSystem, Posting, Problem


class SystemTable(BaseTable):
    unit = tables.Column(linkify=lambda record: record.get_absolute_url())  # the set-up's page, not the employer's

    class Meta:
        model = OpenAffairsSystem
        fields = ("unit", "org", "kind", "established", "established_on", "leading_group")


ItemTable = table_for(DisclosureItem, ("title", "system", "category", "department", "frequency", "form", "active"))
InspectionTable = table_for(Inspection, ("inspected_on", "system", "inspectors", "summary"))


def _flag(overdue):
    return format_html('<span class="badge text-bg-danger">{}</span>', gettext("Overdue")) if overdue else ""


class EmployerTable(BaseTable):
    """Employers that should have the system, with theirs (or a link to record it)."""

    name = tables.Column(verbose_name=_("employer unit"), linkify=True)
    union = tables.Column(verbose_name=_("covering union"))
    ownership = tables.Column(verbose_name=_("ownership"))
    established = tables.Column(accessor="open_affairs__established", verbose_name=_("system established"),
                                default="")
    established_on = DateColumn(accessor="open_affairs__established_on", verbose_name=_("established on"),
                                       format="Y-m-d", default="")
    system = tables.Column(accessor="pk", verbose_name=_("open-affairs system"), orderable=False)

    class Meta:
        model = EmployerUnit
        fields = ("name", "union", "ownership", "established", "established_on", "system")

    def render_established(self, record, value):
        return gettext("yes") if value else gettext("no")

    def value_established(self, record, value):
        return self.render_established(record, value)

    def render_system(self, record):
        system = getattr(record, "open_affairs", None)
        if system is not None:
            return format_html('<a href="{}">{}</a>', system.get_absolute_url(), system.get_kind_display())
        request = getattr(self, "request", None)
        if request is None or not scope.can(request.user, "change", None):  # a viewer: no link they may not open
            return gettext("Not recorded")
        url = reverse("openaffairs:system_add") + f"?unit={record.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("Record it"))

    def value_system(self, record):
        system = getattr(record, "open_affairs", None)
        return system.get_kind_display() if system is not None else ""


class PostingTable(BaseTable):
    item = tables.Column(linkify=lambda record: record.get_absolute_url())
    employer = tables.Column(accessor="item__system__unit", verbose_name=_("employer unit"),
                             order_by=("item__system__unit__name",))
    period = tables.Column()
    period_end = DateColumn(format="Y-m-d")
    status = StatusColumn(POSTING_STYLES)
    overdue = tables.Column(accessor="pk", verbose_name=_("overdue"), orderable=False)
    posted_on = DateColumn(format="Y-m-d")
    form = tables.Column()
    place = tables.Column()

    class Meta:
        model = Posting
        fields = ("item", "employer", "period", "period_end", "status", "overdue", "posted_on", "form", "place")

    def render_overdue(self, record):
        return _flag(record.is_overdue)

    def value_overdue(self, record):
        return gettext("yes") if record.is_overdue else ""


class ProblemTable(BaseTable):
    description = tables.Column(linkify=lambda record: record.get_absolute_url())
    employer = tables.Column(accessor="inspection__system__unit", verbose_name=_("employer unit"),
                             order_by=("inspection__system__unit__name",))
    item = tables.Column()
    deadline = DateColumn(format="Y-m-d")
    status = StatusColumn(PROBLEM_STYLES)
    overdue = tables.Column(accessor="pk", verbose_name=_("overdue"), orderable=False)
    rectified_on = DateColumn(format="Y-m-d")

    class Meta:
        model = Problem
        fields = ("description", "employer", "item", "deadline", "status", "overdue", "rectified_on")

    def render_overdue(self, record):
        return _flag(record.is_overdue)

    def value_overdue(self, record):
        return gettext("yes") if record.is_overdue else ""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, StatusColumn, table_for
from gonghui.orgs.models import EmployerUnit

from .models import Congress, Delegate, EmployerRule, Motion, Session, Setup, StarRating

SetupTable = table_for(Setup, ("unit", "org", "form", "body", "established_on"))
class CongressTable(BaseTable):
    name = tables.Column(accessor="pk", verbose_name=_("congress"), linkify=lambda record: record.get_absolute_url(),
                         order_by=("title", "org__name"))

    class Meta:
        model = Congress
        fields = ("name", "org", "body", "term", "started_on")

    def render_name(self, record):
        return str(record)

    def value_name(self, record):
        return str(record)

DelegateTable = table_for(Delegate, ("member", "congress", "constituency", "category"))
StarTable = table_for(StarRating, ("congress", "year", "stars", "rated_by", "rated_on"))


class EmployerTable(BaseTable):
    name = tables.Column(linkify=True)
    setup = tables.Column(accessor="congress_setup", verbose_name=_("congress system"), linkify=True,
                          default="—", orderable=False)
    established_on = tables.Column(accessor="congress_setup__established_on", verbose_name=_("set up on"),
                                   default="—")

    class Meta:
        model = EmployerUnit
        fields = ("name", "ownership", "union", "area_org", "setup", "established_on")


class SessionTable(BaseTable):
    name = tables.Column(accessor="pk", verbose_name=_("session"), linkify=lambda record: record.get_absolute_url(),
                         order_by=("congress__term", "number"))
    status = StatusColumn(Session.status_styles)

    class Meta:
        model = Session
        fields = ("name", "kind", "status", "due_on", "held_on", "delegates_total", "delegates_present", "has_quorum",
                  "note")

    def render_name(self, record):
        return str(record)

    def value_name(self, record):
        return str(record)


class MotionTable(BaseTable):
    number = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    status = StatusColumn(Motion.status_styles)
    congress = tables.Column(accessor="congress__org", verbose_name=_("union"))

    class Meta:
        model = Motion
        fields = ("number", "title", "congress", "filer_name", "filed_on", "status", "department", "reply_due",
                  "rating")


class RuleTable(BaseTable):
    title = tables.Column(linkify=True)
    passed = tables.Column(accessor="item", verbose_name=_("congress"), orderable=False, empty_values=())

    class Meta:
        model = EmployerRule
        fields = ("title", "unit", "kind", "adopted_on", "passed")

    def render_passed(self, record):
        if record.is_passed:
            return format_html('<span class="badge text-bg-success">{}</span> {}', _("Passed"), record.item.session)
        return format_html('<span class="badge text-bg-danger">{}</span>', _("Not passed by the congress"))

    def value_passed(self, record):
        return str(_("Passed")) if record.is_passed else str(_("Not passed by the congress"))

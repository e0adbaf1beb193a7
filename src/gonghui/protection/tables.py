import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.tables import BaseTable, StatusColumn

from .models import (
    AccidentInvestigation,
    AnkangAward,
    AnkangEnrolment,
    AnkangRound,
    Finding,
    Inspection,
    RestStation,
    SafetyAgreement,
    SafetyInspector,
)


class InspectionTable(BaseTable):
    unit = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("unit__name",))
    org = tables.Column(verbose_name=_("inspecting union"), order_by=("org__path",))
    status = StatusColumn(Inspection.status_styles)

    class Meta:
        model = Inspection
        fields = ("unit", "kind", "campaign", "inspected_on", "inspectors", "org", "status")


class FindingTable(BaseTable):
    description = tables.Column(linkify=lambda record: record.get_absolute_url())
    unit = tables.Column(order_by=("unit__name",))
    status = StatusColumn(Finding.status_styles)

    class Meta:
        model = Finding
        fields = ("description", "unit", "item", "severity", "found_on", "deadline", "overdue_on", "arrears_workers",
                  "arrears_amount", "amount_recovered", "org", "status")


class AgreementTable(BaseTable):
    unit = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("unit__name",))

    class Meta:
        model = SafetyAgreement
        fields = ("unit", "org", "signed_on", "ends_on", "committee", "one_law_three_cards")


class StationTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = RestStation
        fields = ("name", "address", "services", "opening_hours", "org", "active")


def _round_link(record, table):
    """The round's page, when the reader may open it (a round organised above the reader's scope is no link)."""
    request = getattr(table, "request", None)
    if request is not None and scope.can(request.user, "view", record.round.org):
        return record.round.get_absolute_url()
    return None


class RoundTable(BaseTable):
    title = tables.Column(linkify=lambda record: record.get_absolute_url())
    org = tables.Column(order_by=("org__path",))
    status = StatusColumn(AnkangRound.status_styles)

    class Meta:
        model = AnkangRound
        fields = ("title", "year", "org", "quota_enterprise", "status")


class EnrolmentTable(BaseTable):
    unit = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("unit__name",))
    round = tables.Column(order_by=("round__year", "round__id"))

    class Meta:
        model = AnkangEnrolment
        fields = ("unit", "round", "enrolled_on", "workers", "score", "org")


class AwardTable(BaseTable):
    name = tables.Column()
    round = tables.Column(linkify=lambda record, table: _round_link(record, table), order_by=("round__id",))

    class Meta:
        model = AnkangAward
        fields = ("name", "category", "round", "awarded_on", "org")


class InspectorTable(BaseTable):
    member = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("member__name",))
    org = tables.Column(order_by=("org__path",))

    class Meta:
        model = SafetyInspector
        fields = ("member", "org", "trained_on", "certificate_no", "problems_found", "violations_stopped", "active")


class AccidentTable(BaseTable):
    unit = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("unit__name",))
    status = StatusColumn(AccidentInvestigation.status_styles)

    class Meta:
        model = AccidentInvestigation
        fields = ("unit", "occurred_on", "deaths", "injuries", "org", "status")

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, StatusColumn

from .models import Finding, Inspection, RestStation, SafetyAgreement


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

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, StatusColumn

from .models import CollectiveContract, LabourContractCoverage


class ContractTable(BaseTable):
    number = tables.Column(linkify=True)
    title = tables.Column()
    org = tables.Column(verbose_name=_("filing union"), order_by=("org__path",))
    status = StatusColumn(CollectiveContract.status_styles)

    class Meta:
        model = CollectiveContract
        fields = ("number", "title", "contract_type", "regional", "org", "starts_on", "ends_on", "workers_covered",
                  "wage_rise_pct", "signed_on", "submitted_on", "submitted_late", "effective_on", "status")


class LabourCoverageTable(BaseTable):
    unit = tables.Column(linkify=False, order_by=("unit__name",))
    year = tables.Column(linkify=lambda record: record.get_absolute_url())
    rate = tables.Column(verbose_name=_("signing rate (%)"), orderable=False)

    class Meta:
        model = LabourContractCoverage
        fields = ("unit", "org", "year", "workers", "signed", "rate")

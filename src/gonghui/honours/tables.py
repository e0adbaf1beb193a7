import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, MaskedColumn, StatusColumn

from .models import (
    AllowanceRule,
    CareRound,
    HonourScheme,
    ModelWorker,
    PaymentRun,
    Recommendation,
    SelectionRound,
    SupportRecord,
)


class SchemeTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = HonourScheme
        fields = ("name", "category", "level", "recipient", "cycle_years", "org", "active")


class RoundTable(BaseTable):
    name = tables.Column(linkify=True)
    scheme = tables.Column(order_by=("scheme__name",))
    status = StatusColumn(SelectionRound.status_styles)

    class Meta:
        model = SelectionRound
        fields = ("name", "scheme", "year", "org", "notice_days", "status")


class RecommendationTable(BaseTable):
    nominee = tables.Column(linkify=True)
    round = tables.Column(order_by=("round__name",))
    org = tables.Column(verbose_name=_("recommending union"), order_by=("org__path",))
    status = StatusColumn(Recommendation.status_styles)

    class Meta:
        model = Recommendation
        fields = ("nominee", "employer", "round", "org", "votes_for", "votes_total", "notice_end", "certificate_no",
                  "awarded_on", "status")


class WorkerTable(BaseTable):
    name = tables.Column(linkify=True)
    id_number = MaskedColumn("id_number")
    status = StatusColumn(ModelWorker.status_styles)

    class Meta:
        model = ModelWorker
        fields = ("name", "id_number", "employer", "level", "org", "census_year", "in_hardship", "status")


class RuleTable(BaseTable):
    level = tables.Column(linkify=True)

    class Meta:
        model = AllowanceRule
        fields = ("level", "worker_status", "kind", "amount", "basis", "org")


class RunTable(BaseTable):
    period = tables.Column(linkify=True)
    status = StatusColumn(PaymentRun.status_styles)

    class Meta:
        model = PaymentRun
        fields = ("period", "org", "memo", "people", "total", "paid_on", "status")

    def render_period(self, value):
        return f"{value:%Y-%m}"


class CareRoundTable(BaseTable):
    name = tables.Column(linkify=True)
    status = StatusColumn(CareRound.status_styles)

    class Meta:
        model = CareRound
        fields = ("name", "kind", "year", "place", "starts_on", "ends_on", "org", "places", "signed_up", "attended",
                  "status")


class SupportTable(BaseTable):
    occasion = tables.Column(linkify=True)
    worker = tables.Column(order_by=("worker__name",))

    class Meta:
        model = SupportRecord
        fields = ("given_on", "occasion", "kind", "worker", "beneficiary", "amount", "org")

"""Officials' pages of union funds: funds and their ledger, split ratios, remittances with their payments and
split, and the dashboard of remittances split across three levels."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from gonghui.core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
)

from . import forms, selectors, services
from .filtersets import EntryFilterSet, FundFilterSet, RatioFilterSet, RemittanceFilterSet
from .tables import EntryTable, FundTable, RatioTable, RemittanceTable


class DashboardView(OfficialRequiredMixin, TemplateView):
    template_name = "funds/dashboard.html"

    def get_context_data(self, **kwargs):
        year = self.request.GET.get("year")
        year = int(year) if year and year.isdigit() else None
        return super().get_context_data(title=gettext_lazy("Union funds"), year=year,
                                        summary=selectors.remittance_summary(self.request.user, year), **kwargs)


class FundListView(ObjectListView):
    selector = staticmethod(selectors.funds_for)
    table_class, filterset_class = FundTable, FundFilterSet
    title, export_name = gettext_lazy("Funds"), "funds"


class FundDetailView(ObjectDetailView):
    selector = staticmethod(selectors.funds_for)
    template_name = "funds/fund_detail.html"
    list_url_name = "funds:fund_list"
    fields = ("org", "kind", "account", "balance")

    def get_object_context(self, fund):
        return {"entries": list(fund.entries.select_related("counterpart").order_by("-date", "-id")[:50])}


class FundEntryView(ObjectActionView):
    selector = staticmethod(selectors.funds_for)
    form_class = forms.EntryForm
    title = gettext_lazy("Record income or spending")
    success_message = gettext_lazy("The entry has been booked.")
    service, service_fields = services.record_fund_entry, ("category", "amount", "date", "memo")

    def initial(self, obj):
        return {"date": timezone.localdate()}


class EntryListView(ObjectListView):
    selector = staticmethod(selectors.entries_for)
    table_class, filterset_class = EntryTable, EntryFilterSet
    title, export_name = gettext_lazy("Ledger"), "ledger"


class EntryDetailView(ObjectDetailView):
    selector = staticmethod(selectors.entries_for)
    template_name = "funds/entry_detail.html"
    list_url_name = "funds:entry_list"
    fields = ("org", "fund", "date", "kind", "category", "level", "amount", "balance_after", "counterpart", "memo")


class EntryReverseView(ObjectActionView):
    selector = staticmethod(selectors.entries_for)
    form_class = forms.ReasonForm
    title = gettext_lazy("Reverse the entry")
    message = gettext_lazy("Entries are never edited: a reversing entry of the opposite amount corrects a mistake.")
    danger = True
    success_message = gettext_lazy("The entry has been reversed.")
    service, service_fields = services.reverse_entry, ("reason",)


class RatioListView(ObjectListView):
    selector = staticmethod(selectors.ratios_for)
    table_class, filterset_class = RatioTable, RatioFilterSet
    title, add_url_name, export_name = gettext_lazy("Split ratios"), "funds:ratio_add", "split-ratios"


class RatioDetailView(ObjectDetailView):
    selector = staticmethod(selectors.ratios_for)
    list_url_name, edit_url_name, delete_url_name = "funds:ratio_list", "funds:ratio_edit", "funds:ratio_delete"
    fields = ("org", "year", "grassroots_pct", "parent_pct", "higher_pct", "rounding_to", "basis")


class RatioEditView(ObjectEditView):
    selector = staticmethod(selectors.ratios_for)
    form_class, list_url_name = forms.RatioForm, "funds:ratio_list"
    title_add, title_edit = gettext_lazy("Add a split ratio"), gettext_lazy("Edit the split ratio")


class RatioDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.ratios_for)
    list_url_name = "funds:ratio_list"


class RemittanceListView(ObjectListView):
    selector = staticmethod(selectors.remittances_for)
    table_class, filterset_class = RemittanceTable, RemittanceFilterSet
    title, add_url_name, export_name = gettext_lazy("Remittances"), "funds:remittance_add", "remittances"


class RemittanceDetailView(ObjectDetailView):
    selector = staticmethod(selectors.remittances_for)
    template_name = "funds/remittance_detail.html"
    list_url_name, edit_url_name = "funds:remittance_list", "funds:remittance_edit"

    def get_object_context(self, remittance):
        return {"payments": services.payment_split(remittance)}


class RemittanceEditView(ObjectEditView):
    selector = staticmethod(selectors.remittances_for)
    form_class, list_url_name = forms.RemittanceForm, "funds:remittance_list"
    title_add, title_edit = gettext_lazy("Add a remittance"), gettext_lazy("Edit the remittance")


class PaymentView(ObjectActionView):
    selector = staticmethod(selectors.remittances_for)
    form_class = forms.PaymentForm
    title = gettext_lazy("Record a payment received")
    message = gettext_lazy("The payment is split between the grassroots union and the two levels above and booked "
                           "to each level's union funds.")
    success_message = gettext_lazy("The payment has been recorded and split.")
    service, service_fields = services.record_payment, ("amount", "date", "channel")

    def initial(self, obj):
        return {"date": timezone.localdate(), "amount": obj.arrears or ""}

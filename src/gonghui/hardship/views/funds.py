"""Pages of the assistance fund: the ledger with the balances, an entry, income, allocations and overdrafts."""

from django.http import Http404
from django.utils.translation import gettext_lazy

from gonghui.core.views import ObjectDetailView, ObjectEditView, ObjectListView
from gonghui.orgs.selectors import scope_roots

from .. import forms, selectors
from ..filtersets import EntryFilterSet
from ..tables import EntryTable


class LedgerView(ObjectListView):
    title = gettext_lazy("Assistance fund ledger")
    export_name = "fund-ledger"
    selector = staticmethod(selectors.entries_for)
    filterset_class = EntryFilterSet
    table_class = EntryTable
    add_url_name = "hardship:income_add"
    actions_template = "hardship/partials/ledger_actions.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["balances"] = [(o, selectors.balance_of(o)) for o in scope_roots(self.request.user)[:10]]
        return ctx


class EntryDetailView(ObjectDetailView):
    template_name = "hardship/entry_detail.html"
    selector = staticmethod(selectors.entries_for)


class IncomeEditView(ObjectEditView):
    """Income, allocations and overdrafts are recorded, never edited (corrections are new entries)."""

    selector = staticmethod(selectors.entries_for)
    form_class = forms.IncomeForm
    title_add = gettext_lazy("Record fund income")
    list_url_name = "hardship:ledger"

    def get(self, request, *args, **kwargs):
        if "pk" in kwargs:
            raise Http404
        return super().get(request, *args, **kwargs)


class AllocationEditView(IncomeEditView):
    form_class = forms.AllocationForm
    title_add = gettext_lazy("Allocate funds to a lower union")


class OverdraftEditView(IncomeEditView):
    form_class = forms.OverdraftForm
    title_add = gettext_lazy("Approve an overdraft")

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
    RevealView,
)

from . import bank, books, forms, plans, selectors, services
from .filtersets import (
    ApprovalFilterSet,
    AuditFilterSet,
    AuditPlanFilterSet,
    BankLineFilterSet,
    BudgetFilterSet,
    ClosedYearFilterSet,
    DuesFilterSet,
    EntryFilterSet,
    FundFilterSet,
    RatioFilterSet,
    RefusalFilterSet,
    RemittanceFilterSet,
    RuleFilterSet,
)
from .tables import (
    ApprovalTable,
    AuditPlanTable,
    AuditTable,
    BankLineTable,
    BudgetTable,
    ClosedYearTable,
    DuesTable,
    EntryTable,
    FundTable,
    RatioTable,
    RefusalTable,
    RemittanceTable,
    RuleTable,
)


class DashboardView(OfficialRequiredMixin, TemplateView):
    template_name = "funds/dashboard.html"

    def get_context_data(self, **kwargs):
        year = self.request.GET.get("year")
        year = int(year) if year and year.isdigit() else None
        user = self.request.user
        return super().get_context_data(
            title=gettext_lazy("Union funds"), year=year, summary=selectors.remittance_summary(user, year),
            budget_year=year or timezone.localdate().year,
            execution=selectors.budget_execution(user, year or timezone.localdate().year), **kwargs)


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
    service, service_fields = services.record_fund_entry, ("category", "amount", "date", "memo", "approval",
                                                             "persons")

    def form_kwargs(self, obj):
        return {"fund": obj}

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


class DuesListView(ObjectListView):
    selector = staticmethod(selectors.dues_for)
    table_class, filterset_class = DuesTable, DuesFilterSet
    title, add_url_name, export_name = gettext_lazy("Dues"), "funds:dues_add", "dues"


class DuesDetailView(ObjectDetailView):
    selector = staticmethod(selectors.dues_for)
    list_url_name, edit_url_name = "funds:dues_list", "funds:dues_edit"
    fields = ("member", "org", "month", "basic_wage", "rate", "amount_due", "status", "paid_on", "entry")


class DuesEditView(ObjectEditView):
    selector = staticmethod(selectors.dues_for)
    form_class, list_url_name = forms.DuesForm, "funds:dues_list"
    title_add, title_edit = gettext_lazy("Record a member's dues"), gettext_lazy("Edit the dues")


class DuesPayView(ObjectActionView):
    selector = staticmethod(selectors.dues_for)
    transition = "pay"
    form_class = forms.DatePaidForm
    title = gettext_lazy("Record the dues paid")
    message = gettext_lazy("The dues are booked to the union's dues fund.")
    success_message = gettext_lazy("The dues have been recorded as paid.")
    service, service_fields = services.pay_dues, ("date",)

    def initial(self, obj):
        return {"date": timezone.localdate()}


class BudgetListView(ObjectListView):
    selector = staticmethod(selectors.budgets_for)
    table_class, filterset_class = BudgetTable, BudgetFilterSet
    title, add_url_name, export_name = gettext_lazy("Budgets"), "funds:budget_add", "budgets"


class BudgetDetailView(ObjectDetailView):
    selector = staticmethod(selectors.budgets_for)
    list_url_name, edit_url_name = "funds:budget_list", "funds:budget_edit"
    fields = ("org", "year", "fund_kind", "category", "amount", (gettext_lazy("spent"), "spent"), "status",
              "decision", "note")


class BudgetEditView(ObjectEditView):
    selector = staticmethod(selectors.budgets_for)
    form_class, list_url_name = forms.BudgetForm, "funds:budget_list"
    title_add, title_edit = gettext_lazy("Add a budget line"), gettext_lazy("Edit the budget line")


class BudgetApproveView(ObjectActionView):
    selector = staticmethod(selectors.budgets_for)
    transition = "approve"
    form_class = forms.DecisionForm
    title = gettext_lazy("Record the committee's approval")
    message = gettext_lazy("Once approved, spending of this fund and category in the year is checked against the "
                           "line.")
    success_message = gettext_lazy("The budget line has been approved.")
    service, service_fields = services.approve_budget, ("decision",)


class BudgetCloseView(ObjectActionView):
    selector = staticmethod(selectors.budgets_for)
    transition = "close"
    form_class = forms.DecisionForm
    title = gettext_lazy("Approve the final accounts")
    message = gettext_lazy("The final accounts close the union's year: nothing more is booked in it.")
    danger = True
    success_message = gettext_lazy("The final accounts have been approved.")
    service, service_fields = services.close_budget, ("decision",)


class ClosedYearListView(ObjectListView):
    selector = staticmethod(selectors.closed_years_for)
    table_class, filterset_class = ClosedYearTable, ClosedYearFilterSet
    title, add_url_name, export_name = gettext_lazy("Closed financial years"), "funds:closedyear_add", "closed-years"


class ClosedYearDetailView(ObjectDetailView):
    selector = staticmethod(selectors.closed_years_for)
    list_url_name = "funds:closedyear_list"
    fields = ("org", "year", "note", "recorded_by", "created_at")


class ClosedYearAddView(ObjectEditView):
    selector = staticmethod(selectors.closed_years_for)
    form_class, list_url_name = forms.ClosedYearForm, "funds:closedyear_list"
    title_add = gettext_lazy("Close a financial year")


class RuleListView(ObjectListView):
    selector = staticmethod(selectors.rules_for)
    table_class, filterset_class = RuleTable, RuleFilterSet
    title, add_url_name, export_name = gettext_lazy("Spending rules"), "funds:rule_add", "spending-rules"


class RuleDetailView(ObjectDetailView):
    selector = staticmethod(selectors.rules_for)
    list_url_name, edit_url_name = "funds:rule_list", "funds:rule_edit"
    fields = ("org", "name", "kind", "category", "amount", "basis", "active")


class RuleEditView(ObjectEditView):
    selector = staticmethod(selectors.rules_for)
    form_class, list_url_name = forms.RuleForm, "funds:rule_list"
    title_add, title_edit = gettext_lazy("Add a spending rule"), gettext_lazy("Edit the spending rule")


class ApprovalListView(ObjectListView):
    selector = staticmethod(selectors.approvals_for)
    table_class, filterset_class = ApprovalTable, ApprovalFilterSet
    title, add_url_name, export_name = (gettext_lazy("Collective approvals"), "funds:approval_add",
                                        "collective-approvals")


class ApprovalDetailView(ObjectDetailView):
    selector = staticmethod(selectors.approvals_for)
    list_url_name, edit_url_name = "funds:approval_list", "funds:approval_edit"
    fields = ("org", "subject", "meeting", "meeting_date", "members_total", "members_present", "votes_for",
              "votes_against", (gettext_lazy("passed"), "passed"), "amount", "entry")


class ApprovalEditView(ObjectEditView):
    selector = staticmethod(selectors.approvals_for)
    form_class, list_url_name = forms.ApprovalForm, "funds:approval_list"
    title_add, title_edit = gettext_lazy("Record a collective approval"), gettext_lazy("Edit the approval")


class AuditListView(ObjectListView):
    selector = staticmethod(selectors.audits_for)
    table_class, filterset_class = AuditTable, AuditFilterSet
    title, add_url_name, export_name = gettext_lazy("Funds audits"), "funds:audit_add", "funds-audits"


class AuditDetailView(ObjectDetailView):
    selector = staticmethod(selectors.audits_for)
    template_name = "funds/audit_detail.html"
    list_url_name, edit_url_name = "funds:audit_list", "funds:audit_edit"
    fields = ("org", "year", "title", "auditors", "started_on", "status", "conclusion", "closed_on")

    def get_object_context(self, fund_audit):
        return {"findings": list(fund_audit.findings.all())}


class AuditEditView(ObjectEditView):
    selector = staticmethod(selectors.audits_for)
    form_class, list_url_name = forms.AuditForm, "funds:audit_list"
    title_add, title_edit = gettext_lazy("Start a funds audit"), gettext_lazy("Edit the audit")


class AuditFindingView(ObjectActionView):
    selector = staticmethod(selectors.audits_for)
    transition = "finding"
    form_class = forms.FindingForm
    title = gettext_lazy("Record a finding")
    success_message = gettext_lazy("The finding has been recorded.")
    service, service_fields = services.add_finding, ("text", "deadline")


class AuditRectifyView(ObjectActionView):
    selector = staticmethod(selectors.audits_for)
    transition = "rectify"
    form_class = forms.RectifyForm
    title = gettext_lazy("Record a rectification")
    success_message = gettext_lazy("The rectification has been recorded.")
    service, service_fields = services.rectify_finding, ("finding", "rectification", "date")

    def form_kwargs(self, obj):
        return {"audit": obj}

    def initial(self, obj):
        return {"date": timezone.localdate()}


class AuditCloseView(ObjectActionView):
    selector = staticmethod(selectors.audits_for)
    transition = "close"
    form_class = forms.ConclusionForm
    title = gettext_lazy("Close the audit")
    message = gettext_lazy("An audit closes once every finding is rectified.")
    success_message = gettext_lazy("The audit has been closed.")
    service, service_fields = services.close_audit, ("conclusion",)


class PlanListView(ObjectListView):
    selector = staticmethod(selectors.plans_for)
    table_class, filterset_class = AuditPlanTable, AuditPlanFilterSet
    title, add_url_name, export_name = gettext_lazy("Audit plans"), "funds:plan_add", "audit-plans"


class PlanDetailView(ObjectDetailView):
    selector = staticmethod(selectors.plans_for)
    template_name = "funds/plan_detail.html"
    list_url_name, edit_url_name = "funds:plan_list", "funds:plan_edit"
    fields = ("org", "year", "title", "auditors", "started_on", "note")

    def get_object_context(self, plan):
        done, planned = plans.progress(plan)
        return {"audits": list(plan.audits.select_related("org").order_by("org__path")), "done": done,
                "planned": planned}


class PlanEditView(ObjectEditView):
    selector = staticmethod(selectors.plans_for)
    form_class, list_url_name = forms.AuditPlanForm, "funds:plan_list"
    title_add, title_edit = gettext_lazy("Add an audit plan"), gettext_lazy("Edit the audit plan")


class PlanUnionsView(ObjectActionView):
    selector = staticmethod(selectors.plans_for)
    form_class = forms.PlanUnionsForm
    title = gettext_lazy("Add unions to the plan")
    message = gettext_lazy("One audit is opened per union; a union already planned for the year is left as it is.")
    success_message = gettext_lazy("The audits have been opened.")
    service, service_fields = plans.add_unions, ("unions", "within")

    def form_kwargs(self, obj):
        return {"plan": obj, "user": self.request.user}


class BankLineListView(ObjectListView):
    selector = staticmethod(selectors.banklines_for)
    table_class, filterset_class = BankLineTable, BankLineFilterSet
    title, export_name = gettext_lazy("Bank statement lines"), "bank-lines"


class BankLineDetailView(ObjectDetailView):
    selector = staticmethod(selectors.banklines_for)
    template_name = "funds/bankline_detail.html"
    list_url_name = "funds:bankline_list"
    fields = ("org", "date", "amount", "payer_name", "payer_account", "reference", "status", "matched_by",
              "remittance", "payment")


class BankLineRevealView(RevealView):
    """The payer's account in clear (reveal_pii; audited)."""

    selector = staticmethod(selectors.banklines_for)
    element_id = "payer-account"


class BankLineMatchView(ObjectActionView):
    selector = staticmethod(selectors.banklines_for)
    transition = "match"
    form_class = forms.BankMatchForm
    title = gettext_lazy("Match the line to a remittance")
    success_message = gettext_lazy("The line is matched and the payment recorded.")
    service, service_fields = bank.match_line, ("remittance",)

    def form_kwargs(self, obj):
        return {"line": obj, "user": self.request.user}


class RefusalListView(ObjectListView):
    selector = staticmethod(selectors.refusals_for)
    table_class, filterset_class = RefusalTable, RefusalFilterSet
    title, export_name = gettext_lazy("Spending refused above caps"), "spending-refused"


class RefusalDetailView(ObjectDetailView):
    selector = staticmethod(selectors.refusals_for)
    list_url_name = "funds:refusal_list"
    fields = ("org", "rule", "date", "fund_kind", "category", "amount", "persons", "cap", "memo", "recorded_by",
              "created_at")


class BooksExportView(OfficialRequiredMixin, TemplateView):
    """A union's books for a year (``?within=<union code>&year=2025``) as Excel for the auditors; without them,
    the page that asks for them."""

    template_name = "funds/books.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("within") and request.GET.get("year"):
            return books.books_response(request.user, request.GET["within"], request.GET["year"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        own = getattr(self.request.user, "home_org", None)
        return super().get_context_data(title=gettext_lazy("Books for the auditors"),
                                        within=getattr(own, "code", ""), year=timezone.localdate().year, **kwargs)

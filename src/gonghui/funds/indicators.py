"""The figures of union funds on the statistics dashboard: remittance due and received over the union's subtree
(each opening its remittances)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RecordIndicator, register, register_section

SECTION = "funds"
register_section(SECTION, _("Union funds"))

register(RecordIndicator(
    "funds_remittance_due", _("Union funds due"), unit=_("yuan"), section=SECTION,
    model="funds.Remittance", org_field="org", date_field=None, sum_field="amount_due",
    list_url_name="funds:remittance_list"))
register(RecordIndicator(
    "funds_remittance_received", _("Union funds received"), unit=_("yuan"), section=SECTION,
    model="funds.Remittance", org_field="org", date_field=None, sum_field="received",
    list_url_name="funds:remittance_list"))
register(RecordIndicator(
    "funds_dues_due", _("Members' dues due"), unit=_("yuan"), section=SECTION,
    model="funds.DuesRecord", org_field="org", date_field="month", sum_field="amount_due",
    list_url_name="funds:dues_list"))
register(RecordIndicator(
    "funds_dues_collected", _("Members' dues collected"), unit=_("yuan"), section=SECTION,
    model="funds.DuesRecord", org_field="org", date_field="month", sum_field="amount_due", where=Q(status="paid"),
    list_url_name="funds:dues_list", list_params={"status": "paid"}))
register(RecordIndicator(
    "funds_dues_arrears", _("Members' dues in arrears"), unit=_("yuan"), section=SECTION,
    model="funds.DuesRecord", org_field="org", date_field="month", sum_field="amount_due", where=Q(status="due"),
    list_url_name="funds:dues_list", list_params={"status": "due"}))
register(RecordIndicator(
    "funds_budget_approved", _("Budgets approved"), unit=_("yuan"), section=SECTION,
    model="funds.BudgetLine", org_field="org", date_field=None, sum_field="amount",
    where=Q(status__in=("approved", "closed")), list_url_name="funds:budget_list", list_params={"approved": "yes"}))
register(RecordIndicator(
    "funds_audits_closed", _("Funds audits closed"), unit=_("audits"), section=SECTION,
    model="funds.FundAudit", org_field="org", date_field=None, where=Q(status="closed"),
    list_url_name="funds:audit_list", list_params={"status": "closed"}))
register(RecordIndicator(
    "funds_audits_rectifying", _("Funds audits with findings being rectified"), unit=_("audits"), section=SECTION,
    model="funds.FundAudit", org_field="org", date_field=None, where=Q(status="rectifying"),
    list_url_name="funds:audit_list", list_params={"status": "rectifying"}))
register(RecordIndicator(
    "funds_refused_above_caps", _("Spending refused above caps"), unit=_("times"), section=SECTION,
    model="funds.SpendingRefusal", org_field="org", date_field="date", list_url_name="funds:refusal_list"))
register(RecordIndicator(
    "funds_refused_above_caps_amount", _("Amount of spending refused above caps"), unit=_("yuan"), section=SECTION,
    model="funds.SpendingRefusal", org_field="org", date_field="date", sum_field="amount",
    list_url_name="funds:refusal_list"))
register(RecordIndicator(
    "funds_preparatory_held", _("Preparatory funds held"), unit=_("yuan"), section=SECTION,
    model="funds.LedgerEntry", org_field="org", date_field=None, sum_field="amount",
    where=Q(fund__kind="preparatory"), list_url_name="funds:entry_list",
    list_params={"fund__kind": "preparatory"}))

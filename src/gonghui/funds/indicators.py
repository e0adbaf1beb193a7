"""The figures of union funds on the statistics dashboard: remittance due and received over the union's subtree
(each opening its remittances)."""

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

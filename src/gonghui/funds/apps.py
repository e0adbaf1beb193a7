from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem


class FundsConfig(AreaConfig):
    name = "gonghui.funds"
    verbose_name = _("Union funds")
    url_prefix = "funds/"
    nav = (NavItem(_("Funds overview"), "funds:dashboard", order=10, menu="funds"),
           NavItem(_("Remittances"), "funds:remittance_list", order=20, menu="funds"),
           NavItem(_("Funds"), "funds:fund_list", order=30, menu="funds"),
           NavItem(_("Ledger"), "funds:entry_list", order=40, menu="funds"),
           NavItem(_("Split ratios"), "funds:ratio_list", order=50, menu="funds"),
           NavItem(_("Dues"), "funds:dues_list", order=60, menu="funds"),
           NavItem(_("Budgets"), "funds:budget_list", order=70, menu="funds"),
           NavItem(_("Closed financial years"), "funds:closedyear_list", order=75, menu="funds"),
           NavItem(_("Spending rules"), "funds:rule_list", order=80, menu="funds"),
           NavItem(_("Collective approvals"), "funds:approval_list", order=90, menu="funds"),
           NavItem(_("Funds audits"), "funds:audit_list", order=100, menu="funds"),
           NavItem(_("Audit plans"), "funds:plan_list", order=105, menu="funds"),
           NavItem(_("Bank statement lines"), "funds:bankline_list", order=110, menu="funds"),
           NavItem(_("Spending refused above caps"), "funds:refusal_list", order=120, menu="funds"))
    api_routes = (("union-funds", "gonghui.funds.api.views.FundViewSet"),
                  ("fund-ledger", "gonghui.funds.api.views.EntryViewSet"),
                  ("remittance-split-ratios", "gonghui.funds.api.views.RatioViewSet"),
                  ("remittances", "gonghui.funds.api.views.RemittanceViewSet"),
                  ("union-dues", "gonghui.funds.api.views.DuesViewSet"),
                  ("fund-budgets", "gonghui.funds.api.views.BudgetViewSet"),
                  ("closed-financial-years", "gonghui.funds.api.views.ClosedYearViewSet"),
                  ("spending-rules", "gonghui.funds.api.views.RuleViewSet"),
                  ("collective-approvals", "gonghui.funds.api.views.ApprovalViewSet"),
                  ("fund-audits", "gonghui.funds.api.views.AuditViewSet"),
                  ("fund-audit-plans", "gonghui.funds.api.views.AuditPlanViewSet"),
                  ("bank-statement-lines", "gonghui.funds.api.views.BankLineViewSet"),
                  ("spending-refusals", "gonghui.funds.api.views.RefusalViewSet"))
    import_kinds = (ImportKind("funds_dues", _("Members' dues"), "gonghui.funds.importers.DuesImporter"),
                    ImportKind("funds_remittances", _("Payroll bases and remittance payments"),
                               "gonghui.funds.importers.RemittanceImporter"),
                    ImportKind("funds_bank_statement", _("Bank statement (CSV)"),
                               "gonghui.funds.importers.BankStatementImporter"))

    def ready(self):
        super().ready()
        from gonghui.orgs.hooks import employer_covered

        from .hardship_sync import on_hardship_entry
        from .preparatory import on_employer_covered

        employer_covered.connect(on_employer_covered)  # 筹备金 released to the union founded at the employer

        # The hardship ledger is one fund of this area: each new line is mirrored (a lazy sender: no import).
        post_save.connect(on_hardship_entry, sender="hardship.FundLedgerEntry", dispatch_uid="funds_hardship_mirror")

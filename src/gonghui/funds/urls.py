from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "funds"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("books/", views.BooksExportView.as_view(), name="books"),
    *object_urls("fund", "accounts/", list=views.FundListView, detail=views.FundDetailView,
                 actions={"record": views.FundEntryView}),
    *object_urls("entry", "ledger/", list=views.EntryListView, detail=views.EntryDetailView,
                 actions={"reverse": views.EntryReverseView}),
    *object_urls("ratio", "ratios/", list=views.RatioListView, detail=views.RatioDetailView,
                 edit=views.RatioEditView, delete=views.RatioDeleteView),
    *object_urls("remittance", "remittances/", list=views.RemittanceListView, detail=views.RemittanceDetailView,
                 edit=views.RemittanceEditView, actions={"pay": views.PaymentView}),
    *object_urls("dues", "dues/", list=views.DuesListView, detail=views.DuesDetailView, edit=views.DuesEditView,
                 actions={"pay": views.DuesPayView}),
    *object_urls("budget", "budgets/", list=views.BudgetListView, detail=views.BudgetDetailView,
                 edit=views.BudgetEditView, actions={"approve": views.BudgetApproveView,
                                                     "close": views.BudgetCloseView}),
    *object_urls("closedyear", "closed-years/", list=views.ClosedYearListView, detail=views.ClosedYearDetailView,
                 add=views.ClosedYearAddView),
    *object_urls("rule", "rules/", list=views.RuleListView, detail=views.RuleDetailView, edit=views.RuleEditView),
    *object_urls("approval", "approvals/", list=views.ApprovalListView, detail=views.ApprovalDetailView,
                 edit=views.ApprovalEditView),
    *object_urls("audit", "audits/", list=views.AuditListView, detail=views.AuditDetailView,
                 edit=views.AuditEditView, actions={"finding": views.AuditFindingView,
                                                    "rectify": views.AuditRectifyView,
                                                    "close": views.AuditCloseView}),
    *object_urls("plan", "audit-plans/", list=views.PlanListView, detail=views.PlanDetailView,
                 edit=views.PlanEditView, actions={"unions": views.PlanUnionsView}),
    *object_urls("bankline", "bank-lines/", list=views.BankLineListView, detail=views.BankLineDetailView,
                 actions={"match": views.BankLineMatchView, "reveal": views.BankLineRevealView}),
    *object_urls("refusal", "refused/", list=views.RefusalListView, detail=views.RefusalDetailView),
]

from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "funds"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    *object_urls("fund", "accounts/", list=views.FundListView, detail=views.FundDetailView,
                 actions={"record": views.FundEntryView}),
    *object_urls("entry", "ledger/", list=views.EntryListView, detail=views.EntryDetailView,
                 actions={"reverse": views.EntryReverseView}),
    *object_urls("ratio", "ratios/", list=views.RatioListView, detail=views.RatioDetailView,
                 edit=views.RatioEditView, delete=views.RatioDeleteView),
    *object_urls("remittance", "remittances/", list=views.RemittanceListView, detail=views.RemittanceDetailView,
                 edit=views.RemittanceEditView, actions={"pay": views.PaymentView}),
]

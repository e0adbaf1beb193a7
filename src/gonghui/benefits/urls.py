from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "benefits"
urlpatterns = [
    path("cards/bank-roster/", views.CardRosterExportView.as_view(), name="card_roster_export"),
    *object_urls("card", "cards/", list=views.CardListView, detail=views.CardDetailView, edit=views.CardEditView,
                 actions={"deliver": views.CardDeliverView, "activate": views.CardActivateView,
                          "cancel": views.CardCancelView}),
    *object_urls("merchant", "merchants/", list=views.MerchantListView, detail=views.MerchantDetailView,
                 edit=views.MerchantEditView, delete=views.MerchantDeleteView,
                 actions={"contract": views.MerchantContractView, "follow_up": views.MerchantFollowUpView}),
    path("merchants/<int:pk>/contract/<int:file>/", views.MerchantContractDownloadView.as_view(),
         name="merchant_contract_download"),
    path("insurance/claims/<int:pk>/documents/<int:file>/", views.InsuranceClaimDocumentDownloadView.as_view(),
         name="iclaim_document_download"),
    *object_urls("round", "aid/rounds/", list=views.RoundListView, detail=views.RoundDetailView,
                 edit=views.RoundEditView,
                 actions={"rate": views.RoundRateView, "enrol": views.RoundEnrolView, "close": views.RoundCloseView}),
    *object_urls("claim", "aid/claims/", list=views.ClaimListView, detail=views.ClaimDetailView,
                 edit=views.ClaimEditView,
                 actions={"approve": views.ClaimApproveView, "reject": views.ClaimRejectView,
                          "pay": views.ClaimPayView}),
    *object_urls("plan", "insurance/", list=views.PlanListView, detail=views.PlanDetailView, edit=views.PlanEditView,
                 actions={"enrol": views.PlanEnrolView, "close": views.PlanCloseView}),
    path("insurance/<int:pk>/insured.csv", views.PlanInsuredExportView.as_view(), name="plan_insured_export"),
    *object_urls("iclaim", "insurance/claims/", list=views.InsuranceClaimListView,
                 detail=views.InsuranceClaimDetailView, edit=views.InsuranceClaimEditView,
                 actions={"pay": views.InsuranceClaimPayView, "decline": views.InsuranceClaimDeclineView}),
    *object_urls("loan", "loans/", list=views.LoanListView, detail=views.LoanDetailView, edit=views.LoanEditView,
                 actions={"approve": views.LoanApproveView, "reject": views.LoanRejectView,
                          "disburse": views.LoanDisburseView, "repay": views.LoanRepayView,
                          "default": views.LoanDefaultView}),
    *object_urls("quota", "loans/quotas/", list=views.QuotaListView, detail=views.QuotaDetailView,
                 edit=views.QuotaEditView),
]

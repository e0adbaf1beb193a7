from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "appraisals"

urlpatterns = [
    *object_urls("scheme", "schemes/", list=views.SchemeListView, detail=views.SchemeDetailView,
                 edit=views.SchemeEditView,
                 actions={"publish": views.SchemePublishView, "retire": views.SchemeRetireView}),
    path("schemes/<int:pk>/ranking/", views.RankingView.as_view(), name="scheme_ranking"),
    *object_urls("criterion", "criteria/", edit=views.CriterionEditView, delete=views.CriterionDeleteView),
    *object_urls("appraisal", "", list=views.AppraisalListView, detail=views.AppraisalDetailView,
                 edit=views.AppraisalEditView,
                 actions={"self_check": views.AppraisalSelfCheckView, "evidence": views.AppraisalEvidenceView,
                          "apply": views.AppraisalApplyView,
                          "inspect": views.AppraisalInspectView, "accept": views.AppraisalAcceptView,
                          "send_back": views.AppraisalSendBackView, "award": views.AppraisalAwardView,
                          "recheck": views.AppraisalRecheckView, "revoke": views.AppraisalRevokeView}),
    path("<int:pk>/score-sheet/", views.ScoreSheetExportView.as_view(), name="appraisal_score_sheet"),
    path("<int:pk>/evidence/<int:file>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("<int:pk>/evidence/<int:file>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path("assessments/start/", views.AssessmentStartView.as_view(), name="assessment_start"),
    path("member-ratings/", views.RatingListView.as_view(), name="rating_list"),
    *object_urls("round", "ratings/", list=views.RoundListView, detail=views.RoundDetailView,
                 edit=views.RoundEditView, actions={"close": views.RoundCloseView}),
]

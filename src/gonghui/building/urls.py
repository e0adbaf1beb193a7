from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "building"

urlpatterns = [
    path("census/", views.CensusView.as_view(), name="census"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    *object_urls("cadre", "cadres/", list=views.CadreListView, detail=views.CadreDetailView,
                 edit=views.CadreEditView, delete=views.CadreDeleteView),
    *object_urls("term", "terms/", list=views.TermListView, detail=views.TermDetailView,
                 edit=views.TermEditView),
    *object_urls("election", "elections/", list=views.ElectionListView, detail=views.ElectionDetailView,
                 edit=views.ElectionEditView,
                 actions={"add_candidate": views.CandidateAddView, "submit": views.ElectionSubmitView,
                          "approve_candidates": views.ElectionApproveCandidatesView,
                          "return": views.ElectionReturnView, "hold": views.ElectionHoldView,
                          "confirm": views.ElectionConfirmView}),
    path("candidates/<int:pk>/remove/", views.CandidateRemoveView.as_view(), name="candidate_remove"),
    *object_urls("approval", "approvals/", list=views.ApprovalListView, detail=views.ApprovalDetailView,
                 edit=views.ApprovalEditView,
                 actions={"approve": views.ApprovalApproveView, "reject": views.ApprovalRejectView}),
    *object_urls("document", "archive/", list=views.DocumentListView, detail=views.DocumentDetailView,
                 edit=views.DocumentEditView, delete=views.DocumentDeleteView),
    path("archive/<int:pk>/file/", views.DocumentDownloadView.as_view(), name="document_file"),
]

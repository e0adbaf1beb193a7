from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "protection"
urlpatterns = [
    *object_urls("agreement", "agreements/", list=views.AgreementListView, detail=views.AgreementDetailView,
                 edit=views.AgreementEditView, delete=views.AgreementDeleteView),
    *object_urls("station", "stations/", list=views.StationListView, detail=views.StationDetailView,
                 edit=views.StationEditView, delete=views.StationDeleteView),
    *object_urls("finding", "hazards/", list=views.FindingListView, detail=views.FindingDetailView,
                 edit=views.FindingEditView, delete=views.FindingDeleteView,
                 actions={"respond": views.RespondView, "fix": views.FixView, "refix": views.RefixView,
                          "open_case": views.OpenCaseView, "recover": views.RecoverView, "photo": views.PhotoView}),
    path("hazards/<int:pk>/photos/<int:file>/", views.PhotoDownloadView.as_view(), name="finding_photo_download"),
    *object_urls("round", "ankang/", list=views.RoundListView, detail=views.RoundDetailView,
                 edit=views.RoundEditView, delete=views.RoundDeleteView,
                 actions={"close": views.RoundCloseView, "award": views.AwardView}),
    *object_urls("enrolment", "ankang/enrolments/", list=views.EnrolmentListView,
                 detail=views.EnrolmentDetailView, edit=views.EnrolmentEditView, delete=views.EnrolmentDeleteView,
                 actions={"score": views.ScoreView}),
    path("ankang/awards/", views.AwardListView.as_view(), name="award_list"),
    *object_urls("inspector", "inspectors/", list=views.InspectorListView, detail=views.InspectorDetailView,
                 edit=views.InspectorEditView, delete=views.InspectorDeleteView, actions={"report": views.ReportView}),
    *object_urls("accident", "accidents/", list=views.AccidentListView, detail=views.AccidentDetailView,
                 edit=views.AccidentEditView, delete=views.AccidentDeleteView,
                 actions={"close": views.AccidentCloseView}),
    *object_urls("inspection", list=views.InspectionListView, detail=views.InspectionDetailView,
                 edit=views.InspectionEditView, delete=views.InspectionDeleteView,
                 actions={"close": views.InspectionCloseView}),
]

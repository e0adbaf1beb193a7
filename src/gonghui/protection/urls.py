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
                          "open_case": views.OpenCaseView, "recover": views.RecoverView}),
    *object_urls("inspection", list=views.InspectionListView, detail=views.InspectionDetailView,
                 edit=views.InspectionEditView, delete=views.InspectionDeleteView,
                 actions={"close": views.InspectionCloseView}),
]

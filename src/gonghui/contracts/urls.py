from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "contracts"
urlpatterns = [
    path("restructured/", views.MoveCoverageView.as_view(), name="move_coverage"),
    *object_urls("coverage", "labour/", list=views.LabourCoverageListView, detail=views.LabourCoverageDetailView,
                 edit=views.LabourCoverageEditView),
    *object_urls("contract", list=views.ContractListView, detail=views.ContractDetailView,
                 edit=views.ContractEditView,
                 actions={"sign": views.SignView, "submit": views.SubmitView, "object": views.ObjectionView,
                          "redraft": views.RedraftView, "publish": views.PublishView, "check": views.CheckView,
                          "document": views.DocumentView, "terminate": views.TerminateView}),
    path("<int:pk>/files/<int:file>/", views.DocumentDownloadView.as_view(), name="contract_download"),
]

from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "openaffairs"
urlpatterns = [
    path("", views.EmployerListView.as_view(), name="employer_list"),
    *object_urls("system", "systems/", list=views.SystemListView, detail=views.SystemDetailView,
                 edit=views.SystemEditView, delete=views.SystemDeleteView),
    path("systems/<int:pk>/document/", views.SystemDownloadView.as_view(), name="system_document"),
    *object_urls("item", "items/", list=views.ItemListView, detail=views.ItemDetailView, edit=views.ItemEditView,
                 delete=views.ItemDeleteView),
    path("items/<int:pk>/post/", views.ItemPostView.as_view(), name="item_post"),
    path("postings/", views.PostingListView.as_view(), name="posting_list"),
    path("postings/<int:pk>/", views.PostingDetailView.as_view(), name="posting_detail"),
    path("postings/<int:pk>/post/", views.PostingPostView.as_view(), name="posting_post"),
    path("postings/<int:pk>/evidence/", views.PostingDownloadView.as_view(), name="posting_evidence"),
    *object_urls("inspection", "inspections/", list=views.InspectionListView, detail=views.InspectionDetailView,
                 edit=views.InspectionEditView, delete=views.InspectionDeleteView),
    path("inspections/<int:pk>/add-problem/", views.ProblemAddView.as_view(), name="inspection_add_problem"),
    path("problems/", views.ProblemListView.as_view(), name="problem_list"),
    path("problems/<int:pk>/", views.ProblemDetailView.as_view(), name="problem_detail"),
    path("problems/<int:pk>/edit/", views.ProblemEditView.as_view(), name="problem_edit"),
    path("problems/<int:pk>/delete/", views.ProblemDeleteView.as_view(), name="problem_delete"),
    path("problems/<int:pk>/rectify/", views.ProblemRectifyView.as_view(), name="problem_rectify"),
    path("problems/<int:pk>/verify/", views.ProblemVerifyView.as_view(), name="problem_verify"),
    path("problems/<int:pk>/reopen/", views.ProblemReopenView.as_view(), name="problem_reopen"),
]

from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("", views.TargetListView.as_view(), name="target_list"),
    path("add/", views.TargetEditView.as_view(), name="target_add"),
    path("grid/", views.TargetGridView.as_view(), name="target_grid"),
    path("progress/", views.ProgressView.as_view(), name="progress"),
    path("<id:pk>/", views.TargetDetailView.as_view(), name="target_detail"),
    path("<id:pk>/edit/", views.TargetEditView.as_view(), name="target_edit"),
    path("<id:pk>/delete/", views.TargetDeleteView.as_view(), name="target_delete"),
    path("letters/", views.LetterListView.as_view(), name="letter_list"),
    path("letters/add/", views.LetterEditView.as_view(), name="letter_add"),
    path("letters/<id:pk>/", views.LetterDetailView.as_view(), name="letter_detail"),
    path("letters/<id:pk>/edit/", views.LetterEditView.as_view(), name="letter_edit"),
    path("letters/<id:pk>/delete/", views.LetterDeleteView.as_view(), name="letter_delete"),
    path("letters/<id:pk>/download/", views.LetterDownloadView.as_view(), name="letter_download"),
]

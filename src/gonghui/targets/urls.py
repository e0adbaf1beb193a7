from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("", views.TargetListView.as_view(), name="target_list"),
    path("add/", views.TargetEditView.as_view(), name="target_add"),
    path("grid/", views.TargetGridView.as_view(), name="target_grid"),
    path("progress/", views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/", views.TargetDetailView.as_view(), name="target_detail"),
    path("<int:pk>/edit/", views.TargetEditView.as_view(), name="target_edit"),
    path("<int:pk>/delete/", views.TargetDeleteView.as_view(), name="target_delete"),
    path("letters/", views.LetterListView.as_view(), name="letter_list"),
    path("letters/add/", views.LetterEditView.as_view(), name="letter_add"),
    path("letters/<int:pk>/", views.LetterDetailView.as_view(), name="letter_detail"),
    path("letters/<int:pk>/edit/", views.LetterEditView.as_view(), name="letter_edit"),
    path("letters/<int:pk>/delete/", views.LetterDeleteView.as_view(), name="letter_delete"),
    path("letters/<int:pk>/download/", views.LetterDownloadView.as_view(), name="letter_download"),
]

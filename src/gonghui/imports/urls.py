from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.ImportJobListView.as_view(), name="job_list"),
    path("new/", views.ImportJobNewView.as_view(), name="job_new"),
    path("template/", views.ImportTemplateView.as_view(), name="template"),
    path("<int:pk>/", views.ImportJobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/start/", views.ImportJobStartView.as_view(), name="job_start"),
    path("<int:pk>/cancel/", views.ImportJobCancelView.as_view(), name="job_cancel"),
    path("<int:pk>/errors.xlsx", views.ImportJobErrorsView.as_view(), name="job_errors"),
]

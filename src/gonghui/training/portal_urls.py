from django.urls import path

from . import portal_views

app_name = "training_portal"

# Pages of this area in the member portal (mounted under /portal/training/).
urlpatterns = [
    path("", portal_views.TrainingView.as_view(), name="home"),
    path("jobs/", portal_views.JobsView.as_view(), name="jobs"),
]

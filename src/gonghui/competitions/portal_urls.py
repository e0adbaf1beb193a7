from django.urls import path

from . import portal_views

app_name = "competitions_portal"

# Pages of this area in the member portal (mounted under /portal/competitions/).
urlpatterns = [
    path("", portal_views.ProposalsView.as_view(), name="home"),
]

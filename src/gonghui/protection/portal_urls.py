from django.urls import path

from . import portal_views

app_name = "protection_portal"

# Pages of this area in the member portal (mounted under /portal/protection/).
urlpatterns = [
    path("", portal_views.StationsView.as_view(), name="home"),
]

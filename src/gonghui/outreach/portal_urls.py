from django.urls import path

from . import portal_views

app_name = "outreach_portal"

# Pages of this area in the member portal (mounted under /portal/outreach/).
urlpatterns = [
    path("", portal_views.ServiceNetworkView.as_view(), name="home"),
]

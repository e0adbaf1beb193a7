from django.urls import path

from . import portal_views

app_name = "hardship_portal"

# Pages of this area in the member portal (mounted under /portal/hardship/).
urlpatterns = [
    path("", portal_views.MyHardshipView.as_view(), name="home"),
    path("apply/", portal_views.ApplyView.as_view(), name="apply"),
]

from django.urls import path

from . import portal_views

app_name = "democracy_portal"

# Pages of this area in the member portal (mounted under /portal/democracy/).
urlpatterns = [
    path("", portal_views.MotionsView.as_view(), name="home"),
]

from django.urls import path

from . import portal_views

app_name = "honours_portal"

# Pages of this area in the member portal (mounted under /portal/honours/).
urlpatterns = [
    path("", portal_views.MyHonoursView.as_view(), name="home"),
]

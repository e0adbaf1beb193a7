from django.urls import path

from . import portal_views

app_name = "appraisals_portal"

# Pages of this area in the member portal (mounted under /portal/appraisals/).
urlpatterns = [
    path("", portal_views.RatingView.as_view(), name="home"),
]

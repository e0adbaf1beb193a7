from django.urls import path

from . import portal_views as views

app_name = "rights_portal"

# Pages of this area in the member portal (mounted under /portal/rights/). No database ids in these URLs.
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("file/", views.FileView.as_view(), name="file"),
    path("phone/", views.PhoneView.as_view(), name="phone"),
    path("phone/verify/", views.VerifyView.as_view(), name="verify"),
    path("phone/file/", views.PublicFileView.as_view(), name="public_file"),
    path("phone/forget/", views.ForgetPhoneView.as_view(), name="forget"),
    path("anonymous/", views.AnonymousFileView.as_view(), name="anonymous"),
    path("follow/", views.FollowView.as_view(), name="follow"),
    path("case/<str:reference>/", views.TrackView.as_view(), name="track"),
]

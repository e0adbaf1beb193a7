from django.urls import path

from . import portal_views

app_name = "notices_portal"

# Pages of this area in the member portal (mounted under /portal/notices/): a notice is found only among those
# addressed to the signed-in member (404 otherwise).
urlpatterns = [
    path("", portal_views.MyNoticesView.as_view(), name="home"),
    path("<int:notice>/", portal_views.NoticeView.as_view(), name="notice"),
    path("<int:notice>/files/<int:file>/", portal_views.AttachmentView.as_view(), name="download"),
]

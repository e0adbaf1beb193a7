from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "notices"
urlpatterns = [
    *object_urls("notice", list=views.NoticeListView, detail=views.NoticeDetailView, edit=views.NoticeEditView,
                 actions={"publish": views.NoticePublishView, "withdraw": views.NoticeWithdrawView}),
    path("<int:pk>/readers/", views.NoticeReadersView.as_view(), name="notice_readers"),
    path("<int:pk>/files/<int:file>/", views.NoticeDownloadView.as_view(), name="notice_download"),
]

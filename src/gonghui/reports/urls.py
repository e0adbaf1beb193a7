from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("<int:pk>/refresh/", views.ReportRefreshView.as_view(), name="report_refresh"),
    path("<int:pk>/return/", views.ReportReturnView.as_view(), name="report_return"),
    path("<int:pk>/accept/", views.ReportAcceptView.as_view(), name="report_accept"),
    path("<int:pk>/xlsx/", views.ReportXlsxView.as_view(), name="report_xlsx"),
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/add/", views.RoundAddView.as_view(), name="round_add"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="round_close"),
]

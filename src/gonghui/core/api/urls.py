from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import AuditLogViewSet, RecordAlertsView, SearchView, WorkbenchView

router = DefaultRouter()
router.register("audit-log", AuditLogViewSet, basename="auditlog")
urlpatterns = [path("search/", SearchView.as_view(), name="search"),
               path("record-alerts/", RecordAlertsView.as_view(), name="record_alerts"),
               path("workbench/", WorkbenchView.as_view(), name="workbench"), *router.urls]

from rest_framework.routers import DefaultRouter

from .views import ReportRoundViewSet, ReportViewSet

router = DefaultRouter()
router.register("report-rounds", ReportRoundViewSet, basename="reportround")
router.register("reports", ReportViewSet, basename="report")

urlpatterns = router.urls

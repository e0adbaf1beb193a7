from rest_framework.routers import DefaultRouter

from .views import DashboardViewSet, IndicatorViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("stats/indicators", IndicatorViewSet, basename="stats-indicator")
router.register("stats/dashboard", DashboardViewSet, basename="stats-dashboard")

urlpatterns = router.urls

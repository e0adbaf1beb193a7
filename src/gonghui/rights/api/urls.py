from rest_framework.routers import DefaultRouter

from .views import CaseViewSet, WarningViewSet

router = DefaultRouter()
router.register("rights-cases", CaseViewSet, basename="rights-case")
router.register("early-warnings", WarningViewSet, basename="early-warning")

urlpatterns = router.urls

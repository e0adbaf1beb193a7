from rest_framework.routers import DefaultRouter

from .views import EmployerUnitViewSet, OrganisationViewSet

router = DefaultRouter()
router.register("orgs", OrganisationViewSet, basename="org")
router.register("units", EmployerUnitViewSet, basename="unit")
urlpatterns = router.urls

from rest_framework.routers import DefaultRouter

from .views import ApiTokenViewSet, RoleAssignmentViewSet, UserViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("tokens", ApiTokenViewSet, basename="apitoken")
urlpatterns = router.urls

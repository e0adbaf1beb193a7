from rest_framework.routers import DefaultRouter

from .views import JoinApplicationViewSet, MemberViewSet, TransferViewSet

router = DefaultRouter()
router.register("members", MemberViewSet, basename="member")
router.register("join-applications", JoinApplicationViewSet, basename="joinapplication")
router.register("transfers", TransferViewSet, basename="transfer")
urlpatterns = router.urls

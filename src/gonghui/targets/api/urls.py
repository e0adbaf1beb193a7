from rest_framework.routers import DefaultRouter

from .views import LetterViewSet, TargetViewSet

router = DefaultRouter()
router.register("targets", TargetViewSet, basename="target")
router.register("responsibility-letters", LetterViewSet, basename="responsibilityletter")

urlpatterns = router.urls

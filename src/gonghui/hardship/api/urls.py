from rest_framework.routers import DefaultRouter

from .views import ArchiveViewSet, CampaignViewSet, EntryViewSet, RecipientViewSet

router = DefaultRouter()
router.register("hardship-archives", ArchiveViewSet, basename="hardship-archive")
router.register("aid-campaigns", CampaignViewSet, basename="aid-campaign")
router.register("aid-recipients", RecipientViewSet, basename="aid-recipient")
router.register("fund-entries", EntryViewSet, basename="fund-entry")

urlpatterns = router.urls

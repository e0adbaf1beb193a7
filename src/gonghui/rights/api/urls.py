from rest_framework.routers import DefaultRouter

from .views import CaseViewSet, LegalAidReferralViewSet, WarningViewSet

router = DefaultRouter()
router.register("rights-cases", CaseViewSet, basename="rights-case")
router.register("legal-aid-referrals", LegalAidReferralViewSet, basename="legal-aid-referral")
router.register("early-warnings", WarningViewSet, basename="early-warning")

urlpatterns = router.urls

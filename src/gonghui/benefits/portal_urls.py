from django.urls import path

from . import portal_views

app_name = "benefits_portal"

# Pages of this area in the member portal (mounted under /portal/benefits/).
urlpatterns = [
    path("", portal_views.CardView.as_view(), name="home"),
    path("merchants/", portal_views.MerchantsView.as_view(), name="merchants"),
    path("merchants/<int:pk>/rate/", portal_views.RateMerchantView.as_view(), name="rate"),
    path("claims/", portal_views.ClaimView.as_view(), name="claim"),
    path("insurance/", portal_views.InsuranceView.as_view(), name="insurance"),
    path("insurance/<int:pk>/claim/", portal_views.InsuranceClaimView.as_view(), name="insurance_claim"),
]

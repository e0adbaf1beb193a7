from django.urls import path  # noqa: F401

app_name = "rights_portal"

# Pages of this area in the member portal (mounted under /portal/rights/).
urlpatterns = []

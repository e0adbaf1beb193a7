from django.urls import path  # noqa: F401

app_name = "hardship_portal"

# Pages of this area in the member portal (mounted under /portal/hardship/).
urlpatterns = []

from django.urls import path

from . import portal_views

app_name = "suggestions_portal"

# Pages of this area in the member portal (mounted under /portal/suggestions/). No database ids in these URLs.
urlpatterns = [
    path("", portal_views.MySuggestionsView.as_view(), name="home"),
    path("write/", portal_views.WriteView.as_view(), name="write"),
    path("<str:reference>/", portal_views.SuggestionView.as_view(), name="suggestion"),
]

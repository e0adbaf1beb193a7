from django.urls import path

from . import views

app_name = "suggestions"
# No "add": suggestions come from members in the portal.
urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="suggestion_list"),
    path("<int:pk>/", views.SuggestionDetailView.as_view(), name="suggestion_detail"),
    path("<int:pk>/edit/", views.SuggestionEditView.as_view(), name="suggestion_edit"),
    path("<int:pk>/answer/", views.SuggestionAnswerView.as_view(), name="suggestion_answer"),
    path("<int:pk>/close/", views.SuggestionCloseView.as_view(), name="suggestion_close"),
]

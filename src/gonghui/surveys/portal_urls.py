from django.urls import path

from . import portal_views as views

app_name = "surveys_portal"

# The member portal's survey pages (mounted under /portal/surveys/): a survey is addressed by its key, not its id.
urlpatterns = [
    path("", views.SurveyListView.as_view(), name="list"),
    path("<uuid:key>/", views.AnswerView.as_view(), name="answer"),
]

from django.urls import path

from gonghui.core.routes import object_urls

from . import views
from .models import Survey

app_name = "surveys"
urlpatterns = [
    *object_urls("survey", list=views.SurveyListView, detail=views.SurveyDetailView, edit=views.SurveyEditView,
                 delete=views.SurveyDeleteView, actions={"open": views.SurveyOpenView, "close": views.SurveyCloseView},
                 model=Survey),
    path("<int:pk>/export/", views.SurveyExportView.as_view(), name="survey_export"),
    path("<int:pk>/questions/add/", views.QuestionEditView.as_view(), name="question_add"),
    path("<int:pk>/questions/<int:question>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("<int:pk>/questions/<int:question>/change/", views.QuestionChangeView.as_view(), name="question_change"),
]

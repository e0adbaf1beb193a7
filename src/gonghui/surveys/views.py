from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedObjectMixin,
    save_valid,
)

from . import export, selectors, services
from .filtersets import SurveyFilterSet
from .forms import QuestionForm, SurveyForm
from .models import Survey
from .tables import SurveyTable


class SurveyListView(ObjectListView):
    selector = staticmethod(selectors.surveys_for)
    table_class, filterset_class = SurveyTable, SurveyFilterSet
    title, add_url_name, export_name = gettext_lazy("Surveys"), "surveys:survey_add", "surveys"


class SurveyDetailView(ObjectDetailView):
    selector = staticmethod(selectors.surveys_for)
    template_name = "surveys/survey_detail.html"
    list_url_name, edit_url_name = "surveys:survey_list", "surveys:survey_edit"
    delete_url_name = "surveys:survey_delete"

    def get_object_context(self, obj):
        questions = selectors.questions_of(obj)
        result = selectors.results(obj, questions)
        return {"questions": questions, "results": result, "charts": selectors.chart_data(result),
                "rate": selectors.response_rate(obj), "targets": list(obj.target_orgs.order_by("path")),
                "can_build": self.context["can_change"] and obj.is_draft}


class SurveyEditView(ObjectEditView):
    model, form_class, list_url_name = Survey, SurveyForm, "surveys:survey_list"
    selector = staticmethod(selectors.surveys_for)


class SurveyDeleteView(ObjectDeleteView):
    model, list_url_name = Survey, "surveys:survey_list"
    service = staticmethod(services.delete_survey)


class SurveyOpenView(ObjectActionView):
    model, transition = Survey, "open"
    message = gettext_lazy("Members of the unions it is sent to can answer it from now on; its questions can no "
                           "longer change.")
    service = staticmethod(services.open_survey)


class SurveyCloseView(ObjectActionView):
    model, transition = Survey, "close"
    message = gettext_lazy("Members can no longer answer it.")
    service = staticmethod(services.close_survey)


class SurveyExportView(ScopedObjectMixin, View):
    """The results (per question) or the raw responses as CSV or XLSX: ``?what=results|responses&fmt=csv|xlsx``."""

    model = Survey

    def get(self, request, pk):
        survey = self.get_object()
        what, fmt = request.GET.get("what", "results"), request.GET.get("fmt", "xlsx")
        if what not in ("results", "responses") or fmt not in ("csv", "xlsx"):
            raise Http404
        return export.survey_export(request.user, survey, what, fmt)


class QuestionMixin(ScopedObjectMixin):
    """A page about the questions of a survey (``pk``): the user may change the survey; ``question`` is one of
    its questions."""

    model = Survey

    def setup_objects(self):
        self.survey = self.get_object()
        self.require("change", self.survey.org)
        qid = self.kwargs.get("question")
        self.question = get_object_or_404(self.survey.questions, pk=qid) if qid else None


class QuestionEditView(QuestionMixin, View):
    template_name = "core/object_edit.html"

    def render_form(self, form):
        title = _("Edit the question") if self.question else _("Add a question")
        return render(self.request, self.template_name, {"form": form, "object": self.survey, "title": title,
                                                          "cancel_url": self.survey.get_absolute_url()})

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        if not self.survey.is_draft:
            messages.error(request, _("Questions can be changed only while the survey is a draft."))
            return HttpResponseRedirect(self.survey.get_absolute_url())
        return self.render_form(QuestionForm(instance=self.question, survey=self.survey, user=request.user))

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form = QuestionForm(request.POST, instance=self.question, survey=self.survey, user=request.user)
        ok, _saved = save_valid(form)
        if ok:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(self.survey.get_absolute_url() + "#questions")
        return self.render_form(form)


class QuestionChangeView(QuestionMixin, View):
    """POST: delete a question or move it up or down (``action``)."""

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        action = request.POST.get("action")
        try:
            if action == "delete":
                services.delete_question(request.user, self.survey, self.question)
            elif action in ("up", "down"):
                services.move_question(request.user, self.survey, self.question, -1 if action == "up" else 1)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return HttpResponseRedirect(self.survey.get_absolute_url() + "#questions")

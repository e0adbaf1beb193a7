"""Surveys in the member portal (/portal/surveys/): the surveys sent to the member's union, answered once."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from gonghui.core.views import save_valid
from gonghui.members.portal import MemberRequiredMixin

from . import selectors, services
from .forms import AnswerForm


class PortalPage(MemberRequiredMixin, TemplateView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["active_tab"] = "surveys"
        return ctx


@method_decorator(never_cache, name="dispatch")
class SurveyListView(PortalPage):
    template_name = "surveys_portal/list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today, answered = timezone.localdate(), selectors.answered_ids(self.member)
        surveys = [s for s in selectors.member_surveys(self.member) if s.is_answerable(today) or s.pk in answered]
        ctx["surveys"] = [{"survey": s, "answered": s.pk in answered} for s in surveys]
        return ctx


@method_decorator(never_cache, name="dispatch")
class AnswerView(PortalPage):
    """A survey sent to the member: the form while it is open and unanswered; a thank-you once answered. Any other
    survey is not found."""

    template_name = "surveys_portal/answer.html"

    def load(self, key):
        self.survey = selectors.member_survey(self.member, key)
        if self.survey is None:
            raise Http404
        self.questions = selectors.questions_of(self.survey)
        self.answered = selectors.has_answered(self.survey, self.member)
        if not self.answered and not self.survey.is_answerable():
            raise Http404

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(survey=self.survey, answered=self.answered)
        ctx.setdefault("form", AnswerForm(questions=self.questions))
        return ctx

    def get(self, request, key):
        self.load(key)
        return self.render_to_response(self.get_context_data())

    def post(self, request, key):
        self.load(key)
        if self.answered:
            messages.error(request, _("You have already answered this survey."))
            return HttpResponseRedirect(request.path)
        form = AnswerForm(request.POST, questions=self.questions)
        ok, _response = save_valid(form, lambda: services.submit_response(
            request.user, self.member, self.survey, form.cleaned_data))
        if ok:
            messages.success(request, _("Thank you: your answers have been received."))
            return HttpResponseRedirect(request.path)
        self.answered = selectors.has_answered(self.survey, self.member)  # lost a race with another submission
        return self.render_to_response(self.get_context_data(form=form))

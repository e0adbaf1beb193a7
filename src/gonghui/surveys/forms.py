from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm

from . import selectors, services
from .choices import SCALE_POINTS, QuestionKind
from .models import Question, Survey


class SurveyForm(ScopedModelForm):
    service = services.save_survey

    class Meta:
        model = Survey
        fields = ["org", "title", "intro", "target_orgs", "opens_on", "closes_on", "anonymous"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3}), "target_orgs": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The targets stay a choice in draft (the service refuses a change once the survey is open).
        self.fields["target_orgs"].disabled = False
        self.fields["target_orgs"].queryset = scope.orgs_for(self.user).order_by("path")


class QuestionForm(BootstrapFormMixin, forms.ModelForm):
    options = forms.CharField(
        label=_("options"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For a choice question: one option per line, in the order shown to members."))

    class Meta:
        model = Question
        fields = ["kind", "text", "required", "options", "low_label", "high_label"]
        help_texts = {"low_label": _("For a scale: what 1 means, e.g. 很不满意."),
                      "high_label": _("For a scale: what 5 means, e.g. 非常满意.")}

    def __init__(self, *args, survey, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.user = survey, user
        if self.instance.pk and not self.is_bound:
            self.initial["options"] = "\n".join(self.instance.options)

    def _post_clean(self):
        """The service validates."""

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        return services.save_question(self.user, self.survey, self.instance if self.instance.pk else None, **data)


CHECK = {"class": "form-check-input"}


class AnswerForm(forms.Form):
    """The portal's form of a survey: one field per question (``q<id>``); the service checks the answers, and its
    messages land next to each question."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q{q.pk}"] = self.field_for(q)

    @property
    def question_fields(self):
        """(question, bound field) in the survey's order, for the page."""
        return [(q, self[f"q{q.pk}"]) for q in self.questions]

    @staticmethod
    def field_for(q):
        common = {"label": q.text, "required": False}
        if q.kind == QuestionKind.SINGLE:
            return forms.CharField(widget=forms.RadioSelect(choices=list(enumerate(q.options)), attrs=CHECK), **common)
        if q.kind == QuestionKind.MULTIPLE:
            widget = forms.CheckboxSelectMultiple(choices=list(enumerate(q.options)), attrs=CHECK)
            return forms.Field(widget=widget, **common)
        if q.kind == QuestionKind.SCALE:
            points = [(n, selectors.scale_label(q, n)) for n in SCALE_POINTS]
            return forms.CharField(widget=forms.RadioSelect(choices=points, attrs=CHECK), **common)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}), **common)

    def clean(self):
        # Only the raw values: the rules (and their messages) are the service's.
        return {name: self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name)
                for name in self.fields}

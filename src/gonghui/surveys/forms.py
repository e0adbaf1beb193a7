import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm

from . import selectors, services
from .choices import SCALE_POINTS, QuestionKind
from .models import Question, Survey


class SurveyForm(ScopedModelForm):
    """The survey; its chosen unions by code (a district's tree is too large for a list to choose from)."""

    service = services.save_survey
    target_codes = forms.CharField(
        label=_("sent to unions"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Codes of unions within the organising union, separated by spaces or lines; leave empty to send "
                    "the survey to the whole subtree of the organising union."))

    class Meta:
        model = Survey
        fields = ["org", "title", "intro", "target_codes", "opens_on", "closes_on", "anonymous"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["target_codes"] = " ".join(o.code for o in self.instance.target_orgs.order_by("path"))

    def clean_target_codes(self):
        orgs, unknown = [], []
        for code in re.split(r"[\s,，、;；]+", self.cleaned_data.get("target_codes") or ""):
            if code:
                org = scope.org_by_code(self.user, code)
                (orgs if org is not None else unknown).append(org or code)
        if unknown:
            raise forms.ValidationError(_("No union with the code %(codes)s in your scope.")
                                        % {"codes": "、".join(unknown)})
        return orgs

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields and k != "target_codes"}
        try:
            return services.save_survey(self.user, self.instance if self.instance.pk else None,
                                        target_orgs=self.cleaned_data["target_codes"], **data)
        except ValidationError as e:
            if not hasattr(e, "error_dict"):
                raise
            raise ValidationError({"target_codes" if k == services.TARGETS else k: v
                                   for k, v in e.error_dict.items()}) from None


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

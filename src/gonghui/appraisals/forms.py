from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm
from gonghui.orgs.choices import OrgType

from . import selectors, services
from .choices import RATING_MAX, SchemeStatus
from .models import Appraisal, Criterion, RatingRound, Scheme


class SchemeForm(ScopedModelForm):
    service = staticmethod(services.save_scheme)
    eligible_types = forms.MultipleChoiceField(label=_("who may apply"), choices=OrgType.choices, required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               help_text=_("The kinds of union that may apply; none: every union."))

    class Meta:
        model = Scheme
        fields = ["org", "name", "kind", "level", "grades", "pass_score", "eligible_types", "valid_years",
                  "recheck_months", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["eligible_types"] = self.instance.eligible_list


def _indicator_choices():
    from gonghui.stats import registry

    return [("", "—")] + sorted(((i.key, f"{i.name} ({i.key})") for i in registry.all_indicators()),
                                key=lambda c: c[1])


class CriterionForm(ScopedModelForm):
    service = staticmethod(services.save_criterion)
    indicator = forms.ChoiceField(label=_("indicator"), required=False, choices=_indicator_choices,
                                  help_text=_("For a criterion from an indicator."))

    class Meta:
        model = Criterion
        fields = ["scheme", "section", "title", "weight", "evidence", "source", "indicator", "full_at", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = selectors.schemes_for(self.user).filter(status=SchemeStatus.DRAFT)
        self.fields["scheme"].disabled = self.instance.pk is not None


class AppraisalForm(ScopedModelForm):
    """Start a self-check (a new appraisal) or edit the grade applied for and the note."""

    class Meta:
        model = Appraisal
        fields = ["scheme", "org", "year", "grade_sought", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = selectors.usable_schemes(self.user)
        if self.instance.pk:
            for name in ("scheme", "org", "year"):
                self.fields[name].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        if self.instance.pk:
            return services.save_appraisal(self.user, self.instance, grade_sought=data["grade_sought"],
                                           note=data["note"])
        return services.start_appraisal(self.user, **data)


class ScoreSheetForm(BootstrapFormMixin, forms.Form):
    """A score (and a note) for every criterion scored by hand; automatic criteria show their points."""

    def __init__(self, *args, scores, score_field, note_field, note_label, required, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = scores
        self.rows = []
        for s in scores:
            c = s.criterion
            if c.automatic:
                continue
            name = f"score_{c.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{c.section + ' · ' if c.section else ''}{c.title} ({_('at most')} {c.weight})",
                required=required, min_value=0, max_value=c.weight, decimal_places=1, max_digits=5,
                initial=getattr(s, score_field), help_text=c.evidence)
            self.fields[f"note_{c.pk}"] = forms.CharField(label=note_label, required=False,
                                                          initial=getattr(s, note_field),
                                                          widget=forms.Textarea(attrs={"rows": 1}))
            self.rows.append(c.pk)

    def score_map(self):
        return {pk: (self.cleaned_data.get(f"score_{pk}"), self.cleaned_data.get(f"note_{pk}", ""))
                for pk in self.rows}


class EvidenceForm(BootstrapFormMixin, forms.Form):
    """A file of evidence for one criterion of the self-check."""

    criterion = forms.TypedChoiceField(label=_("Criterion"), coerce=int)
    file = forms.FileField(label=_("Evidence file"), help_text=_("PDF, an image or an office document, at most "
                                                                 "the size the system allows."))

    def __init__(self, *args, scores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [
            (s.criterion_id, f"{s.criterion.section + ' · ' if s.criterion.section else ''}{s.criterion.title}")
            for s in scores]


class InspectForm(ScoreSheetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"] = forms.CharField(label=_("Findings"), required=False,
                                                  widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["inspected_on"] = forms.DateField(label=_("Inspected on"), initial=timezone.localdate)


class AcceptForm(BootstrapFormMixin, forms.Form):
    accepted_on = forms.DateField(label=_("Accepted on"), initial=timezone.localdate)


class AwardForm(BootstrapFormMixin, forms.Form):
    grade = forms.ChoiceField(label=_("Grade"))
    certificate_no = forms.CharField(label=_("Certificate number"), max_length=40, required=False)
    awarded_on = forms.DateField(label=_("Awarded on"), initial=timezone.localdate)

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(g, g) for g in grades]


class RecheckForm(BootstrapFormMixin, forms.Form):
    rechecked_on = forms.DateField(label=_("Re-checked on"), initial=timezone.localdate)
    note = forms.CharField(label=_("What the re-check found"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentForm(BootstrapFormMixin, forms.Form):
    """Start the annual assessment of the unions directly below one union."""

    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=None)
    org = forms.ModelChoiceField(label=_("Assessing union"), queryset=None,
                                 help_text=_("The unions directly below it are assessed."))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=timezone.localdate().year)

    def __init__(self, *args, user, **kwargs):
        from gonghui.core import scope

        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = selectors.usable_schemes(user)
        self.fields["org"].queryset = scope.orgs_for(user).filter(scope.action_filter(user, "change", ""))


class RoundForm(ScopedModelForm):
    service = staticmethod(services.open_round)

    class Meta:
        model = RatingRound
        fields = ["org", "scheme", "appraisal", "title", "opens_on", "closes_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = selectors.usable_schemes(self.user)
        self.fields["appraisal"].queryset = selectors.appraisals_for(self.user)
        if self.instance.pk:
            self.fields["scheme"].disabled = True


class RatingForm(BootstrapFormMixin, forms.Form):
    """A member's marks, 1 to 5, for each member criterion of the round's scheme."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(n)) for n in range(RATING_MAX, 0, -1)]
        for c in criteria:
            self.fields[f"mark_{c.pk}"] = forms.ChoiceField(label=c.title, choices=choices,
                                                            widget=forms.RadioSelect, help_text=c.evidence)
        self.fields["comment"] = forms.CharField(label=_("Comment"), required=False,
                                                 widget=forms.Textarea(attrs={"rows": 2}))
        self.criteria = criteria

    def marks(self):
        return {c.pk: self.cleaned_data.get(f"mark_{c.pk}") for c in self.criteria}



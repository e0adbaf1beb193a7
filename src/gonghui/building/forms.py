from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm
from gonghui.members.models import Member

from . import services
from .choices import CANDIDATE_POSITIONS, CadrePosition
from .models import Approval, ArchiveDocument, Cadre, Election, Term


def _members(form):
    if "member" in form.fields:
        form.fields["member"].queryset = Member.objects.for_user(form.user).filter(status="active")


class CadreForm(ScopedModelForm):
    service = staticmethod(services.save_cadre)

    class Meta:
        model = Cadre
        fields = ["org", "name", "position", "engagement", "rank", "on_party_committee", "member", "appointed_on",
                  "left_on", "leave_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _members(self)


class ElectionForm(ScopedModelForm):
    service = staticmethod(services.open_election)

    class Meta:
        model = Election
        fields = ["org", "term_number", "title", "term_years", "planned_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term_number"].required = False
        self.fields["term_number"].help_text = _("Left empty: the union's present term plus one.")

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields and v is not None}
        return services.open_election(self.user, self.instance if self.instance.pk else None, **data)


class CandidateForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    position = forms.ChoiceField(label=_("position"), choices=CANDIDATE_POSITIONS,
                                 initial=CadrePosition.COMMITTEE)
    member = forms.ModelChoiceField(label=_("member"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args, user, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.election = user, election
        _members(self)


class ReviewForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Review note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class HoldForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=forms.DateInput(attrs={"type": "date"}))
    voters = forms.IntegerField(label=_("voters entitled"), min_value=1)
    voted = forms.IntegerField(label=_("ballots cast"), min_value=0)

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(election.candidates.all())
        for c in self.candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(
                label=_("Votes for %(name)s (%(position)s)") % {"name": c.name, "position": c.get_position_display()},
                min_value=0, initial=0)

    def votes(self):
        return {c.pk: self.cleaned_data.get(f"votes_{c.pk}") for c in self.candidates}


class ApprovalDecisionForm(BootstrapFormMixin, forms.Form):
    doc_no = forms.CharField(label=_("document number"), max_length=60, help_text=_("e.g. 苏工复〔2025〕12号"))
    decided_on = forms.DateField(label=_("decided on"), widget=forms.DateInput(attrs={"type": "date"}))


class ApprovalForm(ScopedModelForm):
    service = staticmethod(services.request_approval)

    class Meta:
        model = Approval
        fields = ["org", "kind", "subject", "requested_on", "note"]


class DocumentForm(ScopedModelForm):
    upload = forms.FileField(label=_("File"), required=False, help_text=_("PDF or a scan (JPG, PNG), up to 10 MB."))

    class Meta:
        model = ArchiveDocument
        fields = ["org", "kind", "title", "number", "issued_on"]

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        return services.save_document(self.user, self.instance if self.instance.pk else None,
                                      upload=self.cleaned_data.get("upload"), **data)


class CensusRuleForm(BootstrapFormMixin, forms.Form):
    min_employees = forms.IntegerField(label=_("At least this many employees"), min_value=1)
    min_years = forms.IntegerField(label=_("Established at least this many years"), min_value=0, max_value=50)
    require_operating = forms.BooleanField(label=_("Operating normally"), required=False)


class TermForm(ScopedModelForm):
    """A term recorded by hand (an election before the system); an election approved records its own."""

    class Meta:
        model = Term
        fields = ["org", "number", "started_on", "ends_on", "note"]

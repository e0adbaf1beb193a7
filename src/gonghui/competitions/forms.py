from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm

from . import selectors, services
from .models import Competition, Contest, Entrant, Innovation, Participant, Proposal, Studio


class CompetitionForm(ScopedModelForm):
    service = staticmethod(services.save_competition)

    class Meta:
        model = Competition
        fields = ["org", "title", "kind", "starts_on", "ends_on", "stages", "description", "results"]


class ParticipantForm(ScopedModelForm):
    service = staticmethod(services.save_participant)

    class Meta:
        model = Participant
        fields = ["competition", "org", "kind", "name", "employer_name", "headcount", "score", "rank", "result"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = selectors.joinable_competitions(self.user)
        self.fields["competition"].disabled = self.instance.pk is not None


class ContestForm(ScopedModelForm):
    service = staticmethod(services.save_contest)

    class Meta:
        model = Contest
        fields = ["org", "title", "trade", "level", "held_on", "next_level", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_level"].queryset = selectors.higher_contests(self.user)


class EntrantForm(ScopedModelForm):
    service = staticmethod(services.save_entrant)

    class Meta:
        model = Entrant
        fields = ["contest", "worker_name", "employer_name", "round", "score", "rank", "title", "grade_before",
                  "grade_after"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].queryset = selectors.contests_for(self.user)
        self.fields["contest"].disabled = self.instance.pk is not None


class ProposalForm(ScopedModelForm):
    service = staticmethod(services.file_proposal)

    class Meta:
        model = Proposal
        fields = ["org", "title", "content", "category", "unit_name", "author_name", "co_authors", "filed_on"]


class InnovationForm(ScopedModelForm):
    service = staticmethod(services.save_innovation)

    class Meta:
        model = Innovation
        fields = ["org", "kind", "title", "workers", "employer_name", "achieved_on", "patent_number", "named_after",
                  "benefit", "studio", "proposal", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["studio"].queryset = selectors.studios_for(self.user)
        self.fields["proposal"].queryset = selectors.proposals_for(self.user)


class StudioForm(ScopedModelForm):
    service = staticmethod(services.save_studio)

    class Meta:
        model = Studio
        fields = ["org", "name", "kind", "employer_name", "lead_name", "members", "level", "recognised_on", "note"]


class EvaluateForm(BootstrapFormMixin, forms.Form):
    score = forms.IntegerField(label=_("Evaluation score"), min_value=0, max_value=100)
    evaluation = forms.CharField(label=_("Panel's opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AdoptForm(BootstrapFormMixin, forms.Form):
    decided_on = forms.DateField(label=_("Decided on"))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ImplementForm(BootstrapFormMixin, forms.Form):
    implemented_on = forms.DateField(label=_("Implemented on"))
    value = forms.CharField(label=_("Value created or saved (yuan)"), max_length=30)
    reward = forms.CharField(label=_("Reward (yuan)"), max_length=30, required=False)


class PortalProposalForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(label=_("What you propose"), widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.ChoiceField(label=_("Category"), choices=Proposal._meta.get_field("category").choices)
    co_authors = forms.CharField(label=_("Co-authors"), max_length=200, required=False,
                                 help_text=_("Names, separated by commas."))

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm

from . import services
from .models import AllowanceRule, CareRound, HonourScheme, ModelWorker, Recommendation, SelectionRound, SupportRecord

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class SchemeForm(ScopedModelForm):
    service = staticmethod(services.save_scheme)

    class Meta:
        model = HonourScheme
        fields = ["org", "name", "category", "level", "recipient", "cycle_years", "active", "notes"]


class RoundForm(ScopedModelForm):
    service = staticmethod(services.save_round)

    class Meta:
        model = SelectionRound
        fields = ["scheme", "year", "name", "notice_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = HonourScheme.objects.for_user(self.user).filter(active=True)
        self.fields["scheme"].disabled = self.instance.pk is not None
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class RecommendationForm(ScopedModelForm):
    service = staticmethod(services.save_recommendation)
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=18,
                                help_text=_("For a person; leave empty for a team or an employer."))

    class Meta:
        model = Recommendation
        fields = ["round", "org", "nominee", "id_number", "employer", "deeds", "meeting", "meeting_on",
                  "votes_for", "votes_total"]
        widgets = {"meeting_on": DATE, "deeds": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = SelectionRound.objects.for_user(self.user).select_related("scheme")
        self.fields["round"].disabled = self.instance.pk is not None
        if self.instance.pk:
            self.initial["id_number"] = self.instance.id_number


class WorkerForm(ScopedModelForm):
    service = staticmethod(services.save_worker)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    bank_account = forms.CharField(label=_("bank account number"), required=False, max_length=40)

    class Meta:
        model = ModelWorker
        fields = ["org", "name", "id_number", "employer", "level", "bank_name", "bank_account", "in_hardship",
                  "hardship_archive_no", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["id_number"] = self.instance.id_number
            self.initial["bank_account"] = self.instance.bank_account


class RuleForm(ScopedModelForm):
    service = staticmethod(services.save_rule)
    amount = forms.CharField(label=_("amount a month"), max_length=20)

    class Meta:
        model = AllowanceRule
        fields = ["org", "level", "worker_status", "kind", "amount", "basis"]


class RunForm(BootstrapFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("paying union"), queryset=None)
    period = forms.DateField(label=_("month"), widget=DATE, help_text=_("Any day of the month paid for."))
    memo = forms.CharField(label=_("memo"), max_length=100, required=False)

    def __init__(self, *args, user, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["org"].queryset = scope.orgs_for(user)

    def save(self):
        return services.create_run(self.user, self.cleaned_data["org"], self.cleaned_data["period"],
                                   self.cleaned_data.get("memo", ""))


class QuotaForm(BootstrapFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("recommending union"), queryset=None)
    quota = forms.IntegerField(label=_("quota"), min_value=0, max_value=999)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.models import Organisation

        self.fields["org"].queryset = Organisation.objects.filter(path__startswith=round.org.path).order_by("path")


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("review opinion"), widget=TEXT, required=False, max_length=2000)


class NoticeForm(BootstrapFormMixin, forms.Form):
    start = forms.DateField(label=_("public notice from"), widget=DATE)


class ObjectionForm(BootstrapFormMixin, forms.Form):
    objection = forms.CharField(label=_("objection received"), widget=TEXT, max_length=2000)


class ResolveForm(BootstrapFormMixin, forms.Form):
    resolution = forms.CharField(label=_("how the objection was resolved"), widget=TEXT, max_length=2000)


class ApproveForm(BootstrapFormMixin, forms.Form):
    approved_on = forms.DateField(label=_("approved on"), widget=DATE)


class AwardForm(BootstrapFormMixin, forms.Form):
    certificate_no = forms.CharField(label=_("certificate number"), max_length=40)
    awarded_on = forms.DateField(label=_("awarded on"), widget=DATE)


class DateForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=_("date"), widget=DATE)


class ReissueForm(BootstrapFormMixin, forms.Form):
    title = forms.ModelChoiceField(label=_("title"), queryset=None)
    certificate_no = forms.CharField(label=_("new certificate number"), max_length=40)
    reason = forms.CharField(label=_("reason"), widget=TEXT, max_length=1000)

    def __init__(self, *args, worker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = worker.titles.all()


class PayForm(BootstrapFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("paid on"), widget=DATE)


class CareRoundForm(ScopedModelForm):
    service = staticmethod(services.save_care_round)

    class Meta:
        model = CareRound
        fields = ["org", "kind", "name", "year", "place", "starts_on", "ends_on", "places", "notes"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "notes": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].disabled = self.instance.pk is not None
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class EnrolForm(BootstrapFormMixin, forms.Form):
    worker = forms.ModelChoiceField(label=_("model worker"), queryset=None)

    def __init__(self, *args, round, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = services.enrol_candidates(round) & ModelWorker.objects.for_user(user)


class WithdrawForm(BootstrapFormMixin, forms.Form):
    participant = forms.ModelChoiceField(label=_("model worker"), queryset=None)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = round.participants.select_related("worker")
        self.fields["participant"].label_from_instance = lambda p: p.worker.name


class AttendanceForm(BootstrapFormMixin, forms.Form):
    attended = forms.ModelMultipleChoiceField(label=_("attended"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("Tick those who went; the others are recorded absent."))

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = round.participants.select_related("worker")
        self.fields["attended"].label_from_instance = lambda p: p.worker.name


class SupportForm(ScopedModelForm):
    service = staticmethod(services.save_support)
    amount = forms.CharField(label=_("amount"), max_length=20, required=False)

    class Meta:
        model = SupportRecord
        fields = ["org", "worker", "kind", "occasion", "given_on", "amount", "beneficiary", "notes"]
        widgets = {"given_on": DATE, "notes": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = ModelWorker.objects.for_user(self.user).order_by("name", "pk")
        if not self.instance.pk:
            self.fields["given_on"].initial = timezone.localdate()
            worker = self.initial.get("worker")
            if worker:
                self.fields["worker"].initial = worker

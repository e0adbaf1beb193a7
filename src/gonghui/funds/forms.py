from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm

from . import closing, plans, services
from .choices import Category, Channel
from .models import (
    AuditFinding,
    AuditPlan,
    BudgetLine,
    ClosedYear,
    CollectiveApproval,
    DuesRecord,
    FundAudit,
    Remittance,
    SpendingRule,
    SplitRatio,
)


class RemittanceForm(ScopedModelForm):
    service = staticmethod(services.save_remittance)
    payroll_base = forms.CharField(label=_("payroll base"))

    class Meta:
        model = Remittance
        fields = ("org", "employer", "year", "payroll_base", "rate", "memo", "unit")
        help_texts = {"rate": _("Empty: two per cent of payroll, as the Trade Union Law sets.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate"].required = False
        from django.db.models import Q

        from gonghui.orgs.models import EmployerUnit

        self.fields["unit"].queryset = EmployerUnit.objects.for_user(self.user).filter(
            Q(union__isnull=True) | Q(pk=self.instance.unit_id))
        if self.instance.pk:
            self.initial["payroll_base"] = self.instance.payroll_base


class RatioForm(ScopedModelForm):
    service = staticmethod(services.save_ratio)

    class Meta:
        model = SplitRatio
        fields = ("org", "year", "grassroots_pct", "parent_pct", "higher_pct", "rounding_to", "basis")


class PaymentForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(label=_("amount"))
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)


class EntryForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(label=_("amount"))
    memo = forms.CharField(label=_("memo"), max_length=200, required=False)
    persons = forms.IntegerField(label=_("people"), min_value=1, required=False,
                                 help_text=_("For gifts and allowances per person: how many people."))
    approval = forms.ModelChoiceField(label=_("collective approval"), queryset=CollectiveApproval.objects.none(),
                                      required=False,
                                      help_text=_("Required above the threshold of the spending rules."))

    def __init__(self, *args, fund=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fund is not None:
            self.fields["approval"].queryset = CollectiveApproval.objects.filter(org=fund.org, entry__isnull=True)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


class MonthField(forms.DateField):
    widget = MonthInput

    def __init__(self, **kwargs):
        super().__init__(input_formats=["%Y-%m", "%Y-%m-%d", "%Y/%m"], **kwargs)


class DuesForm(ScopedModelForm):
    service = staticmethod(services.save_dues)
    member_no = forms.CharField(label=_("member number"), max_length=20)
    month = MonthField(label=_("month"))
    basic_wage = forms.CharField(label=_("declared basic wage"))

    class Meta:
        model = DuesRecord
        fields = ("member_no", "month", "basic_wage", "rate")
        help_texts = {"rate": _("Empty: half a per cent of the basic wage.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate"].required = False
        if self.instance.pk:
            self.initial.update(member_no=self.instance.member.member_no, basic_wage=self.instance.basic_wage)

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        return services.save_dues(self.user, self.instance if self.instance.pk else None, **data)


class DatePaidForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class BudgetForm(ScopedModelForm):
    service = staticmethod(services.save_budget)
    amount = forms.CharField(label=_("budget"))

    class Meta:
        model = BudgetLine
        fields = ("org", "year", "fund_kind", "category", "amount", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["amount"] = self.instance.amount


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.CharField(label=_("review committee decision"), max_length=200,
                               help_text=_("The meeting of the funds review committee and its decision."))


class RuleForm(ScopedModelForm):
    class Meta:
        model = SpendingRule
        fields = ("org", "name", "kind", "category", "amount", "basis", "active")


class ApprovalForm(ScopedModelForm):
    service = staticmethod(services.save_approval)
    amount = forms.CharField(label=_("amount approved"))

    class Meta:
        model = CollectiveApproval
        fields = ("org", "subject", "meeting", "meeting_date", "members_total", "members_present", "votes_for",
                  "votes_against", "amount")
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["amount"] = self.instance.amount


class AuditForm(ScopedModelForm):
    class Meta:
        model = FundAudit
        fields = ("org", "year", "title", "auditors", "started_on")
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"})}


class FindingForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("finding"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("rectify by"), widget=forms.DateInput(attrs={"type": "date"}))


class RectifyForm(BootstrapFormMixin, forms.Form):
    finding = forms.ModelChoiceField(label=_("finding"), queryset=AuditFinding.objects.none())
    rectification = forms.CharField(label=_("rectification"), max_length=300,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label=_("rectified on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, audit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if audit is not None:
            self.fields["finding"].queryset = audit.findings.filter(rectified_on__isnull=True)


class ConclusionForm(BootstrapFormMixin, forms.Form):
    conclusion = forms.CharField(label=_("conclusion"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class BankMatchForm(BootstrapFormMixin, forms.Form):
    """The remittance a bank line pays: one in arrears of a union under the line's union, in the user's scope."""

    remittance = forms.ModelChoiceField(label=_("remittance"), queryset=Remittance.objects.none())

    def __init__(self, *args, line=None, user=None, **kwargs):
        from .bank import open_remittances

        super().__init__(*args, **kwargs)
        if line is not None and user is not None:
            self.fields["remittance"].queryset = open_remittances(user, line.org)
            self.fields["remittance"].label_from_instance = lambda r: (
                f"{r.org.name} · {r.employer} {r.year} · {r.arrears}")


class ClosedYearForm(ScopedModelForm):
    """Closing a financial year, with the confirmation (it cannot be undone)."""

    service = staticmethod(closing.close_year)
    confirm = forms.BooleanField(label=_("I confirm: close the year (it cannot be reopened)"), required=False)

    class Meta:
        model = ClosedYear
        fields = ("org", "year", "note", "confirm")


_ORGS = scope.org_model().objects.none()


class AuditPlanForm(ScopedModelForm):
    """An audit plan; when it is created, the unions to audit: picked from the list, or every grassroots union
    under a union (the filter), or both."""

    service = staticmethod(plans.save_plan)
    unions = forms.ModelMultipleChoiceField(label=_("grassroots unions"), queryset=_ORGS, required=False)
    within = forms.ModelChoiceField(label=_("every grassroots union under"), queryset=_ORGS, required=False)

    class Meta:
        model = AuditPlan
        fields = ("org", "year", "title", "auditors", "started_on", "note", "unions", "within")
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.choices import OrgLevel

        orgs = scope.orgs_for(self.user)
        self.fields["unions"].queryset = orgs.filter(level=OrgLevel.GRASSROOTS).live()
        self.fields["within"].queryset = orgs.live()
        if self.instance.pk:
            del self.fields["unions"], self.fields["within"]


class PlanUnionsForm(BootstrapFormMixin, forms.Form):
    unions = forms.ModelMultipleChoiceField(label=_("grassroots unions"), queryset=_ORGS, required=False)
    within = forms.ModelChoiceField(label=_("every grassroots union under"), queryset=_ORGS, required=False)

    def __init__(self, *args, plan=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.choices import OrgLevel

        subtree = plan.org.__class__.objects.filter(path__startswith=plan.org.path).live()
        self.fields["unions"].queryset = subtree.filter(level=OrgLevel.GRASSROOTS)
        self.fields["within"].queryset = subtree

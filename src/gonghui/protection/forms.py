from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.orgs.selectors import live_orgs_for, units_for

from . import selectors, services
from .choices import ChecklistItem, FixMode, InspectionKind, InspectionStatus, Severity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InspectionForm(BootstrapFormMixin, forms.Form):
    """Record an inspection of an employer, or edit it."""

    org = ScopedCodeField(label=capfirst(_("inspecting union")), suggest_url_name="orgs:org_autocomplete")
    unit = ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete")
    kind = forms.ChoiceField(label=capfirst(_("kind of inspection")), choices=InspectionKind.choices)
    campaign = forms.CharField(label=capfirst(_("special campaign")), required=False, max_length=100,
                               help_text=_("For example 农民工工资支付专项检查; inspections with the same name "
                                           "make up one campaign."))
    inspected_on = forms.DateField(label=capfirst(_("inspected on")), widget=DATE)
    inspectors = forms.CharField(label=capfirst(_("inspectors")), max_length=200)
    summary = forms.CharField(label=capfirst(_("summary")), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.INSPECTION_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))
        self.fields["unit"].queryset = units_for(user)
        if instance is not None:
            del self.fields["org"], self.fields["unit"]

    def save(self):
        d = dict(self.cleaned_data)
        data = {k: d[k] for k in services.INSPECTION_FIELDS}
        return services.save_inspection(self.user, self.instance, d.get("org"), unit=d.get("unit"), **data)


class FindingForm(BootstrapFormMixin, forms.Form):
    """Record a problem found at an inspection (reached from the inspection's page), or edit it."""

    inspection = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    item = forms.ChoiceField(label=capfirst(_("checklist item")), choices=ChecklistItem.choices)
    description = forms.CharField(label=capfirst(_("problem found")), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=4000)
    severity = forms.ChoiceField(label=capfirst(_("severity")), choices=Severity.choices)
    fix_mode = forms.ChoiceField(label=capfirst(_("to be fixed")), choices=FixMode.choices,
                                 initial=FixMode.BY_DEADLINE)
    deadline = forms.DateField(label=capfirst(_("fix by")), required=False, widget=DATE,
                               help_text=_("Empty: 30 days after the inspection."))
    arrears_workers = forms.IntegerField(label=capfirst(_("workers owed wages")), min_value=0, required=False)
    arrears_amount = forms.CharField(label=capfirst(_("wage arrears found (yuan)")), required=False, max_length=30)
    arrears_names = forms.CharField(
        label=_("Workers owed wages, by name"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: the name, then the amount owed (张三 3200). Needed to open a rights case."))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        initial = kwargs.setdefault("initial", {})
        if instance is not None:
            initial.update(item=instance.item, description=instance.description, severity=instance.severity,
                           fix_mode=instance.fix_mode, deadline=instance.deadline,
                           arrears_workers=instance.arrears_workers, arrears_amount=instance.arrears_amount or "",
                           arrears_names=services.arrears_names_text(instance))
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["inspection"], self.fields["fix_mode"]
            if not instance.is_open or instance.fix_mode == FixMode.AT_ONCE:
                del self.fields["deadline"]
        else:
            self.fields["inspection"].queryset = selectors.inspections_for(user).filter(status=InspectionStatus.OPEN)

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_finding(
            self.user, self.instance, d.get("inspection"), item=d["item"], description=d["description"],
            severity=d["severity"], fix_mode=d.get("fix_mode"), deadline=d.get("deadline"),
            arrears_workers=d.get("arrears_workers") or 0, arrears_amount=d.get("arrears_amount") or "0",
            arrears_names=d.get("arrears_names") or "")


class RespondForm(BootstrapFormMixin, forms.Form):
    responded_on = forms.DateField(label=capfirst(_("responded on")), widget=DATE)
    response = forms.CharField(label=capfirst(_("the employer's response")), max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class FixForm(BootstrapFormMixin, forms.Form):
    reinspected_on = forms.DateField(label=capfirst(_("re-inspected on")), widget=DATE)
    note = forms.CharField(label=_("What the re-inspection found"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RefixForm(BootstrapFormMixin, forms.Form):
    reinspected_on = forms.DateField(label=capfirst(_("re-inspected on")), widget=DATE)
    deadline = forms.DateField(label=_("New deadline"), widget=DATE)
    note = forms.CharField(label=_("What is still to be fixed"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RecoveryForm(BootstrapFormMixin, forms.Form):
    recovered_workers = forms.IntegerField(label=capfirst(_("workers paid")), min_value=0)
    amount_recovered = forms.CharField(label=capfirst(_("arrears recovered (yuan)")), max_length=30,
                                       help_text=_("The totals so far, not what was added."))


class AgreementForm(BootstrapFormMixin, forms.Form):
    unit = ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete")
    signed_on = forms.DateField(label=capfirst(_("agreement signed on")), required=False, widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("agreement ends on")), required=False, widget=DATE)
    committee = forms.BooleanField(label=capfirst(_("labour protection supervision committee")), required=False)
    one_law_three_cards = forms.BooleanField(label=_("一法三卡 adopted"), required=False)
    notes = forms.CharField(label=capfirst(_("notes")), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.AGREEMENT_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        if instance is not None:
            del self.fields["unit"]

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_agreement(self.user, self.instance, d.get("unit"),
                                       **{k: d[k] for k in services.AGREEMENT_FIELDS})

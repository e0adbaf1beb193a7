import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import scope
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.orgs.selectors import live_orgs_for, units_for

from . import services
from .choices import ContractType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def split_codes(text):
    """Credit codes separated by ; ； , ， 、 or spaces."""
    return [c.strip().upper() for c in re.split(r"[\s,，、;；]+", text or "") if c.strip()]


def units_by_codes(user, codes, field="units"):
    """The employers of ``codes`` in the user's scope; a ValidationError naming those not found."""
    found = {u.credit_code: u for u in units_for(user).filter(credit_code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError({field: _g("No employer unit with these credit codes in your scope: %(codes)s.")
                               % {"codes": "、".join(missing)}})
    return [found[c] for c in dict.fromkeys(codes)]


class ContractForm(BootstrapFormMixin, forms.Form):
    """Draft a collective contract or edit a draft."""

    org = ScopedCodeField(label=capfirst(_("filing union")), suggest_url_name="orgs:org_autocomplete")
    number = forms.CharField(label=capfirst(_("contract number")), max_length=40)
    title = forms.CharField(label=capfirst(_("title")), max_length=150)
    contract_type = forms.ChoiceField(label=capfirst(pgettext_lazy("contracts", "type")),
                                      choices=ContractType.choices)
    regional = forms.BooleanField(label=capfirst(_("regional or industry contract")), required=False)
    units = forms.CharField(
        label=capfirst(_("employers covered")), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Unified social credit codes, separated by ; or ， (one for an enterprise contract)."))
    starts_on = forms.DateField(label=capfirst(_("term starts")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("term ends")), widget=DATE)
    workers_covered = forms.IntegerField(label=capfirst(_("workers covered")), min_value=0)
    minimum_wage = forms.CharField(label=capfirst(_("minimum wage in the contract (yuan/month)")), required=False,
                                   max_length=30)
    wage_rise_pct = forms.CharField(label=capfirst(_("agreed wage rise (%)")), required=False, max_length=12)
    congress_approved_on = forms.DateField(label=capfirst(_("approved by the workers' congress on")),
                                           required=False, widget=DATE)
    congress_session = forms.CharField(label=capfirst(pgettext_lazy("contracts", "congress session")),
                                       required=False, max_length=40,
                                       help_text=_("For example 九届十三次."))
    notes = forms.CharField(label=capfirst(_("notes")), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update({name: getattr(instance, name) for name in services.FIELDS})
            kwargs["initial"]["units"] = "；".join(u.credit_code for u in instance.units.order_by("name"))
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))
        if instance is not None:
            del self.fields["org"]

    def clean_units(self):
        try:
            return units_by_codes(self.user, split_codes(self.cleaned_data.get("units")))
        except ValidationError as e:
            raise forms.ValidationError(e.message_dict["units"]) from None

    def save(self):
        d = dict(self.cleaned_data)
        data = {k: d[k] for k in services.FIELDS}
        return services.save_contract(self.user, self.instance, d.get("org"), units=d["units"], **data)


class SignForm(BootstrapFormMixin, forms.Form):
    signed_on = forms.DateField(label=capfirst(_("signed on")), widget=DATE)
    document = forms.FileField(label=_("The signed contract"), required=False,
                               help_text=_("PDF, JPG or PNG, at most 10 MB."))


class SubmitForm(BootstrapFormMixin, forms.Form):
    submitted_on = forms.DateField(label=capfirst(_("submitted to the labour department on")), widget=DATE)


class ObjectForm(BootstrapFormMixin, forms.Form):
    objected_on = forms.DateField(label=capfirst(_("objected to on")), widget=DATE)
    objection = forms.CharField(label=capfirst(_("the department's objection")),
                                widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class PublishForm(BootstrapFormMixin, forms.Form):
    published_on = forms.DateField(label=capfirst(_("published to the workers on")), widget=DATE)


class TerminateForm(BootstrapFormMixin, forms.Form):
    ended_on = forms.DateField(label=capfirst(_("ended on")), widget=DATE)
    reason = forms.CharField(label=capfirst(_("reason for ending")), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class CheckForm(BootstrapFormMixin, forms.Form):
    checked_on = forms.DateField(label=capfirst(_("checked on")), widget=DATE)
    passed = forms.BooleanField(label=capfirst(_("performed as agreed")), required=False)
    findings = forms.CharField(label=capfirst(pgettext_lazy("contracts", "findings")), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    fixes = forms.CharField(label=capfirst(_("fixes required")), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class DocumentForm(BootstrapFormMixin, forms.Form):
    document = forms.FileField(label=_("The signed contract"), help_text=_("PDF, JPG or PNG, at most 10 MB."))


class LabourCoverageForm(BootstrapFormMixin, forms.Form):
    unit = ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete")
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000)
    workers = forms.IntegerField(label=capfirst(_("workers")), min_value=0)
    signed = forms.IntegerField(label=capfirst(_("workers with a signed labour contract")), min_value=0)

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update(year=instance.year, workers=instance.workers,
                                                    signed=instance.signed)
        else:
            kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        if instance is not None:
            del self.fields["unit"]

    def save(self):
        d = self.cleaned_data
        return services.save_labour_coverage(self.user, self.instance, d.get("unit"), year=d["year"],
                                             workers=d["workers"], signed=d["signed"])


class SuccessorForm(BootstrapFormMixin, forms.Form):
    unit = ScopedCodeField(label=_("Restructured employer"), code_field="credit_code",
                                 suggest_url_name="orgs:unit_autocomplete")
    successor = ScopedCodeField(label=_("Successor employer"), code_field="credit_code",
                                      suggest_url_name="orgs:unit_autocomplete")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("unit", "successor"):
            self.fields[name].queryset = units_for(user)

    def save(self):
        return services.move_coverage(self.user, self.cleaned_data["unit"], self.cleaned_data["successor"])

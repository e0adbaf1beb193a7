"""Forms for organisations, committees and employer units. Each ``save`` calls the service."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.core.validators import check_credit_code, validate_not_future

from . import services
from .choices import DEFAULT_LEVEL, OperatingStatus, OrgStatus
from .models import CommitteeMember, EmployerUnit, Organisation
from .selectors import live_orgs_for

ORG_SUGGEST = "orgs:org_autocomplete"

ORG_FORM_FIELDS = [
    "name", "code", "org_type", "level", "founded_on", "approved_on", "approval_doc_no", "chair_name",
    "term_number", "term_started_on", "next_election_due", "address", "contact_phone", "notes",
]


def org_code_field(label, **kwargs):
    """A code picker over live organisations; the form gives it the user's scope (``ScopedFormMixin``)."""
    kwargs.setdefault("help_text", _("Type part of the name or the code and pick from the suggestions."))
    return ScopedCodeField(label=capfirst(label), suggest_url_name=ORG_SUGGEST, **kwargs)


class ScopedFormMixin:
    """Takes ``user`` and points the form's code pickers at the live organisations in the user's scope.

    Listed after ``BootstrapFormMixin`` in the bases, so the querysets are in place before the mixin
    looks at the errors.
    """

    org_code_fields = ()

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.setup_fields()
        for name in self.org_code_fields:
            if name in self.fields:
                self.fields[name].queryset = live_orgs_for(user)

    def setup_fields(self):
        pass


class OrganisationForm(BootstrapFormMixin, ScopedFormMixin, forms.ModelForm):
    """Create (with a parent and a starting status) or edit an organisation.

    The parent changes only through the move action and the status only through its workflow.
    """

    org_code_fields = ("parent",)
    parent = org_code_field(_("parent organisation"))
    status = forms.ChoiceField(
        label=capfirst(_("status")),
        choices=[(OrgStatus.ACTIVE, OrgStatus.ACTIVE.label), (OrgStatus.PREPARING, OrgStatus.PREPARING.label)],
        initial=OrgStatus.ACTIVE,
    )

    class Meta:
        model = Organisation
        fields = ORG_FORM_FIELDS
        widgets = {
            "founded_on": forms.DateInput(),
            "approved_on": forms.DateInput(),
            "term_started_on": forms.DateInput(),
            "next_election_due": forms.DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"code": {"unique": _("This organisation code is already in use.")}}

    field_order = ["parent", "name", "code", "org_type", "level", "status"]

    def setup_fields(self):
        if self.instance.pk is not None:
            del self.fields["parent"]
            del self.fields["status"]
        elif scope.is_unrestricted(self.user):
            self.fields["parent"].required = False
            self.fields["parent"].help_text = _("Leave empty only to create a new top-level organisation.")
        level = self.fields["level"]
        level.required = False
        level.help_text = _("Left empty, the usual level of the type is used.")
        level.widget.attrs["data-default-levels"] = ",".join(f"{k}:{int(v)}" for k, v in DEFAULT_LEVEL.items())

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is not None and not scope.can(self.user, "manage_orgs", parent):
            raise ValidationError(_("Your role does not allow adding organisations under this one."),
                                  code="not_allowed")
        return parent

    def clean(self):
        data = super().clean()
        if not data.get("level") and data.get("org_type"):
            data["level"] = DEFAULT_LEVEL.get(data["org_type"])
        founded, approved = data.get("founded_on"), data.get("approved_on")
        if founded and approved and approved < founded:
            self.add_error("approved_on", _("The approval cannot come before the founding date."))
        started, due = data.get("term_started_on"), data.get("next_election_due")
        if started and due and due <= started:
            self.add_error("next_election_due", _("The next election must come after the term started."))
        return data

    def save(self, commit=True):
        data = {f: self.cleaned_data.get(f) for f in ORG_FORM_FIELDS}
        for key in ("approval_doc_no", "chair_name", "address", "contact_phone", "notes"):
            data[key] = data[key] or ""
        if self.instance.pk:
            return services.update_org(self.user, self.instance, **data)
        data["status"] = self.cleaned_data["status"]
        return services.create_org(self.user, self.cleaned_data.get("parent"), **data)


class MoveForm(BootstrapFormMixin, ScopedFormMixin, forms.Form):
    org_code_fields = ("parent",)
    parent = org_code_field(_("new parent organisation"))


class DissolveForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=capfirst(_("reason")), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    date = forms.DateField(label=capfirst(_("date of dissolution")), widget=forms.DateInput(),
                           validators=[validate_not_future], initial=datetime.date.today)


class MergeForm(BootstrapFormMixin, ScopedFormMixin, forms.Form):
    org_code_fields = ("target",)
    target = org_code_field(_("merge into"))
    reason = forms.CharField(label=capfirst(_("reason")), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    date = forms.DateField(label=capfirst(_("date of merger")), widget=forms.DateInput(),
                           validators=[validate_not_future], initial=datetime.date.today)


class ActivateForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=capfirst(_("founding date")), widget=forms.DateInput(),
                           validators=[validate_not_future], required=False,
                           help_text=_("Left empty, the recorded founding date or today is used."))


class CommitteeMemberForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["committee", "position", "name", "term_number", "started_on"]
        widgets = {"started_on": forms.DateInput()}


class BaseCommitteeFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
        # BootstrapFormMixin validated the bound form before the formset added "id" and "DELETE": validate again.
        form._errors = None


CommitteeFormSet = forms.modelformset_factory(
    CommitteeMember, form=CommitteeMemberForm, formset=BaseCommitteeFormSet, extra=3, can_delete=True,
)


def committee_seats(formset):
    """The seats a valid committee formset describes (deleted and empty rows left out)."""
    seats = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        data = form.cleaned_data
        if not data:
            continue
        seats.append({k: data.get(k) for k in ("committee", "position", "name", "term_number", "started_on")})
    return seats


class EmployerUnitForm(BootstrapFormMixin, ScopedFormMixin, forms.ModelForm):
    org_code_fields = ("area_org", "union")
    area_org = org_code_field(_("registered with"),
                              help_text=_("The union whose census of employers includes this unit."))
    union = org_code_field(
        _("covering union"), required=False,
        help_text=_("The union that covers this employer; leave empty if it has none yet."),
    )

    class Meta:
        model = EmployerUnit
        fields = ["name", "credit_code", "ownership", "industry", "employee_count", "address", "area_org", "union",
                  "established_on", "operating_status", "sales_band", "village"]
        error_messages = {
            "credit_code": {
                "unique": _("An employer unit with this unified social credit code is already registered."),
            },
        }

    def setup_fields(self):
        self.fields["credit_code"].widget.attrs.update({"maxlength": 18, "class": "font-monospace"})
        self.fields["operating_status"].required = False  # empty: operating normally

    def clean_credit_code(self):
        return check_credit_code(self.cleaned_data.get("credit_code", ""))

    def save(self, commit=True):
        data = {f: self.cleaned_data.get(f) for f in self.Meta.fields}
        data["address"] = data["address"] or ""
        data["village"] = data["village"] or ""
        data["sales_band"] = data["sales_band"] or ""
        data["operating_status"] = data["operating_status"] or OperatingStatus.OPERATING
        if self.instance.pk:
            return services.update_unit(self.user, self.instance, **data)
        return services.create_unit(self.user, **data)

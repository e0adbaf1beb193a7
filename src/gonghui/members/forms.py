"""Forms of the member registry. Each ``save`` calls a service; the member rules live in :mod:`.rules` (the person's
details through services.clean_person), with the same messages as the API and the importer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.core.validators import validate_not_future
from gonghui.orgs.selectors import find_org_by_code, live_orgs_for, units_for

from . import rules, services
from .choices import ApplicationChannel, Education, EmploymentType, Ethnicity, Gender, PoliticalStatus

_BLANK = [("", "---------")]


def mark_invalid(form):
    """Add Bootstrap's ``is-invalid`` to fields that got errors after the form was built (from a service)."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


class _SetupFieldsHook:
    """Lets a form add or adjust fields (scoped querysets, edit-only changes) right after Django builds them
    and before BootstrapFormMixin styles them (which may validate the bound form at once)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields()

    def setup_fields(self):
        pass


class PersonForm(forms.Form):
    """The personal details, checked by the same rules as the services (ID checksum, gender and birth date
    matching the ID number, mobile number), so every error shows next to its field at once."""

    name = forms.CharField(label=_("full name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    gender = forms.ChoiceField(label=_("gender"), choices=_BLANK + list(Gender.choices), required=False,
                               help_text=_("Taken from the ID number when left empty."))
    birth_date = forms.DateField(label=_("date of birth"), required=False, widget=forms.DateInput(),
                                 help_text=_("Taken from the ID number when left empty."))
    phone = forms.CharField(label=_("mobile phone"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    ethnicity = forms.ChoiceField(label=_("ethnicity"), choices=Ethnicity.choices, initial=Ethnicity.HAN)
    education = forms.ChoiceField(label=_("education"), choices=_BLANK + list(Education.choices), required=False)
    political_status = forms.ChoiceField(label=_("political status"), choices=_BLANK + list(PoliticalStatus.choices),
                                         required=False)
    job_title = forms.CharField(label=_("job"), max_length=50, required=False)
    employment_type = forms.ChoiceField(label=_("employment type"), choices=EmploymentType.choices,
                                        initial=EmploymentType.REGULAR)

    user = None
    keep_id_number = None  # editing: an empty ID field keeps the recorded number

    def clean(self):
        cleaned = super().clean()
        data = {k: v for k, v in cleaned.items() if k in services.MEMBER_FIELDS}
        if self.keep_id_number and not data.get("id_number"):
            data["id_number"] = self.keep_id_number
        for name in ("gender", "education", "political_status"):
            if data.get(name) == "":
                data[name] = None if name == "gender" else ""
        try:
            clean = services.clean_person(data, user=self.user)
        except ValidationError as e:
            for field, errors in e.error_dict.items():
                target = field if field in self.fields else None
                if target is not None and target in self.errors:
                    continue
                for err in errors:
                    self.add_error(target, err)
            return cleaned
        cleaned["phone"] = clean["phone"]
        cleaned["gender"] = clean["gender"]
        cleaned["birth_date"] = clean["birth_date"]
        if cleaned.get("id_number"):
            cleaned["id_number"] = clean["id_number"]
        return cleaned


class MemberForm(BootstrapFormMixin, _SetupFieldsHook, PersonForm):
    """Add a member (union chosen by code) or edit one (the union changes only through a transfer)."""

    org = ScopedCodeField(label=_("union"), suggest_url_name="orgs:org_autocomplete",
                          help_text=_("Type the union's name or code and pick it from the list."))
    unit = ScopedCodeField(label=_("employer unit"), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete", required=False,
                           help_text=_("Type the employer's name or unified social credit code."))
    join_date = forms.DateField(label=_("join date"), widget=forms.DateInput(), initial=timezone.localdate)

    field_order = ["org", "name", "id_number", "gender", "birth_date", "phone", "ethnicity", "education",
                   "political_status", "unit", "job_title", "employment_type", "join_date"]

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None:
            self.keep_id_number = instance.id_number
            kwargs["initial"] = {
                **{f: getattr(instance, f) for f in services.MEMBER_FIELDS if f != "id_number"},
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)

    def setup_fields(self):
        self.fields["org"].queryset = live_orgs_for(self.user)
        self.fields["unit"].queryset = units_for(self.user)
        if self.instance is not None:
            del self.fields["org"]
            field = self.fields["id_number"]
            field.required = False
            field.help_text = _("Leave empty to keep the recorded number (%(masked)s).") % {
                "masked": self.instance.id_number_masked
            }
            field.widget.attrs["placeholder"] = self.instance.id_number_masked

    def save(self):
        data = {k: v for k, v in self.cleaned_data.items() if k != "org"}
        if self.instance is None:
            return services.create_member(self.user, self.cleaned_data["org"], data)
        if not data.get("id_number"):
            data.pop("id_number", None)
        return services.update_member(self.user, self.instance, data)


class StatusChangeForm(BootstrapFormMixin, _SetupFieldsHook, forms.Form):
    """Reason (or note) and the date the change takes effect (today unless given, never in the future)."""

    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    date = forms.DateField(label=_("effective date"), required=False, widget=forms.DateInput(),
                           validators=[validate_not_future], help_text=_("Today when left empty."))

    def __init__(self, *args, reason_required=True, reason_label=None, **kwargs):
        self.reason_required = reason_required
        self.reason_label = reason_label
        super().__init__(*args, **kwargs)

    def setup_fields(self):
        self.fields["reason"].required = self.reason_required
        if self.reason_label:
            self.fields["reason"].label = self.reason_label


class TransferStartForm(BootstrapFormMixin, forms.Form):
    """The receiving union is addressed by its code (it may lie outside the sender's part of the tree)."""

    to_org_code = forms.CharField(label=_("receiving union's code"), max_length=30,
                                  help_text=_("Ask the receiving union for its organisation code."))
    reason = forms.CharField(label=_("reason for transfer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_to_org_code(self):
        code = self.cleaned_data["to_org_code"].strip()
        self.to_org = find_org_by_code(code)
        if self.to_org is None:
            raise ValidationError(_("No active union has this code."), code="not_found")
        return code


class ApproveForm(BootstrapFormMixin, forms.Form):
    join_date = forms.DateField(label=_("join date"), required=False, widget=forms.DateInput(),
                                help_text=_("Today when left empty."))

    def clean(self):
        data = super().clean()
        rules.check_join_date(data.get("join_date"), None)
        return data


class JoinApplicationForm(BootstrapFormMixin, PersonForm):
    """The public join form (入会申请). ``website`` is a honeypot: hidden from people, filled by bots."""

    unit_name = forms.CharField(label=_("employer"), max_length=150, required=False,
                                help_text=_("The company or organisation you work for."))
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    field_order = ["name", "id_number", "gender", "birth_date", "phone", "ethnicity", "education",
                   "political_status", "unit_name", "job_title", "employment_type"]

    def __init__(self, *args, org, **kwargs):
        self.org = org
        super().__init__(*args, **kwargs)

    @property
    def is_spam(self):
        return bool((self.data.get("website") or "").strip())

    def person_data(self):
        return {k: v for k, v in self.cleaned_data.items() if k not in ("website", "org")}

    def save(self):
        return services.submit_application(self.org, self.person_data())


class StaffApplicationForm(BootstrapFormMixin, _SetupFieldsHook, PersonForm):
    """An application entered by union staff (channel: staff); the union is chosen by code."""

    org = ScopedCodeField(label=_("union"), suggest_url_name="orgs:org_autocomplete",
                          help_text=_("Type the union's name or code and pick it from the list."))
    unit_name = forms.CharField(label=_("employer"), max_length=150, required=False)

    field_order = ["org", "name", "id_number", "gender", "birth_date", "phone", "ethnicity", "education",
                   "political_status", "unit_name", "job_title", "employment_type"]

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def setup_fields(self):
        self.fields["org"].queryset = live_orgs_for(self.user)

    def save(self):
        data = {k: v for k, v in self.cleaned_data.items() if k != "org"}
        return services.submit_application(self.cleaned_data["org"], data, user=self.user,
                                           channel=ApplicationChannel.STAFF)

"""Forms of rights protection. Every ``save`` calls the service; nothing is written here."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.core.hooks import mediator_roster
from gonghui.core.validators import check_mobile
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import EmployerUnit, Organisation
from gonghui.orgs.selectors import live_orgs_for, scope_roots, units_for

from . import services
from .choices import (
    DOCUMENT_LABEL,
    STAFF_CHANNELS,
    CaseType,
    LegalAidProvider,
    LegalAidResult,
    Outcome,
    ReferredTo,
    RoutingKind,
    Satisfaction,
    WarningKind,
)

ORG_SUGGEST = "orgs:org_autocomplete"
UNIT_SUGGEST = "orgs:unit_autocomplete"
FILE_ACCEPT = ".pdf,.jpg,.jpeg,.png"


def _org_field(label, required=True):
    return ScopedCodeField(label=capfirst(label), suggest_url_name=ORG_SUGGEST, required=required,
                           help_text=_("Type part of the name or the code and pick from the suggestions."))


def _unit_field():
    return ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code", suggest_url_name=UNIT_SUGGEST,
                           required=False,
                           help_text=_("Pick the employer from the units registry; if it is not there, enter its "
                                       "name below."))


def _document_field(label=None, required=False):
    return forms.FileField(label=label or _("Document"), required=required, help_text=DOCUMENT_LABEL,
                           widget=forms.FileInput(attrs={"accept": FILE_ACCEPT}))


class CaseIntakeForm(BootstrapFormMixin, forms.Form):
    """Staff record a complaint from the 12351 hotline, a walk-in, a letter or a referral."""

    received_org = _org_field(_("received at"))
    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    unit = _unit_field()
    employer_name = forms.CharField(label=_("Employer (if not in the registry)"), max_length=150, required=False)
    name = forms.CharField(label=_("Complainant's name"), max_length=50)
    id_number = forms.CharField(label=_("Complainant's ID number"), max_length=20, required=False)
    phone = forms.CharField(label=_("Complainant's mobile phone"), max_length=20, required=False)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    amount_claimed = forms.DecimalField(label=_("Amount claimed (yuan)"), min_value=0, max_digits=14, decimal_places=2,
                                        required=False)
    is_group = forms.BooleanField(label=_("Group case (集体)"), required=False)
    worker_count = forms.IntegerField(label=_("Workers involved"), min_value=1, required=False,
                                      help_text=_("For a group case: how many workers, if the list is not attached."))
    file = forms.FileField(label=_("List of the workers (xlsx or csv)"), required=False,
                           help_text=_("Columns 姓名, 身份证号, 手机号, 诉求金额; the complainant above is the first "
                                       "worker."))
    keep_here = forms.BooleanField(label=_("Handle at the receiving union"), required=False,
                                   help_text=_("Otherwise the case goes to the union covering the employer."))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["received_org"].queryset = live_orgs_for(user)
        self.fields["unit"].queryset = units_for(user)
        if not self.is_bound:
            root = scope_roots(user).first() if user is not None else None
            if root is not None:
                self.fields["received_org"].initial = root

    def save(self):
        d = self.cleaned_data
        data = {k: d.get(k) for k in ("channel", "case_type", "unit", "employer_name", "facts", "amount_claimed",
                                      "is_group", "worker_count")}
        worker = {"name": d["name"], "id_number": d.get("id_number"), "phone": d.get("phone")}
        at = d["received_org"]
        with transaction.atomic():
            case = services.file_case(self.user, at, data, [worker], handling_org=at if d.get("keep_here") else None)
            if d.get("file"):
                services.import_workers(self.user, case, d["file"])
                case.refresh_from_db()
        return case


class RouteForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("How"), choices=[c for c in RoutingKind.choices if c[0] != RoutingKind.INTAKE])
    to_org = ScopedCodeField(label=_("To union (code)"), suggest_url_name=ORG_SUGGEST,
                             help_text=_("For a transfer to a union outside your part of the tree, enter its code."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = Organisation.objects.get_queryset().live()


class RosterInput(forms.TextInput):
    """A text box offering the mediators' roster (``options``: (name, description)) as suggestions: a mediator
    may be chosen from it or named."""

    def __init__(self, options=(), attrs=None):
        super().__init__(attrs)
        self.options = list(options)

    def render(self, name, value, attrs=None, renderer=None):
        if not self.options:
            return super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id') or 'id_' + name}-roster"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', self.options)
        return box + format_html('<datalist id="{}">{}</datalist>', list_id, options)


def _offer_roster(form, case):
    """The mediator field suggests the rosters of the case's handling union and the unions above it."""
    if case is not None:
        options = [option for answer in mediator_roster(case.handling_org) for option in answer]
        form.fields["mediator"].widget = RosterInput(options, form.fields["mediator"].widget.attrs)
        if options:
            form.fields["mediator"].help_text = _("Choose from the mediators' roster, or type a name.")


class MediationForm(BootstrapFormMixin, forms.Form):
    mediator = forms.CharField(label=_("Mediator"), max_length=50)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_roster(self, case)


class ExtendForm(BootstrapFormMixin, forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput)
    worker_consent = forms.BooleanField(label=_("The worker agreed in writing"), required=False)
    employer_consent = forms.BooleanField(label=_("The employer agreed in writing"), required=False)
    consent_note = forms.CharField(label=_("The written consent"), widget=forms.Textarea(attrs={"rows": 2}),
                                   max_length=1000, help_text=_("Who signed, when, what was agreed."))
    document = _document_field(_("Scan of the written consent"))


class SessionForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput)
    mediator = forms.CharField(label=_("Mediator"), max_length=50, required=False)
    participants = forms.CharField(label=_("Participants"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_roster(self, case)


class CloseForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    agreement_amount = forms.DecimalField(label=_("Amount agreed (yuan)"), min_value=0, max_digits=14,
                                          decimal_places=2, required=False)
    paying_deadline = forms.DateField(label=_("To be paid by"), widget=forms.DateInput, required=False)
    amount_recovered = forms.DecimalField(label=_("Amount recovered so far (yuan)"), min_value=0, max_digits=14,
                                          decimal_places=2, required=False)
    referred_to = forms.ChoiceField(label=_("Referred to (mediation failed)"), choices=[("", "—"), *ReferredTo.choices],
                                    required=False)
    legal_aid_offered = forms.BooleanField(label=_("Legal aid offered"), required=False)
    reason = forms.CharField(label=_("Reason or summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             required=False, help_text=_("Required when the case is not accepted."))


class RecoveryForm(BootstrapFormMixin, forms.Form):
    amount_recovered = forms.DecimalField(label=_("Amount recovered so far (yuan)"), min_value=0, max_digits=14,
                                          decimal_places=2)


class DocumentForm(BootstrapFormMixin, forms.Form):
    document = _document_field(required=True)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class WorkersImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("List of the workers (xlsx or csv)"),
                           help_text=_("Columns 姓名, 身份证号, 手机号, 诉求金额."))


class LegalAidForm(BootstrapFormMixin, forms.Form):
    provider_kind = forms.ChoiceField(label=_("Referred to"), choices=LegalAidProvider.choices)
    provider_name = forms.CharField(label=_("Lawyer or centre"), max_length=100)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class LegalAidResultForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=LegalAidResult.choices)
    result_on = forms.DateField(label=_("Result on"), widget=forms.DateInput)
    amount_awarded = forms.DecimalField(label=_("Amount awarded (yuan)"), min_value=0, max_digits=14, decimal_places=2,
                                        required=False)
    amount_recovered = forms.DecimalField(label=_("Amount recovered (yuan)"), min_value=0, max_digits=14,
                                          decimal_places=2, required=False)
    result_note = forms.CharField(label=_("About the result"), widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=2000, required=False)


class WarningForm(BootstrapFormMixin, forms.Form):
    raised_by_org = _org_field(_("raised by union"))
    kind = forms.ChoiceField(label=_("Kind"), choices=WarningKind.choices)
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(label=_("What is happening"), widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=5000)
    unit = _unit_field()
    employer_name = forms.CharField(label=_("Employer (if not in the registry)"), max_length=150, required=False)
    workers_involved = forms.IntegerField(label=_("Workers involved"), min_value=0, required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["raised_by_org"].queryset = live_orgs_for(user)
        self.fields["unit"].queryset = units_for(user)
        if not self.is_bound and user is not None:
            root = scope_roots(user).first()
            if root is not None:
                self.fields["raised_by_org"].initial = root

    def save(self):
        d = self.cleaned_data
        return services.raise_warning(self.user, d["raised_by_org"], d)


class ResponseForm(BootstrapFormMixin, forms.Form):
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                               required=False)


# --- the portal ---------------------------------------------------------------------------------------------


class ComplaintFields(BootstrapFormMixin, forms.Form):
    case_type = forms.ChoiceField(label=_("What is it about"), choices=CaseType.choices)
    employer_name = forms.CharField(label=_("Employer"), max_length=150)
    credit_code = forms.CharField(label=_("Employer's unified social credit code (if you know it)"), max_length=18,
                                  required=False)
    facts = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    amount_claimed = forms.DecimalField(label=_("Amount you claim (yuan)"), min_value=0, max_digits=14,
                                        decimal_places=2, required=False)
    worker_count = forms.IntegerField(label=_("Workers involved (you included)"), min_value=1, required=False,
                                      initial=1)
    document = _document_field(_("Evidence (optional)"))

    def complaint_data(self):
        d = self.cleaned_data
        data = {k: d.get(k) for k in ("case_type", "employer_name", "facts", "amount_claimed", "worker_count")}
        code = (d.get("credit_code") or "").strip().upper()
        units = EmployerUnit.objects.select_related("union", "area_org")
        data["unit"] = units.filter(credit_code=code).first() if code else None
        return data


def area_choices():
    """Township/street and district unions a worker without an account can address (live ones)."""
    qs = (Organisation.objects.get_queryset().live().filter(level__lte=OrgLevel.TOWNSHIP)
          .only("id", "name", "code", "path"))
    return [("", "—")] + [(o.pk, o.name) for o in qs.order_by("path")[:2000]]


class MemberComplaintForm(ComplaintFields):
    pass


class PublicComplaintForm(ComplaintFields):
    name = forms.CharField(label=_("Your name"), max_length=50)
    id_number = forms.CharField(label=_("Your ID number (optional)"), max_length=20, required=False)
    area = forms.ChoiceField(label=_("Where the employer is (district or street union)"), choices=())

    field_order = ["name", "id_number", "area"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()

    def area_org(self):
        return Organisation.objects.filter(pk=self.cleaned_data["area"]).first()


class AnonymousComplaintForm(ComplaintFields):
    area = forms.ChoiceField(label=_("Where the employer is (district or street union)"), choices=())

    field_order = ["area"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()
        self.fields["worker_count"].label = _("Workers involved")

    def area_org(self):
        return Organisation.objects.filter(pk=self.cleaned_data["area"]).first()


class PhoneForm(BootstrapFormMixin, forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def clean_phone(self):
        return check_mobile(self.cleaned_data["phone"])


class CodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class FollowForm(BootstrapFormMixin, forms.Form):
    reference = forms.CharField(label=_("Reference number"), max_length=20)
    follow_code = forms.CharField(label=_("Follow-up code"), max_length=20)


class AddInfoForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("What you want to add"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)
    document = _document_field(_("Document (optional)"))


class RateForm(BootstrapFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(label=_("How satisfied are you with the handling?"), coerce=int,
                                          choices=Satisfaction.choices)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


def today():
    return timezone.localdate()

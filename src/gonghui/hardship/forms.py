from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin, MultipleFileField
from gonghui.orgs.selectors import live_orgs_for

from . import services
from .choices import (
    CampaignKind,
    Category,
    Cause,
    Health,
    Housing,
    IncomeSource,
    Occasion,
    PaymentKind,
    Relation,
    Tier,
    WorkStatus,
)

ORG_SUGGEST = "orgs:org_autocomplete"
ORG_HELP = _("Type part of the name or the code and pick from the suggestions.")


def _org_field(label, required=True):
    return ScopedCodeField(label=capfirst(label), suggest_url_name=ORG_SUGGEST, help_text=ORG_HELP, required=required)


def _situation_fields(health_label, work_label, income_label):
    """The fields of a household's situation that an official and a worker fill alike: the worker's health,
    work and income a month (labelled for who fills them), the causes of hardship and the housing."""
    return (forms.ChoiceField(label=health_label, choices=Health.choices, initial=Health.HEALTHY),
            forms.ChoiceField(label=work_label, choices=WorkStatus.choices, initial=WorkStatus.EMPLOYED),
            forms.DecimalField(label=income_label, decimal_places=2, required=False),
            forms.MultipleChoiceField(label=_("Causes of hardship"), choices=Cause.choices,
                                      widget=forms.CheckboxSelectMultiple),
            forms.ChoiceField(label=capfirst(_("housing")), choices=Housing.choices))


def _rigid_expenses_field():
    return forms.DecimalField(label=capfirst(_("rigid expenses a month (medical, schooling)")), decimal_places=2,
                              required=False)


class OrgsForm(BootstrapFormMixin, forms.Form):
    """A form whose organisation fields (``org_fields``) offer the live organisations the user may see."""

    org_fields = ("org",)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name in self.org_fields:
            self.fields[name].queryset = live_orgs_for(user)


class ThresholdForm(OrgsForm):
    org = _org_field(_("region (organisation)"))
    year = forms.IntegerField(label=capfirst(_("year")))
    dibao_line = forms.DecimalField(label=capfirst(_("minimum living standard (低保) per person a month")),
                                    decimal_places=2)
    deep_line = forms.DecimalField(label=capfirst(_("deep hardship line per person a month")), decimal_places=2)
    relative_line = forms.DecimalField(label=capfirst(_("relative hardship line per person a month")), decimal_places=2)
    note = forms.CharField(label=capfirst(_("note")), required=False, max_length=200)

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({f: getattr(instance, f) for f in (
                "org", "year", "dibao_line", "deep_line", "relative_line", "note")})
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = self.fields["year"].initial or timezone.localdate().year
        if instance is not None:
            del self.fields["org"], self.fields["year"]

    def save(self):
        d = self.cleaned_data
        org = self.instance.org if self.instance else d["org"]
        year = self.instance.year if self.instance else d["year"]
        return services.set_threshold(self.user, org, year, dibao_line=d["dibao_line"], deep_line=d["deep_line"],
                                      relative_line=d["relative_line"], note=d["note"])


class HouseholdMemberForm(BootstrapFormMixin, forms.Form):
    relation = forms.ChoiceField(label=capfirst(_("relation")), choices=[("", "—")] + [
        c for c in Relation.choices if c[0] != Relation.SELF], required=False)
    name = forms.CharField(label=capfirst(_("full name")), max_length=50, required=False)
    id_number = forms.CharField(label=capfirst(_("ID number")), max_length=18, required=False)
    health = forms.ChoiceField(label=capfirst(_("health")), choices=Health.choices, initial=Health.HEALTHY,
                               required=False)
    work = forms.ChoiceField(label=capfirst(_("work")), choices=WorkStatus.choices, initial=WorkStatus.EMPLOYED,
                             required=False)
    employer = forms.CharField(label=capfirst(_("employer or school")), max_length=100, required=False)
    school_entry_year = forms.IntegerField(label=capfirst(_("school entry year")), required=False)
    monthly_income = forms.DecimalField(label=capfirst(_("income a month")), decimal_places=2, required=False)

    def row(self):
        d = self.cleaned_data
        if not d.get("name") and not d.get("relation"):
            return None
        return {k: d.get(k) for k in services.HOUSEHOLD_FIELDS if k != "birth_date"}


HouseholdFormSet = forms.formset_factory(HouseholdMemberForm, extra=0, max_num=15, absolute_max=15)


class ArchiveForm(BootstrapFormMixin, forms.Form):
    """File or edit an archive; the household is a formset of rows (the worker's own row comes from above)."""

    org = _org_field(_("union"))
    name = forms.CharField(label=capfirst(_("full name")), max_length=50)
    id_number = forms.CharField(label=capfirst(_("ID number")), max_length=18)
    phone = forms.CharField(label=capfirst(_("mobile phone")), max_length=11, required=False)
    address = forms.CharField(label=capfirst(_("address")), max_length=200, required=False)
    health, work, monthly_income, causes, housing = _situation_fields(
        _("Worker's health"), _("Worker's work"), _("Worker's income a month"))
    housing_note = forms.CharField(label=capfirst(_("housing details")), max_length=200, required=False)
    receives_dibao = forms.BooleanField(label=capfirst(_("receives 低保")), required=False)
    model_worker = forms.BooleanField(label=capfirst(_("model worker (劳模)")), required=False)
    migrant_worker = forms.BooleanField(label=capfirst(_("migrant worker (农民工)")), required=False)
    monthly_rigid_expenses = _rigid_expenses_field()
    situation = forms.CharField(label=capfirst(_("situation")), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    bank_name = forms.CharField(label=capfirst(_("bank")), max_length=60, required=False)
    bank_account_name = forms.CharField(label=capfirst(_("account holder")), max_length=50, required=False)
    bank_account = forms.CharField(label=capfirst(_("bank account number")), max_length=40, required=False)
    submit = forms.BooleanField(label=_("File as an application now (otherwise kept as a draft)"), required=False,
                                initial=True)

    def __init__(self, data=None, files=None, *, user=None, instance=None, initial=None, **kwargs):
        self.user, self.instance = user, instance
        initial = dict(initial or {})
        household_initial = []
        if instance is not None:
            initial.update({f: getattr(instance, f) for f in services.ARCHIVE_FIELDS})
            initial["org"] = instance.org
            initial["causes"] = list(instance.causes.values_list("cause", flat=True))
            for h in instance.household.all():
                if h.relation == Relation.SELF:
                    initial.update(health=h.health, work=h.work, monthly_income=h.monthly_income)
                else:
                    household_initial.append({f: getattr(h, f) for f in services.HOUSEHOLD_FIELDS})
        super().__init__(data, files, initial=initial, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user)
        self.household = HouseholdFormSet(data, initial=household_initial or None, prefix="household",
                                          form_kwargs={})
        if data is None:
            self.household.extra = 3 if not household_initial else 1
        if instance is not None:
            for name in ("org", "id_number", "submit"):
                del self.fields[name]

    def is_valid(self):
        return super().is_valid() & self.household.is_valid()

    def household_rows(self):
        return [r for r in (f.row() for f in self.household.forms if f.is_valid()) if r]

    def save(self):
        d = dict(self.cleaned_data)
        causes = d.pop("causes")
        rows = self.household_rows()
        if self.instance is not None:
            d["id_number"] = self.instance.id_number
            return services.update_archive(self.user, self.instance, d, rows + [self._self_row(d)], causes)
        org = d.pop("org")
        submit = d.pop("submit")
        return services.create_archive(self.user, org, d, rows, causes, submit=submit)

    def _self_row(self, d):
        return {"relation": Relation.SELF, "name": d["name"], "id_number": self.instance.id_number,
                "health": d["health"], "work": d["work"], "employer": "", "school_entry_year": None,
                "monthly_income": d.get("monthly_income")}


class PortalApplyForm(BootstrapFormMixin, forms.Form):
    """What a worker fills in the portal (the person comes from the membership)."""

    phone = forms.CharField(label=capfirst(_("mobile phone")), max_length=11, required=False)
    address = forms.CharField(label=capfirst(_("address")), max_length=200)
    health, work, monthly_income, causes, housing = _situation_fields(
        _("Your health"), _("Your work"), _("Your income a month"))
    monthly_rigid_expenses = _rigid_expenses_field()
    situation = forms.CharField(label=_("Describe your situation"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.household = HouseholdFormSet(data, prefix="household")
        if data is None:
            self.household.extra = 3

    def is_valid(self):
        return super().is_valid() & self.household.is_valid()

    def household_rows(self):
        return [r for r in (f.row() for f in self.household.forms if f.is_valid()) if r]


class HomeVisitForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=capfirst(_("date")), widget=forms.DateInput, initial=timezone.localdate)
    visitors = forms.CharField(label=capfirst(_("visitors")), max_length=200)
    findings = forms.CharField(label=capfirst(_("findings")), widget=forms.Textarea(attrs={"rows": 3}))
    confirms_application = forms.BooleanField(label=capfirst(_("the visit confirms the application")), required=False,
                                              initial=True)
    photos = MultipleFileField(accept=".jpg,.jpeg,.png", label=_("Photos (JPEG or PNG)"), required=False)


class VerifyForm(BootstrapFormMixin, forms.Form):
    tier = forms.ChoiceField(label=_("Confirmed tier"), choices=Tier.choices)
    tier_reason = forms.CharField(label=_("Reason (if it differs from the proposed tier)"), required=False,
                                  max_length=300)
    public_notice = forms.BooleanField(label=_("Public notice (公示) before approval"), required=False,
                                       initial=services.notice_required)


class ReviewForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=capfirst(_("date")), widget=forms.DateInput, initial=timezone.localdate)
    outcome = forms.ChoiceField(label=capfirst(pgettext_lazy("review", "outcome")), choices=(
        ("continue", _("Remains in hardship")), ("retier", _("Tier changed")), ("close", _("Out of hardship"))))
    tier = forms.ChoiceField(label=_("New tier"), choices=[("", "—")] + Tier.choices, required=False)
    note = forms.CharField(label=capfirst(_("note")), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CloseForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=capfirst(_("closed on")), widget=forms.DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=capfirst(_("reason")), widget=forms.Textarea(attrs={"rows": 3}))


class NoticeEndForm(BootstrapFormMixin, forms.Form):
    objection = forms.CharField(label=_("Objection upheld (leave empty if none)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))


class OccasionForm(BootstrapFormMixin, forms.Form):
    occasion = forms.ChoiceField(label=capfirst(_("occasion")), choices=Occasion.choices)
    due_on = forms.DateField(label=capfirst(_("due on")), widget=forms.DateInput, initial=timezone.localdate)
    note = forms.CharField(label=capfirst(_("note")), max_length=200, required=False)


class VisitForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=capfirst(_("date")), widget=forms.DateInput, initial=timezone.localdate)
    occasion = forms.ChoiceField(label=capfirst(_("occasion")), choices=Occasion.choices)
    visitors = forms.CharField(label=capfirst(_("visitors")), max_length=200)
    note = forms.CharField(label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PairingForm(BootstrapFormMixin, forms.Form):
    cadre_name = forms.CharField(label=capfirst(_("cadre")), max_length=50)
    cadre_title = forms.CharField(label=capfirst(_("cadre's post")), max_length=60, required=False)
    started_on = forms.DateField(label=capfirst(_("from")), widget=forms.DateInput, initial=timezone.localdate)


class CampaignForm(OrgsForm):
    org = _org_field(_("opened by"))
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=CampaignKind.choices)
    name = forms.CharField(label=capfirst(_("name")), max_length=100, required=False)
    year = forms.IntegerField(label=capfirst(_("year")), initial=lambda: timezone.localdate().year)
    budget = forms.DecimalField(label=capfirst(_("budget")), decimal_places=2)
    standard_amount = forms.DecimalField(label=capfirst(_("standard amount per person")), decimal_places=2)
    needs_archive = forms.BooleanField(label=capfirst(_("recipients need an active archive")), required=False,
                                       initial=True)
    eligible_tiers = forms.MultipleChoiceField(label=capfirst(_("eligible tiers")), choices=Tier.choices,
                                               required=False, widget=forms.CheckboxSelectMultiple)
    eligible_categories = forms.MultipleChoiceField(label=capfirst(_("eligible categories")), choices=Category.choices,
                                                    required=False, widget=forms.CheckboxSelectMultiple)
    school_entry_year = forms.IntegerField(label=capfirst(_("school entry year (金秋助学)")), required=False)
    participants = forms.CharField(
        label=_("Participating organisations"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: organisation code, then optionally a space and its budget. Empty: the opening "
                    "organisation and everything under it."))
    note = forms.CharField(label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)

    def clean_participants(self):
        rows = []
        orgs = live_orgs_for(self.user)
        for n, line in enumerate((self.cleaned_data.get("participants") or "").splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            org = orgs.filter(code=parts[0]).first()
            if org is None:
                raise forms.ValidationError(
                    _("Line %(n)d: no organisation with code %(code)s in your part of the tree.")
                    % {"n": n, "code": parts[0]})
            rows.append((org, parts[1] if len(parts) > 1 else "0"))
        return rows

    def save(self):
        d = dict(self.cleaned_data)
        org, parts = d.pop("org"), d.pop("participants")
        return services.open_campaign(self.user, org, d, parts)


class ProposeForm(BootstrapFormMixin, forms.Form):
    archive_no = forms.CharField(label=capfirst(_("archive number")), max_length=20, required=False)
    member_no = forms.CharField(label=_("Member number (campaigns without an archive)"), max_length=20, required=False)
    student = forms.ChoiceField(label=_("Student (金秋助学)"), required=False, choices=())
    amount = forms.DecimalField(label=capfirst(_("amount")), decimal_places=2, required=False,
                                help_text=_("Empty: the campaign's standard amount."))
    note = forms.CharField(label=capfirst(_("note")), max_length=300, required=False)

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [("", "—")] + [
            (str(s.pk), f"{s.name} · {s.archive.name} ({s.archive.archive_no})") for s in students]


class PaymentForm(OrgsForm):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=PaymentKind.choices)
    amount = forms.DecimalField(label=capfirst(_("amount or value")), decimal_places=2)
    goods = forms.CharField(label=capfirst(_("goods")), max_length=200, required=False)
    paid_on = forms.DateField(label=capfirst(_("paid on")), widget=forms.DateInput, initial=timezone.localdate)
    fund_org = _org_field(_("paid from the fund of"), required=False)

    org_fields = ("fund_org",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund_org"].help_text = _("Empty: not paid through an assistance fund ledger (e.g. donated goods).")


class IncomeForm(OrgsForm):
    org = _org_field(_("organisation"))
    amount = forms.DecimalField(label=capfirst(_("amount")), decimal_places=2)
    date = forms.DateField(label=capfirst(_("date")), widget=forms.DateInput, initial=timezone.localdate)
    source = forms.ChoiceField(label=capfirst(_("source")), choices=IncomeSource.choices)
    donor = forms.CharField(label=capfirst(_("donor")), max_length=100, required=False)
    memo = forms.CharField(label=capfirst(_("memo")), max_length=200, required=False)

    def save(self):
        d = self.cleaned_data
        return services.record_income(self.user, d["org"], amount=d["amount"], date=d["date"], source=d["source"],
                                      donor=d["donor"], memo=d["memo"])


class AllocationForm(OrgsForm):
    giver = _org_field(_("from"))
    receiver = _org_field(_("to"))
    amount = forms.DecimalField(label=capfirst(_("amount")), decimal_places=2)
    date = forms.DateField(label=capfirst(_("date")), widget=forms.DateInput, initial=timezone.localdate)
    memo = forms.CharField(label=capfirst(_("memo")), max_length=200, required=False)

    org_fields = ("giver", "receiver")

    def save(self):
        d = self.cleaned_data
        return services.allocate_funds(self.user, d["giver"], d["receiver"], amount=d["amount"], date=d["date"],
                                       memo=d["memo"])[0]


class OverdraftForm(OrgsForm):
    org = _org_field(_("organisation"))
    limit = forms.DecimalField(label=capfirst(_("limit")), decimal_places=2)
    valid_until = forms.DateField(label=capfirst(_("valid until")), widget=forms.DateInput)
    reason = forms.CharField(label=capfirst(_("reason")), max_length=300)

    def save(self):
        d = self.cleaned_data
        return services.approve_overdraft(self.user, d["org"], limit=d["limit"], valid_until=d["valid_until"],
                                          reason=d["reason"])

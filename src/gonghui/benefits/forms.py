from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin, MultipleFileField
from gonghui.members.selectors import members_for
from gonghui.orgs.selectors import live_orgs_for

from . import selectors, services
from .choices import ApplicantKind, InsuranceKind, LoanPurpose, MerchantCategory, PayoutChannel, ProjectKind
from .models import InsurancePlan, MerchantReport, PayoutRate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 2})


def member_by_number(user, number, field="member_no"):
    member = members_for(user).filter(member_no=(number or "").strip()).first()
    if member is None:
        raise ValidationError({field: _g("No member with this number in your part of the union tree.")})
    return member


class _ServiceForm(BootstrapFormMixin, forms.Form):
    """A form whose ``save()`` calls a service; instance fields prefill it."""

    prefill = ()

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update({n: getattr(instance, n) for n in self.prefill})
        super().__init__(*args, **kwargs)
        if "org" in self.fields:
            if instance is not None:
                del self.fields["org"]
            else:
                self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))

    def _member(self):
        try:
            return member_by_number(self.user, self.cleaned_data.get("member_no"))
        except ValidationError as e:
            raise forms.ValidationError(e.message_dict["member_no"]) from None


class CardForm(_ServiceForm):
    member_no = forms.CharField(label=_("Member number"), max_length=20)
    card_number = forms.CharField(label=capfirst(_("card number")), max_length=30)
    bank = forms.CharField(label=capfirst(_("issuing bank")), max_length=60)
    batch = forms.CharField(label=capfirst(_("issue batch")), max_length=40, required=False)
    issued_on = forms.DateField(label=capfirst(_("issued on")), widget=DATE)
    prefill = ("bank", "batch")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            for name in ("member_no", "card_number", "issued_on"):
                del self.fields[name]

    def clean_member_no(self):
        return self._member()

    def save(self):
        d = self.cleaned_data
        if self.instance is not None:
            return services.update_card(self.user, self.instance, bank=d["bank"], batch=d["batch"])
        return services.issue_card(self.user, d["member_no"], card_number=d["card_number"], bank=d["bank"],
                                   issued_on=d["issued_on"], batch=d["batch"])


class MerchantForm(_ServiceForm):
    org = ScopedCodeField(label=capfirst(_("contracting union")), suggest_url_name="orgs:org_autocomplete")
    name = forms.CharField(label=capfirst(_("merchant")), max_length=100)
    category = forms.ChoiceField(label=capfirst(_("category")), choices=MerchantCategory.choices)
    address = forms.CharField(label=capfirst(_("address")), max_length=200)
    latitude = forms.DecimalField(label=capfirst(_("latitude")), min_value=-90, max_value=90, decimal_places=6,
                                  required=False, help_text=_("For “near me” in the member portal, e.g. 34.2610."))
    longitude = forms.DecimalField(label=capfirst(_("longitude")), min_value=-180, max_value=180, decimal_places=6,
                                   required=False, help_text=_("For example 117.1849."))
    phone = forms.CharField(label=capfirst(_("business phone")), max_length=30, required=False)
    discount = forms.CharField(label=capfirst(_("discount promised")), max_length=200,
                               help_text=_("For example: 会员凭卡九折."))
    contract_number = forms.CharField(label=capfirst(_("contract number")), max_length=40, required=False)
    contract_signed_on = forms.DateField(label=capfirst(_("contract signed on")), widget=DATE, required=False,
                                         help_text=_("Members see the discount only while a signed contract is "
                                                     "in its term."))
    contract_starts_on = forms.DateField(label=capfirst(_("contract term starts")), widget=DATE, required=False)
    contract_ends_on = forms.DateField(label=capfirst(_("contract term ends")), widget=DATE, required=False)
    notes = forms.CharField(label=capfirst(_("notes")), widget=TEXT, required=False)
    prefill = services.MERCHANT_FIELDS

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_merchant(self.user, self.instance, d.pop("org", None), **d)


class RoundForm(_ServiceForm):
    org = ScopedCodeField(label=capfirst(_("organising union")), suggest_url_name="orgs:org_autocomplete")
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000, max_value=2100)
    name = forms.CharField(label=capfirst(_("name")), max_length=100)
    contribution = forms.CharField(label=capfirst(_("contribution per person (yuan)")), max_length=20)
    starts_on = forms.DateField(label=capfirst(_("cover starts")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("cover ends")), widget=DATE)
    notes = forms.CharField(label=capfirst(_("covered conditions and rules")), widget=TEXT, required=False)
    prefill = services.ROUND_FIELDS

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_round(self.user, self.instance, d.pop("org", None), **d)


class RateForm(BootstrapFormMixin, forms.Form):
    condition = forms.CharField(label=capfirst(_("covered condition")), max_length=100)
    max_amount = forms.CharField(label=capfirst(_("payout up to (yuan)")), max_length=20)


class EnrolForm(BootstrapFormMixin, forms.Form):
    member_numbers = forms.CharField(label=_("Member numbers"), widget=forms.Textarea(attrs={"rows": 4}),
                                     help_text=_("One member number a line (or separated by commas)."))

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_member_numbers(self):
        import re

        numbers = [n for n in re.split(r"[\s,，、;；]+", self.cleaned_data["member_numbers"]) if n]
        found = {m.member_no: m for m in members_for(self.user).filter(member_no__in=numbers).select_related("org")}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(_g("No member with these numbers in your part of the union tree: "
                                           "%(numbers)s.") % {"numbers": "、".join(missing)})
        return list({n: found[n] for n in numbers}.values())


class ClaimForm(_ServiceForm):
    member_no = forms.CharField(label=_("Member number"), max_length=20)
    rate = forms.ModelChoiceField(label=capfirst(_("covered condition")), queryset=PayoutRate.objects.none())
    amount = forms.CharField(label=capfirst(_("amount claimed (yuan)")), max_length=20)
    treated_on = forms.DateField(label=capfirst(_("treated on")), widget=DATE)
    description = forms.CharField(label=capfirst(_("description")), widget=TEXT, required=False)
    channel = forms.ChoiceField(label=capfirst(_("paid")), choices=PayoutChannel.choices)
    bank_account = forms.CharField(label=capfirst(_("bank account")), max_length=30, required=False)
    prefill = ("description",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            for name in list(self.fields):
                if name != "description":
                    del self.fields[name]
        else:
            self.fields["rate"].queryset = PayoutRate.objects.filter(
                round__in=selectors.rounds_for(self.user)).select_related("round")
            self.fields["rate"].label_from_instance = lambda r: f"{r.round} · {r}"

    def clean_member_no(self):
        return self._member()

    def save(self):
        d = dict(self.cleaned_data)
        if self.instance is not None:
            return services.update_claim(self.user, self.instance, description=d["description"])
        rate = d["rate"]
        return services.file_claim(self.user, rate.round, d.pop("member_no"), **d)


class LoanForm(_ServiceForm):
    member_no = forms.CharField(label=_("Member number"), max_length=20)
    applicant_kind = forms.ChoiceField(label=capfirst(_("applicant kind")), choices=ApplicantKind.choices)
    purpose = forms.ChoiceField(label=capfirst(_("purpose")), choices=LoanPurpose.choices)
    project_kind = forms.ChoiceField(label=capfirst(_("project (五小)")), choices=ProjectKind.choices)
    registered_unemployed = forms.BooleanField(
        label=capfirst(_("registered unemployed or in difficulty finding work")), required=False)
    business_started_on = forms.DateField(label=capfirst(_("business running since")), widget=DATE, required=False)
    amount = forms.CharField(label=capfirst(_("amount (yuan)")), max_length=20)
    applied_on = forms.DateField(label=capfirst(_("applied on")), widget=DATE)
    guarantee = forms.CharField(label=capfirst(_("guarantee")), max_length=200, required=False)
    notes = forms.CharField(label=capfirst(_("notes")), widget=TEXT, required=False)
    prefill = services.LOAN_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            del self.fields["member_no"]

    def clean_member_no(self):
        return self._member()

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_loan(self.user, self.instance, d.pop("member_no", None), **d)


class QuotaForm(_ServiceForm):
    org = ScopedCodeField(label=capfirst(_("union")), suggest_url_name="orgs:org_autocomplete")
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000, max_value=2100)
    cap = forms.CharField(label=capfirst(_("total cap (yuan)")), max_length=20)
    notes = forms.CharField(label=capfirst(_("notes")), max_length=200, required=False)
    prefill = ("year", "cap", "notes")

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_quota(self.user, self.instance, d.pop("org", None), year=d["year"], cap=d["cap"],
                                   notes=d["notes"])


class DateForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ApproveClaimForm(BootstrapFormMixin, forms.Form):
    approved_amount = forms.CharField(label=capfirst(_("amount approved (yuan)")), max_length=20, required=False,
                                      help_text=_("Empty: the amount claimed."))


class ApproveLoanForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=capfirst(_("bank decided on")), widget=DATE)
    due_on = forms.DateField(label=capfirst(_("repayment due")), widget=DATE, required=False)


class DisburseForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=capfirst(_("disbursed on")), widget=DATE)
    due_on = forms.DateField(label=capfirst(_("repayment due")), widget=DATE, required=False)


class RepayForm(BootstrapFormMixin, forms.Form):
    amount = forms.CharField(label=_("Amount repaid (yuan)"), max_length=20)


class CancelForm(ReasonForm):
    pass


# --- merchants: the contract's file, the follow-up of a report -----------------------------------------------------

class ContractFileForm(BootstrapFormMixin, forms.Form):
    document = forms.FileField(label=_("The signed contract"), help_text=_("PDF, JPG or PNG, at most 10 MB."))


class FollowUpForm(BootstrapFormMixin, forms.Form):
    report = forms.ModelChoiceField(label=_("Report of a discount not honoured"),
                                    queryset=MerchantReport.objects.none())
    follow_up = forms.CharField(label=capfirst(_("what the union did")), widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=2000)
    on = forms.DateField(label=capfirst(_("followed up on")), widget=DATE)

    def __init__(self, *args, merchant=None, **kwargs):
        super().__init__(*args, **kwargs)
        if merchant is not None:
            self.fields["report"].queryset = merchant.reports.filter(honoured=False, followed_up_on__isnull=True)
        self.fields["report"].label_from_instance = lambda r: f"{r.created_at:%Y-%m-%d} {r.comment[:60]}"


# --- group insurance ----------------------------------------------------------------------------------------------

class PlanForm(_ServiceForm):
    org = ScopedCodeField(label=capfirst(_("organising union")), suggest_url_name="orgs:org_autocomplete")
    kind = forms.ChoiceField(label=capfirst(_("kind of insurance")), choices=InsuranceKind.choices)
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000, max_value=2100)
    name = forms.CharField(label=capfirst(_("name")), max_length=100)
    insurer = forms.CharField(label=capfirst(_("insurer")), max_length=100)
    policy_number = forms.CharField(label=capfirst(_("policy number")), max_length=40, required=False)
    premium = forms.CharField(label=capfirst(_("premium per person (yuan)")), max_length=20)
    sum_insured = forms.CharField(label=capfirst(_("sum insured per person (yuan)")), max_length=20)
    starts_on = forms.DateField(label=capfirst(_("cover starts")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("cover ends")), widget=DATE)
    notes = forms.CharField(label=capfirst(_("cover and rules")), widget=TEXT, required=False)
    prefill = services.insurance.PLAN_FIELDS

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_plan(self.user, self.instance, d.pop("org", None), **d)


class InsuranceClaimForm(_ServiceForm):
    plan = forms.ModelChoiceField(label=capfirst(_("group insurance")), queryset=InsurancePlan.objects.none())
    member_no = forms.CharField(label=_("Member number"), max_length=20)
    event = forms.CharField(label=capfirst(_("illness or accident")), max_length=200)
    occurred_on = forms.DateField(label=capfirst(_("occurred on")), widget=DATE)
    amount = forms.CharField(label=capfirst(_("amount claimed (yuan)")), max_length=20)
    submitted_on = forms.DateField(label=capfirst(_("sent to the insurer on")), widget=DATE)
    prefill = ("event",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            for name in list(self.fields):
                if name != "event":
                    del self.fields[name]
        else:
            self.fields["plan"].queryset = selectors.plans_for(self.user)

    def clean_member_no(self):
        return self._member()

    def save(self):
        d = dict(self.cleaned_data)
        if self.instance is not None:
            return services.update_insurance_claim(self.user, self.instance, event=d["event"])
        return services.file_insurance_claim(self.user, d.pop("plan"), d.pop("member_no"), **d)


class PayInsuranceClaimForm(BootstrapFormMixin, forms.Form):
    paid_amount = forms.CharField(label=capfirst(_("amount paid (yuan)")), max_length=20, required=False,
                                  help_text=_("Empty: the amount claimed."))
    on = forms.DateField(label=capfirst(_("paid on")), widget=DATE)


# --- the portal ---------------------------------------------------------------------------------------------------

class ActivateForm(BootstrapFormMixin, forms.Form):
    last4 = forms.CharField(label=_("Last four digits of the card number"), max_length=4, min_length=4)


class PortalClaimForm(BootstrapFormMixin, forms.Form):
    rate = forms.ModelChoiceField(label=_("Condition"), queryset=PayoutRate.objects.none())
    amount = forms.CharField(label=_("Amount claimed (yuan)"), max_length=20)
    treated_on = forms.DateField(label=_("Date of treatment"), widget=DATE)
    description = forms.CharField(label=_("Description"), widget=TEXT, required=False)
    channel = forms.ChoiceField(label=_("Pay to"), choices=PayoutChannel.choices)
    bank_account = forms.CharField(label=_("Bank account (when paid to a bank)"), max_length=30, required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate"].queryset = selectors.member_rates(member)
        self.fields["rate"].label_from_instance = lambda r: f"{r.round} · {r}"


class PortalInsuranceClaimForm(BootstrapFormMixin, forms.Form):
    event = forms.CharField(label=_("What happened (the illness or accident)"), max_length=200)
    occurred_on = forms.DateField(label=_("Date it happened"), widget=DATE)
    amount = forms.CharField(label=_("Amount claimed (yuan)"), max_length=20)
    documents = MultipleFileField(accept=".pdf,.jpg,.jpeg,.png",
                                  label=_("Documents (PDF, JPG or PNG, at most 10 MB each)"),
                                  help_text=_("The hospital's bill, the diagnosis or the accident report."))


class RateMerchantForm(BootstrapFormMixin, forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(i, "★" * i) for i in range(5, 0, -1)])
    honoured = forms.BooleanField(label=_("The discount was honoured"), required=False, initial=True)
    comment = forms.CharField(label=_("Comment"), widget=TEXT, required=False, max_length=1000)

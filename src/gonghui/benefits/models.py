"""Member benefits (服务职工): the member service card (工会会员服务卡), merchants with discounts under a signed
contract (特惠商户), mutual medical aid (职工医疗互助: rounds, the payout table, enrolments, claims) and
micro-loans (小额担保贷款: applications within limits by applicant kind and a county cap)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import EncryptedCharField
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    LIVE_CARD_STATUSES,
    ApplicantKind,
    CardStatus,
    ClaimStatus,
    InsuranceClaimStatus,
    InsuranceKind,
    LoanPurpose,
    LoanStatus,
    MerchantCategory,
    PayoutChannel,
    ProjectKind,
    RoundStatus,
)

C, CL, L, IC = CardStatus, ClaimStatus, LoanStatus, InsuranceClaimStatus
_storage = DataStorage("benefits")


def contract_storage():
    return _storage


def _upload_to(instance, filename):  # uploads go through store_upload; this only names the field's default
    return filename


class _Styled:
    status_styles = {}

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class ServiceCard(_Styled, ScopedModel):
    """A member's service card (工会会员服务卡): issued by a bank from the union's roster, delivered, activated
    (by the member in the portal or from the bank's file) and used. A member has one card that is not cancelled."""

    org = org_field(_("union"), "service_cards")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="service_cards")
    card_number = EncryptedCharField(_("card number"))
    card_hash = models.CharField(max_length=64, editable=False, db_index=True)
    bank = models.CharField(_("issuing bank"), max_length=60)
    batch = models.CharField(_("issue batch"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CardStatus.choices, default=C.ISSUED,
                              db_index=True)
    issued_on = models.DateField(_("issued on"), db_index=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    activated_on = models.DateField(_("activated on"), null=True, blank=True, db_index=True)
    last_used_on = models.DateField(_("last used on"), null=True, blank=True, db_index=True)
    uses = models.PositiveIntegerField(_("uses"), default=0)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "benefits:card_detail"
    audit_fields = ["org", "member", "card_number", "bank", "batch", "status", "issued_on", "delivered_on",
                    "activated_on", "last_used_on", "uses"]
    status_styles = {C.ISSUED: "text-bg-secondary", C.DELIVERED: "text-bg-info", C.ACTIVE: "text-bg-success",
                     C.CANCELLED: "text-bg-dark"}
    workflow = Workflow(
        Transition("deliver", sources=[C.ISSUED], target=C.DELIVERED, label=_("delivered to the member"),
                   button=_("Record the delivery"), url_name="benefits:card_deliver", style="primary",
                   api="deliver"),
        Transition("activate", sources=[C.ISSUED, C.DELIVERED], target=C.ACTIVE, label=_("activated"),
                   button=_("Record the activation"), url_name="benefits:card_activate", style="primary",
                   api="activate"),
        Transition("activate_self", sources=[C.ISSUED, C.DELIVERED], target=C.ACTIVE,
                   label=_("activated by the member in the portal"), system=True),
        Transition("cancel", sources=[C.ISSUED, C.DELIVERED, C.ACTIVE], target=C.CANCELLED,
                   label=pgettext_lazy("benefits", "cancelled"), button=_("Cancel the card"),
                   url_name="benefits:card_cancel", style="outline-danger", api="cancel"),
        conflict=_("The card has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("service card")
        verbose_name_plural = _("service cards")
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["member"], condition=models.Q(status__in=LIVE_CARD_STATUSES),
                                               name="benefits_one_live_card_per_member"),
                       models.UniqueConstraint(fields=["card_hash"], name="benefits_card_number_once")]

    def __str__(self):
        return f"{self.member.name} {self.card_number_masked}"


class CardUse(models.Model):
    """A use of a service card from the bank's file, once per transaction serial number (a file imported twice
    counts each use once)."""

    card = part_of(ServiceCard, _("service card"), "use_events")
    serial = models.CharField(_("transaction serial number"), max_length=40)
    used_on = models.DateField(_("used on"))
    merchant_name = models.CharField(_("merchant"), max_length=100, blank=True)
    created_at = created_field()

    class Meta:
        verbose_name = _("card use")
        verbose_name_plural = _("card uses")
        ordering = ["-used_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["card", "serial"], name="benefits_card_use_once")]


class Merchant(ScopedModel):
    """A merchant offering members a discount (特惠商户). The discount is shown to members only while the contract
    that promises it is signed and in its term ("一定要签订合同")."""

    org = org_field(_("contracting union"), "benefit_merchants")
    name = models.CharField(_("merchant"), max_length=100)
    category = models.CharField(_("category"), max_length=12, choices=MerchantCategory.choices)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    phone = models.CharField(_("business phone"), max_length=30, blank=True)
    discount = models.CharField(_("discount promised"), max_length=200)
    contract_number = models.CharField(_("contract number"), max_length=40, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    contract_starts_on = models.DateField(_("contract term starts"), null=True, blank=True)
    contract_ends_on = models.DateField(_("contract term ends"), null=True, blank=True, db_index=True)
    expiry_reminded_on = models.DateField(null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "benefits:merchant_detail"
    audit_fields = ["org", "name", "category", "address", "latitude", "longitude", "phone", "discount",
                    "contract_number",
                    "contract_signed_on", "contract_starts_on", "contract_ends_on", "notes"]

    class Meta:
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def contract_in_force(self, today):
        return bool(self.contract_signed_on and self.contract_starts_on and self.contract_ends_on
                    and self.contract_starts_on <= today <= self.contract_ends_on)


class MerchantReport(models.Model):
    """A member's rating of a merchant, and whether the discount was honoured; a discount not honoured is followed
    up by the union."""

    merchant = part_of(Merchant, _("merchant"), "reports")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="merchant_reports")
    rating = models.PositiveSmallIntegerField(_("rating (1 to 5)"))
    honoured = models.BooleanField(_("discount honoured"), default=True)
    comment = models.TextField(_("comment"), blank=True)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up = models.TextField(_("what the union did"), blank=True)
    followed_up_by = user_field(_("followed up by"))
    created_at = created_field()

    class Meta:
        verbose_name = _("merchant rating")
        verbose_name_plural = _("merchant ratings")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5),
                                              name="benefits_rating_1_to_5")]


class AidRound(_Styled, ScopedModel):
    """A yearly round of mutual medical aid (职工医疗互助): the contribution per person and the payout table."""

    org = org_field(_("organising union"), "aid_rounds")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    name = models.CharField(_("name"), max_length=100)
    contribution = models.DecimalField(_("contribution per person (yuan)"), max_digits=10, decimal_places=2)
    starts_on = models.DateField(_("cover starts"))
    ends_on = models.DateField(_("cover ends"))
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN,
                              db_index=True)
    notes = models.TextField(_("covered conditions and rules"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "benefits:round_detail"
    audit_fields = ["org", "year", "name", "contribution", "starts_on", "ends_on", "status", "notes"]
    status_styles = {RoundStatus.OPEN: "text-bg-success", RoundStatus.CLOSED: "text-bg-dark"}
    workflow = Workflow(
        Transition("close", sources=[RoundStatus.OPEN], target=RoundStatus.CLOSED, label=_("closed"),
                   button=_("Close the round"), url_name="benefits:round_close", style="outline-danger",
                   api="close"),
        Transition("rate", label=_("payout table changed"), button=_("Add a payout rate"),
                   url_name="benefits:round_rate", api="rate"),
        Transition("enrol", label=_("members enrolled"), button=_("Enrol members"),
                   url_name="benefits:round_enrol", when=lambda r: r.status == RoundStatus.OPEN, api="enrol"),
        conflict=_("The round has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("mutual aid round")
        verbose_name_plural = _("mutual aid rounds")
        ordering = ["-year", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")),
                                              name="benefits_round_ends_after_start")]

    def __str__(self):
        return f"{self.year} {self.name}"


class PayoutRate(models.Model):
    """A line of a round's payout table: a covered condition and the most a claim for it is paid."""

    round = part_of(AidRound, _("mutual aid round"), "rates")
    condition = models.CharField(_("covered condition"), max_length=100)
    max_amount = models.DecimalField(_("payout up to (yuan)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("payout rate")
        verbose_name_plural = _("payout table")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "condition"], name="benefits_rate_once")]

    def __str__(self):
        return f"{self.condition}（≤{self.max_amount}）"


class AidEnrolment(models.Model):
    """A member enrolled in a round, with the contribution remitted for them."""

    round = part_of(AidRound, _("mutual aid round"), "enrolments")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="aid_enrolments")
    contribution = models.DecimalField(_("contribution (yuan)"), max_digits=10, decimal_places=2)
    enrolled_on = models.DateField(_("enrolled on"))

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="benefits_enrolled_once")]


class AidClaim(_Styled, ScopedModel):
    """A member's claim under a round (in the portal or by staff), checked against the round's payout table,
    approved and paid once (to the service card or a bank account)."""

    org = org_field(_("union"), "aid_claims")
    round = models.ForeignKey(AidRound, verbose_name=_("mutual aid round"), on_delete=models.PROTECT,
                              related_name="claims")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="aid_claims")
    rate = models.ForeignKey(PayoutRate, verbose_name=_("covered condition"), on_delete=models.PROTECT,
                             related_name="claims")
    amount = models.DecimalField(_("amount claimed (yuan)"), max_digits=10, decimal_places=2)
    approved_amount = models.DecimalField(_("amount approved (yuan)"), max_digits=10, decimal_places=2, null=True,
                                          blank=True)
    treated_on = models.DateField(_("treated on"))
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(_("paid"), max_length=8, choices=PayoutChannel.choices, default=PayoutChannel.CARD)
    bank_account = EncryptedCharField(_("bank account"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ClaimStatus.choices, default=CL.SUBMITTED,
                              db_index=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, db_index=True)
    reason = models.TextField(_("reason for rejection"), blank=True)
    by_member = models.BooleanField(_("filed in the portal"), default=False)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "benefits:claim_detail"
    audit_fields = ["org", "round", "member", "rate", "amount", "approved_amount", "treated_on", "description",
                    "channel", "bank_account", "status", "decided_on", "paid_on", "reason"]
    status_styles = {CL.SUBMITTED: "text-bg-primary", CL.APPROVED: "text-bg-info", CL.PAID: "text-bg-success",
                     CL.REJECTED: "text-bg-dark"}
    workflow = Workflow(
        Transition("approve", sources=[CL.SUBMITTED], target=CL.APPROVED, label=_("approved"),
                   button=_("Approve"), url_name="benefits:claim_approve", style="primary", api="approve"),
        Transition("reject", sources=[CL.SUBMITTED], target=CL.REJECTED, label=_("rejected"),
                   button=_("Reject"), url_name="benefits:claim_reject", style="outline-danger", api="reject"),
        Transition("pay", sources=[CL.APPROVED], target=CL.PAID, label=_("paid"), button=_("Record the payment"),
                   url_name="benefits:claim_pay", style="primary", api="pay"),
        conflict=_("The claim has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("mutual aid claim")
        verbose_name_plural = _("mutual aid claims")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.member.name} {self.rate.condition}"


class LoanQuota(ScopedModel):
    """A county's total for micro-loans in a year: applications within its subtree cannot exceed it."""

    org = org_field(_("union"), "loan_quotas")
    year = models.PositiveSmallIntegerField(_("year"))
    cap = models.DecimalField(_("total cap (yuan)"), max_digits=14, decimal_places=2)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    created_by = user_field(_("recorded by"))
    updated_at = updated_field()

    detail_url_name = "benefits:quota_detail"
    audit_fields = ["org", "year", "cap", "notes"]

    class Meta:
        verbose_name = _("loan quota")
        verbose_name_plural = _("loan quotas")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="benefits_quota_once_a_year")]

    def __str__(self):
        return f"{self.org} {self.year}"


class LoanApplication(_Styled, ScopedModel):
    """A micro-loan application (小额担保贷款): eligibility, the limit by applicant kind and the county cap when it
    is made; the guarantee, the bank's decision, disbursal, repayment and default."""

    org = org_field(_("union"), "loan_applications")
    member = models.ForeignKey("members.Member", verbose_name=_("applicant"), on_delete=models.PROTECT,
                               related_name="loan_applications")
    applicant_kind = models.CharField(_("applicant kind"), max_length=12, choices=ApplicantKind.choices)
    purpose = models.CharField(_("purpose"), max_length=10, choices=LoanPurpose.choices)
    project_kind = models.CharField(_("project (五小)"), max_length=10, choices=ProjectKind.choices)
    registered_unemployed = models.BooleanField(_("registered unemployed or in difficulty finding work"),
                                                default=False)
    business_started_on = models.DateField(_("business running since"), null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    applied_on = models.DateField(_("applied on"), db_index=True)
    guarantee = models.CharField(_("guarantee"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LoanStatus.choices, default=L.APPLIED,
                              db_index=True)
    decided_on = models.DateField(_("bank decided on"), null=True, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True, db_index=True)
    due_on = models.DateField(_("repayment due"), null=True, blank=True)
    repaid = models.DecimalField(_("repaid (yuan)"), max_digits=12, decimal_places=2, default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "benefits:loan_detail"
    audit_fields = ["org", "member", "applicant_kind", "purpose", "project_kind", "registered_unemployed",
                    "business_started_on", "amount", "applied_on", "guarantee", "status", "decided_on",
                    "disbursed_on", "due_on", "repaid", "notes"]
    status_styles = {L.APPLIED: "text-bg-primary", L.APPROVED: "text-bg-info", L.DISBURSED: "text-bg-warning",
                     L.REPAID: "text-bg-success", L.DEFAULTED: "text-bg-danger", L.REJECTED: "text-bg-dark"}
    workflow = Workflow(
        Transition("approve", sources=[L.APPLIED], target=L.APPROVED, label=_("approved by the bank"),
                   button=_("Record the bank's approval"), url_name="benefits:loan_approve", style="primary",
                   api="approve"),
        Transition("reject", sources=[L.APPLIED], target=L.REJECTED, label=_("rejected"),
                   button=_("Record a rejection"), url_name="benefits:loan_reject", style="outline-danger",
                   api="reject"),
        Transition("disburse", sources=[L.APPROVED], target=L.DISBURSED, label=_("disbursed"),
                   button=_("Record the disbursal"), url_name="benefits:loan_disburse", style="primary",
                   api="disburse"),
        Transition("repay", sources=[L.DISBURSED], label=_("repayment recorded"), button=_("Record a repayment"),
                   url_name="benefits:loan_repay", api="repay"),
        Transition("settle", sources=[L.DISBURSED], target=L.REPAID, label=_("repaid in full"), system=True),
        Transition("default", sources=[L.DISBURSED], target=L.DEFAULTED, label=_("defaulted"),
                   button=_("Record a default"), url_name="benefits:loan_default", style="outline-danger",
                   api="default"),
        conflict=_("The application has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("micro-loan")
        verbose_name_plural = _("micro-loans")
        ordering = ["-applied_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="benefits_loan_positive")]

    def __str__(self):
        return f"{self.member.name} {self.amount}"


class MerchantContract(Attachment):
    """The signed merchant contract (the attachment): checked by content and size, never served inline."""

    merchant = part_of(Merchant, _("merchant"), "contracts")
    file = models.FileField(_("file"), storage=contract_storage, upload_to=_upload_to, max_length=200)
    uploaded_at = created_field(_("uploaded"))

    class Meta:
        verbose_name = _("merchant contract")
        verbose_name_plural = _("merchant contracts")
        ordering = ["id"]

    def __str__(self):
        return self.file_name


class InsurancePlan(_Styled, ScopedModel):
    """A group insurance a union buys for its members for a period (e.g. 女职工安康保险): the insurer, the premium
    per person, the sum insured; members are enrolled, and their claims are sent to the insurer."""

    org = org_field(_("organising union"), "insurance_plans")
    kind = models.CharField(_("kind of insurance"), max_length=10, choices=InsuranceKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    name = models.CharField(_("name"), max_length=100)
    insurer = models.CharField(_("insurer"), max_length=100)
    policy_number = models.CharField(_("policy number"), max_length=40, blank=True)
    premium = models.DecimalField(_("premium per person (yuan)"), max_digits=10, decimal_places=2)
    sum_insured = models.DecimalField(_("sum insured per person (yuan)"), max_digits=12, decimal_places=2)
    starts_on = models.DateField(_("cover starts"))
    ends_on = models.DateField(_("cover ends"), db_index=True)
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN,
                              db_index=True)
    notes = models.TextField(_("cover and rules"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "benefits:plan_detail"
    audit_fields = ["org", "kind", "year", "name", "insurer", "policy_number", "premium", "sum_insured",
                    "starts_on", "ends_on", "status", "notes"]
    status_styles = {RoundStatus.OPEN: "text-bg-success", RoundStatus.CLOSED: "text-bg-dark"}
    workflow = Workflow(
        Transition("enrol", label=_("members enrolled"), button=_("Enrol members"),
                   url_name="benefits:plan_enrol", when=lambda p: p.status == RoundStatus.OPEN, api="enrol"),
        Transition("close", sources=[RoundStatus.OPEN], target=RoundStatus.CLOSED, label=_("closed"),
                   button=_("Close the enrolment"), url_name="benefits:plan_close", style="outline-danger",
                   api="close"),
        conflict=_("The insurance has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("group insurance")
        verbose_name_plural = _("group insurances")
        ordering = ["-year", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")),
                                              name="benefits_plan_ends_after_start")]

    def __str__(self):
        return f"{self.year} {self.name}"


class InsuranceEnrolment(models.Model):
    """A member insured under a plan, with the premium paid for them."""

    plan = part_of(InsurancePlan, _("group insurance"), "enrolments")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="insurance_enrolments")
    premium = models.DecimalField(_("premium (yuan)"), max_digits=10, decimal_places=2)
    enrolled_on = models.DateField(_("enrolled on"))

    class Meta:
        verbose_name = _("insured member")
        verbose_name_plural = _("insured members")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "member"], name="benefits_insured_once")]


class InsuranceClaim(_Styled, ScopedModel):
    """A claim of an insured member, sent by the union to the insurer and paid (once) or declined by it."""

    org = org_field(_("union"), "insurance_claims")
    plan = models.ForeignKey(InsurancePlan, verbose_name=_("group insurance"), on_delete=models.PROTECT,
                             related_name="claims")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="insurance_claims")
    event = models.CharField(_("illness or accident"), max_length=200)
    occurred_on = models.DateField(_("occurred on"))
    amount = models.DecimalField(_("amount claimed (yuan)"), max_digits=12, decimal_places=2)
    paid_amount = models.DecimalField(_("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True,
                                      blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InsuranceClaimStatus.choices,
                              default=IC.SUBMITTED, db_index=True)
    submitted_on = models.DateField(_("sent to the insurer on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True, db_index=True)
    reason = models.TextField(_("insurer's reason"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "benefits:iclaim_detail"
    audit_fields = ["org", "plan", "member", "event", "occurred_on", "amount", "paid_amount", "status",
                    "submitted_on", "paid_on", "reason"]
    status_styles = {IC.SUBMITTED: "text-bg-primary", IC.PAID: "text-bg-success", IC.REJECTED: "text-bg-dark"}
    workflow = Workflow(
        Transition("pay", sources=[IC.SUBMITTED], target=IC.PAID, label=_("paid by the insurer"),
                   button=_("Record the insurer's payment"), url_name="benefits:iclaim_pay", style="primary",
                   api="pay"),
        Transition("decline", sources=[IC.SUBMITTED], target=IC.REJECTED, label=_("declined by the insurer"),
                   button=_("Record the insurer's refusal"), url_name="benefits:iclaim_decline",
                   style="outline-danger", api="decline"),
        conflict=_("The claim has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("insurance claim")
        verbose_name_plural = _("insurance claims")
        ordering = ["-occurred_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0),
                                              name="benefits_iclaim_positive")]

    def __str__(self):
        return f"{self.member.name} {self.event}"


class InsuranceClaimDocument(Attachment):
    """A document of an insurance claim (the hospital's bill, a diagnosis): checked by content and size, never
    served inline."""

    claim = part_of(InsuranceClaim, _("insurance claim"), "documents")
    file = models.FileField(_("file"), storage=contract_storage, upload_to=_upload_to, max_length=200)
    uploaded_at = created_field(_("uploaded"))

    class Meta:
        verbose_name = _("insurance claim document")
        verbose_name_plural = _("insurance claim documents")
        ordering = ["id"]

    def __str__(self):
        return self.file_name

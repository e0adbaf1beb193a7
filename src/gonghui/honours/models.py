"""Honours and model workers (劳模、先进、五一奖章、工人先锋号): the schemes each level keeps, the selection rounds
with their quotas and recommendations (democratic review, the review above, public notice, approval, award), the
registry of model workers (劳模档案) with their titles and yearly census, the allowance rules and payment runs, and the
care side: rest-trip and health-check rounds (疗休养、体检) with places, sign-up and attendance, and visits, study
grants and one-off awards (慰问、助学)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import EncryptedCharField
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    AllowanceKind,
    CareKind,
    CareRoundStatus,
    HonourCategory,
    HonourLevel,
    RecipientKind,
    RecommendationStatus,
    RoundStatus,
    RunStatus,
    SupportKind,
    WorkerStatus,
    default_notice_days,
)

MONEY = {"max_digits": 12, "decimal_places": 2}
R = RecommendationStatus


class HonourScheme(ScopedModel):
    """An honour a level awards (市劳动模范, 五一劳动奖章, 工人先锋号 ...): its level, cycle and recipients."""

    org = org_field(_("awarding union"), "honour_schemes")
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("kind of honour"), max_length=20, choices=HonourCategory.choices)
    level = models.CharField(_("level"), max_length=12, choices=HonourLevel.choices, db_index=True)
    recipient = models.CharField(_("awarded to"), max_length=10, choices=RecipientKind.choices,
                                 default=RecipientKind.PERSON)
    cycle_years = models.PositiveSmallIntegerField(_("cycle (years)"), default=5)
    active = models.BooleanField(_("in use"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()

    detail_url_name = "honours:scheme_detail"
    audit_exclude = ("created_at",)

    class Meta:
        verbose_name = _("honour scheme")
        verbose_name_plural = _("honour schemes")
        ordering = ["level", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="honours_scheme_name_once")]

    def __str__(self):
        return self.name


class SelectionRound(ScopedModel):
    """A round of selection (评选) of a scheme in a year, with quotas handed down to the unions below."""

    org = org_field(_("organising union"), "honour_rounds")
    scheme = models.ForeignKey(HonourScheme, verbose_name=_("honour scheme"), on_delete=models.PROTECT,
                               related_name="rounds")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    name = models.CharField(_("name"), max_length=120)
    notice_days = models.PositiveSmallIntegerField(_("public notice (days)"), default=default_notice_days)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN,
                              db_index=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "honours:round_detail"
    audit_exclude = ("created_at", "updated_at")
    status_styles = {RoundStatus.OPEN: "text-bg-success", RoundStatus.CLOSED: "text-bg-secondary"}
    workflow = Workflow(
        Transition("quota", sources=[RoundStatus.OPEN], label=_("quota set"), button=_("Hand down a quota"),
                   url_name="honours:round_quota", style="outline-primary", api="quota"),
        Transition("close", sources=[RoundStatus.OPEN], target=RoundStatus.CLOSED, label=_("closed"),
                   button=_("Close the round"), url_name="honours:round_close", api="close"),
        conflict=_("The round has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="honours_one_round_a_year")]

    def __str__(self):
        return self.name

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class RoundQuota(models.Model):
    """How many a union below may recommend in a round (名额)."""

    round = part_of(SelectionRound, _("selection round"), "quotas")
    org = org_field(_("recommending union"))
    quota = models.PositiveSmallIntegerField(_("quota"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="honours_one_quota_per_union")]

    def __str__(self):
        return f"{self.org} {self.quota}"


class ModelWorker(ScopedModel):
    """A model worker's archive (劳模档案), held by the union responsible for their care."""

    org = org_field(_("union responsible for care"), "model_workers")
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    id_number = EncryptedCharField(_("ID number"))
    id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    keyed_hashes = {"id_hash": ("id_number",)}
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    employer = models.CharField(_("employer"), max_length=100)
    level = models.CharField(_("highest title level"), max_length=12, choices=HonourLevel.choices, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=WorkerStatus.choices, default=WorkerStatus.WORKING,
                              db_index=True)
    deceased_on = models.DateField(_("died on"), null=True, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = EncryptedCharField(_("bank account number"), blank=True)
    census_year = models.PositiveSmallIntegerField(_("census confirmed for"), null=True, blank=True, db_index=True)
    census_reminded_for = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    in_hardship = models.BooleanField(_("in hardship (困难劳模)"), default=False)
    hardship_archive_no = models.CharField(_("hardship archive number"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "honours:worker_detail"
    audit_exclude = ("id_hash", "census_reminded_for", "created_at", "updated_at")
    reveal_fields = ("id_number", "bank_account")
    reveal_actions = ("reveal_pii", "assist")
    status_styles = {WorkerStatus.WORKING: "text-bg-success", WorkerStatus.RETIRED: "text-bg-info",
                     WorkerStatus.DECEASED: "text-bg-dark"}
    workflow = Workflow(
        Transition("census", sources=[WorkerStatus.WORKING, WorkerStatus.RETIRED], label=_("census confirmed"),
                   button=_("Confirm in the census"), url_name="honours:worker_census", style="outline-primary",
                   api="census"),
        Transition("retire", sources=[WorkerStatus.WORKING], target=WorkerStatus.RETIRED, label=_("retired"),
                   button=_("Record retirement"), url_name="honours:worker_retire", api="retire"),
        Transition("decease", sources=[WorkerStatus.WORKING, WorkerStatus.RETIRED], target=WorkerStatus.DECEASED,
                   label=_("died"), button=_("Record death"), url_name="honours:worker_decease",
                   style="outline-danger", api="decease"),
        Transition("reissue", sources=[WorkerStatus.WORKING, WorkerStatus.RETIRED],
                   label=_("certificate re-issued"), button=_("Re-issue a certificate"),
                   url_name="honours:worker_reissue", api="reissue"),
        conflict=_("The record has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("model worker")
        verbose_name_plural = _("model workers")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["id_hash"], name="honours_one_archive_per_person")]

    def __str__(self):
        return self.name

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class Recommendation(ScopedModel):
    """A recommendation (推荐) of a person or team by a union below, within its quota, through democratic review,
    the review above, public notice (公示), approval and award."""

    round = models.ForeignKey(SelectionRound, verbose_name=_("selection round"), on_delete=models.PROTECT,
                              related_name="recommendations")
    org = org_field(_("recommending union"), "honour_recommendations")
    nominee = models.CharField(_("person or team"), max_length=100)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    keyed_hashes = {"id_hash": ("id_number",)}
    employer = models.CharField(_("employer"), max_length=100)
    deeds = models.TextField(_("main deeds"))
    meeting = models.CharField(_("democratic review meeting"), max_length=100,
                               help_text=_("The meeting that recommended, for example 职代会主席团会议."))
    meeting_on = models.DateField(_("meeting held on"))
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_total = models.PositiveIntegerField(_("votes cast"))
    status = models.CharField(_("status"), max_length=12, choices=R.choices, default=R.RECOMMENDED, db_index=True)
    review_note = models.TextField(_("review opinion"), blank=True)
    notice_start = models.DateField(_("public notice from"), null=True, blank=True)
    notice_end = models.DateField(_("public notice until"), null=True, blank=True)
    objection = models.TextField(_("objection received"), blank=True)
    objection_resolution = models.TextField(_("how the objection was resolved"), blank=True)
    objection_open = models.BooleanField(_("objection unresolved"), default=False)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True, db_index=True)
    worker = models.ForeignKey(ModelWorker, verbose_name=_("model worker"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="recommendations")
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "honours:recommendation_detail"
    audit_exclude = ("id_hash", "created_at", "updated_at")
    reveal_fields = ("id_number",)
    reveal_actions = ("reveal_pii", "assist")
    status_styles = {R.RECOMMENDED: "text-bg-secondary", R.REVIEWED: "text-bg-info", R.ON_NOTICE: "text-bg-warning",
                     R.APPROVED: "text-bg-primary", R.AWARDED: "text-bg-success", R.REJECTED: "text-bg-dark"}
    workflow = Workflow(
        Transition("review", sources=[R.RECOMMENDED], target=R.REVIEWED, label=_("passed the review above"),
                   button=_("Pass the review"), url_name="honours:recommendation_review", style="primary",
                   org="round__org", api="review"),
        Transition("notice", sources=[R.REVIEWED], target=R.ON_NOTICE, label=_("put on public notice"),
                   button=_("Put on public notice"), url_name="honours:recommendation_notice", style="primary",
                   org="round__org", api="notice"),
        Transition("object", sources=[R.ON_NOTICE], label=_("objection recorded"), button=_("Record an objection"),
                   url_name="honours:recommendation_object", style="outline-danger", org="round__org",
                   api="object"),
        Transition("resolve", sources=[R.ON_NOTICE], label=_("objection resolved"),
                   button=_("Resolve the objection"), url_name="honours:recommendation_resolve",
                   org="round__org", when=lambda r: r.objection_open, api="resolve"),
        Transition("approve", sources=[R.ON_NOTICE], target=R.APPROVED, label=_("approved"), button=_("Approve"),
                   url_name="honours:recommendation_approve", style="primary", org="round__org",
                   when=lambda r: not r.objection_open, api="approve"),
        Transition("award", sources=[R.APPROVED], target=R.AWARDED, label=_("awarded"), button=_("Award"),
                   url_name="honours:recommendation_award", style="primary", org="round__org", api="award"),
        Transition("reject", sources=[R.RECOMMENDED, R.REVIEWED, R.ON_NOTICE], target=R.REJECTED,
                   label=_("not selected"), button=_("Not selected"), url_name="honours:recommendation_reject",
                   style="outline-danger", org="round__org", api="reject"),
        conflict=_("The recommendation has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "id_hash"], condition=~Q(id_hash=""),
                                    name="honours_person_once_per_round"),
            models.UniqueConstraint(fields=["round", "nominee", "employer"], condition=Q(id_hash=""),
                                    name="honours_team_once_per_round"),
            models.UniqueConstraint(fields=["certificate_no"], condition=~Q(certificate_no=""),
                                    name="honours_certificate_no_unique"),
            models.CheckConstraint(condition=Q(votes_for__lte=models.F("votes_total")),
                                   name="honours_votes_for_within_cast"),
        ]

    def __str__(self):
        return self.nominee

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class Title(models.Model):
    """A title a model worker holds: the scheme (or its name), level, year and certificate."""

    worker = part_of(ModelWorker, _("model worker"), "titles")
    scheme = models.ForeignKey(HonourScheme, verbose_name=_("honour scheme"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="titles")
    name = models.CharField(_("title"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=HonourLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True)
    reissued_on = models.DateField(_("certificate re-issued on"), null=True, blank=True)

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["worker", "name", "year"], name="honours_title_once_a_year")]

    def __str__(self):
        return f"{self.year} {self.name}"


class AllowanceRule(ScopedModel):
    """What a level pays a model worker of a title level and status each month (津贴), never typed per person."""

    org = org_field(_("paying union"), "allowance_rules")
    level = models.CharField(_("title level"), max_length=12, choices=HonourLevel.choices)
    worker_status = models.CharField(_("for whom"), max_length=10, choices=WorkerStatus.choices[:2])
    kind = models.CharField(_("allowance"), max_length=12, choices=AllowanceKind.choices)
    amount = models.DecimalField(_("amount a month"), **MONEY)
    basis = models.CharField(_("basis (document)"), max_length=100, blank=True,
                             help_text=_("The document that sets the amount, for example 评选和管理暂行办法."))

    detail_url_name = "honours:rule_detail"

    class Meta:
        verbose_name = _("allowance rule")
        verbose_name_plural = _("allowance rules")
        ordering = ["org__path", "level", "worker_status"]
        constraints = [models.UniqueConstraint(fields=["org", "level", "worker_status", "kind"],
                                               name="honours_one_rule_per_case"),
                       models.CheckConstraint(condition=Q(amount__gt=0), name="honours_rule_amount_positive")]

    def __str__(self):
        return f"{self.get_level_display()} {self.get_worker_status_display()} {self.get_kind_display()}"


class PaymentRun(ScopedModel):
    """The allowances of a month (发放): who is due what by the rules, and the payment."""

    org = org_field(_("paying union"), "allowance_runs")
    period = models.DateField(_("month"), help_text=_("The first day of the month paid for."))
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.DRAFT,
                              db_index=True)
    total = models.DecimalField(_("total"), **MONEY, default=0)
    people = models.PositiveIntegerField(_("people"), default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, db_index=True)
    memo = models.CharField(_("memo"), max_length=100, blank=True)
    created_by = user_field(_("drawn up by"))
    created_at = created_field()

    detail_url_name = "honours:run_detail"
    audit_exclude = ("created_at",)
    status_styles = {RunStatus.DRAFT: "text-bg-secondary", RunStatus.PAID: "text-bg-success"}
    workflow = Workflow(
        Transition("pay", sources=[RunStatus.DRAFT], target=RunStatus.PAID, label=_("paid"),
                   button=_("Record the payment"), url_name="honours:run_pay", style="primary", api="pay"),
        conflict=_("The payment run has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("allowance payment run")
        verbose_name_plural = _("allowance payment runs")
        ordering = ["-period", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "period"], name="honours_one_run_a_month")]

    def __str__(self):
        return f"{self.org} {self.period:%Y-%m}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class PaymentLine(models.Model):
    """One allowance of one model worker in a run; a worker is paid an allowance once a month, whatever the run."""

    run = part_of(PaymentRun, _("payment run"), "lines")
    worker = models.ForeignKey(ModelWorker, verbose_name=_("model worker"), on_delete=models.PROTECT,
                               related_name="allowances")
    period = models.DateField(_("month"))
    kind = models.CharField(_("allowance"), max_length=12, choices=AllowanceKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("allowance payment")
        verbose_name_plural = _("allowance payments")
        ordering = ["worker__name", "id"]
        constraints = [models.UniqueConstraint(fields=["worker", "period", "kind"], name="honours_paid_once_a_month")]

    def __str__(self):
        return f"{self.worker} {self.period:%Y-%m}"


class CareRound(ScopedModel):
    """A rest trip (疗休养) or health check (体检) a union arranges for model workers: the places, who signed up and
    who attended."""

    org = org_field(_("organising union"), "model_worker_care_rounds")
    kind = models.CharField(_("kind"), max_length=14, choices=CareKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    place = models.CharField(_("place"), max_length=100,
                             help_text=_("The resort or the hospital, for example 工人疗养院."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), db_index=True)
    places = models.PositiveSmallIntegerField(_("places"))
    status = models.CharField(_("status"), max_length=8, choices=CareRoundStatus.choices,
                              default=CareRoundStatus.OPEN, db_index=True)
    signed_up = models.PositiveSmallIntegerField(_("signed up"), default=0)
    attended = models.PositiveSmallIntegerField(_("attended"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()

    detail_url_name = "honours:care_detail"
    audit_exclude = ("created_at", "signed_up", "attended")
    status_styles = {CareRoundStatus.OPEN: "text-bg-success", CareRoundStatus.DONE: "text-bg-secondary"}
    workflow = Workflow(
        Transition("enrol", sources=[CareRoundStatus.OPEN], label=_("model worker signed up"),
                   button=_("Sign up a model worker"), url_name="honours:care_enrol", style="outline-primary",
                   api="enrol"),
        Transition("withdraw", sources=[CareRoundStatus.OPEN], label=_("sign-up withdrawn"),
                   button=_("Withdraw a sign-up"), url_name="honours:care_withdraw", style="outline-secondary",
                   when=lambda r: r.signed_up > 0, api="withdraw"),
        Transition("attend", sources=[CareRoundStatus.OPEN], target=CareRoundStatus.DONE,
                   label=_("attendance recorded"), button=_("Record attendance"), url_name="honours:care_attend",
                   style="primary", when=lambda r: r.signed_up > 0, api="attend"),
        conflict=_("The round has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("rest-trip or health-check round")
        verbose_name_plural = _("rest trips and health checks")
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="honours_care_round_ends_after_start"),
                       models.CheckConstraint(condition=Q(places__gt=0), name="honours_care_round_has_places")]

    def __str__(self):
        return self.name

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class CareParticipant(models.Model):
    """A model worker signed up for a care round, and whether they went."""

    round = part_of(CareRound, _("round"), "participants")
    worker = models.ForeignKey(ModelWorker, verbose_name=_("model worker"), on_delete=models.PROTECT,
                               related_name="care")
    attended = models.BooleanField(_("attended"), null=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["worker__name", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "worker"], name="honours_care_once_per_round")]

    def __str__(self):
        return f"{self.round} {self.worker}"


class SupportRecord(ScopedModel):
    """A visit (慰问), a study grant (助学) or a one-off award given to a model worker, with the amount."""

    org = org_field(_("giving union"), "model_worker_support")
    worker = models.ForeignKey(ModelWorker, verbose_name=_("model worker"), on_delete=models.PROTECT,
                               related_name="support")
    kind = models.CharField(_("kind"), max_length=14, choices=SupportKind.choices, db_index=True)
    occasion = models.CharField(_("occasion"), max_length=100,
                                help_text=_("For example 春节慰问, or the course or school of a study grant."))
    given_on = models.DateField(_("given on"), db_index=True)
    amount = models.DecimalField(_("amount"), **MONEY, default=0)
    beneficiary = models.CharField(_("student"), max_length=50, blank=True,
                                   help_text=_("For a study grant: the model worker or their child who studies."))
    notes = models.TextField(_("notes"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()

    detail_url_name = "honours:support_detail"
    audit_exclude = ("created_at",)

    class Meta:
        verbose_name = _("visit or grant")
        verbose_name_plural = _("visits and grants")
        ordering = ["-given_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="honours_support_amount_not_negative")]

    def __str__(self):
        return f"{self.worker} {self.occasion}"

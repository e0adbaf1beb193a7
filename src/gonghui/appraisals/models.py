"""Standards and appraisal (创建与考核): appraisal schemes (职工之家, 六好, 星级职代会 ... and the annual 百分制
assessment) with their criteria, weights and maxima; appraisals of a union against a scheme, from the self-check
through the inspection by the level above to the award and its re-checks; member rating rounds (会员评家)."""

from decimal import Decimal
from pathlib import Path

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.choices import OrgType

from .choices import AppraisalStatus, AwardLevel, CriterionSource, RoundStatus, SchemeKind, SchemeStatus

SCORE = {"max_digits": 5, "decimal_places": 1}
FULL_MARKS = 100


def split_list(text):
    """"合格,先进、模范" → ["合格", "先进", "模范"] (commas or 、 between the items)."""
    return [part.strip() for part in (text or "").replace("、", ",").replace("，", ",").split(",") if part.strip()]


class Scheme(ScopedModel):
    """An appraisal scheme defined once by a union and used by every level below it."""

    org = org_field(_("defined by"), "appraisal_schemes")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=SchemeKind.choices, default=SchemeKind.HOME)
    level = models.CharField(_("award level"), max_length=12, choices=AwardLevel.choices, default=AwardLevel.COUNTY)
    grades = models.CharField(_("grades"), max_length=100, default="合格,先进,模范",
                              help_text=_("From the lowest to the highest, separated by commas: 合格,先进,模范."))
    pass_score = models.DecimalField(_("score needed for an award"), default=Decimal("60"),
                                     validators=[MinValueValidator(0), MaxValueValidator(FULL_MARKS)], **SCORE)
    eligible_types = models.CharField(_("who may apply"), max_length=300, blank=True,
                                      help_text=_("The kinds of union that may apply; empty: every union."))
    valid_years = models.PositiveSmallIntegerField(_("award valid for (years)"), default=3,
                                                   validators=[MinValueValidator(1), MaxValueValidator(10)])
    recheck_months = models.PositiveSmallIntegerField(_("re-check every (months)"), default=12,
                                                      validators=[MinValueValidator(1), MaxValueValidator(120)])
    status = models.CharField(_("status"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT,
                              db_index=True)
    note = models.TextField(_("note"), blank=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "appraisals:scheme_detail"
    audit_fields = ["org", "name", "kind", "level", "grades", "pass_score", "eligible_types", "valid_years",
                    "recheck_months", "status", "note"]
    status_styles = {"draft": "text-bg-secondary", "published": "text-bg-success", "retired": "text-bg-light"}
    workflow = Workflow(
        Transition("publish", sources=[SchemeStatus.DRAFT], target=SchemeStatus.PUBLISHED, label=_("put in use"),
                   button=_("Put in use"), url_name="appraisals:scheme_publish", style="primary", api="publish"),
        Transition("retire", sources=[SchemeStatus.PUBLISHED], target=SchemeStatus.RETIRED, label=_("retired"),
                   button=_("Retire"), url_name="appraisals:scheme_retire", style="outline-danger", api="retire"),
        conflict=_("The scheme has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("appraisal scheme")
        verbose_name_plural = _("appraisal schemes")
        ordering = ["org__path", "name"]

    def __str__(self):
        return self.name

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-secondary")

    @property
    def grade_list(self):
        return split_list(self.grades)

    @property
    def eligible_list(self):
        return split_list(self.eligible_types)

    def eligible_labels(self):
        labels = dict(OrgType.choices)
        return "、".join(str(labels.get(t, t)) for t in self.eligible_list) or _("every union")

    def is_eligible(self, org):
        return not self.eligible_list or org.org_type in self.eligible_list


class Criterion(ScopedModel):
    """One criterion of a scheme: its section, its weight (the most points it gives, out of 100), the evidence it
    asks for, and where its score comes from (by hand, an indicator, the member rating)."""

    scheme = part_of(Scheme, _("scheme"), "criteria")
    section = models.CharField(_("section"), max_length=60, blank=True)
    title = models.CharField(_("criterion"), max_length=200)
    weight = models.DecimalField(_("weight (points)"), validators=[MinValueValidator(Decimal("0.5")),
                                                                   MaxValueValidator(FULL_MARKS)], **SCORE)
    evidence = models.CharField(_("evidence asked for"), max_length=300, blank=True)
    source = models.CharField(_("scored"), max_length=16, choices=CriterionSource.choices,
                              default=CriterionSource.MANUAL)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True,
                                 help_text=_("For a criterion from an indicator: its key (e.g. a rate)."))
    full_at = models.DecimalField(_("full points at"), max_digits=12, decimal_places=2, null=True, blank=True,
                                  help_text=_("The indicator's value that earns the full weight; less earns its "
                                              "share."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_org_fields = ("scheme__org",)
    detail_via = "scheme"
    audit_fields = ["section", "title", "weight", "evidence", "source", "indicator", "full_at", "position"]

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["scheme", "position", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.scheme.get_absolute_url()

    @property
    def automatic(self):
        return self.source != CriterionSource.MANUAL


def _org_above(obj):
    return obj.org.get_parent()


INSPECTOR = {"org": _org_above, "denied": _("Only the union above the applicant may do this.")}


class Appraisal(ScopedModel):
    """A union's appraisal against a scheme for a year: self-check, application, inspection and acceptance by the
    union above, award of a grade with its certificate and validity, re-checks, revocation."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="appraisals")
    org = org_field(_("union appraised"), "appraisals")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    grade_sought = models.CharField(_("grade applied for"), max_length=20, blank=True)
    started_on = models.DateField(_("self-check started on"), default=timezone.localdate, editable=False,
                                  db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=AppraisalStatus.choices,
                              default=AppraisalStatus.SELF_CHECK, db_index=True)
    self_score = models.DecimalField(_("self-check score"), null=True, blank=True, editable=False, **SCORE)
    applied_on = models.DateField(_("applied on"), null=True, blank=True, editable=False)
    inspection_score = models.DecimalField(_("inspection score"), null=True, blank=True, editable=False, **SCORE)
    findings = models.TextField(_("inspection findings"), blank=True, editable=False)
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True, editable=False)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)
    grade = models.CharField(_("grade awarded"), max_length=20, blank=True, editable=False)
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True, editable=False)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True, editable=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, editable=False)
    recheck_due = models.DateField(_("re-check due"), null=True, blank=True, editable=False)
    rechecked_on = models.DateField(_("last re-checked on"), null=True, blank=True, editable=False)
    reason = models.TextField(_("reason"), blank=True, editable=False,
                              help_text=_("Why it was returned for rework or revoked."))
    reminded_recheck_for = models.DateField(null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "appraisals:appraisal_detail"
    audit_fields = ["scheme", "org", "year", "grade_sought", "started_on", "status", "self_score", "applied_on",
                    "inspection_score", "findings", "inspected_on", "accepted_on", "grade", "certificate_no",
                    "awarded_on", "valid_until", "recheck_due", "rechecked_on", "reason", "note"]
    status_styles = {"self_check": "text-bg-secondary", "applied": "text-bg-info", "inspected": "text-bg-primary",
                     "accepted": "text-bg-warning", "awarded": "text-bg-success", "revoked": "text-bg-danger"}
    workflow = Workflow(
        Transition("apply", sources=[AppraisalStatus.SELF_CHECK], target=AppraisalStatus.APPLIED,
                   label=pgettext_lazy("appraisal", "applied"), button=_("Apply to the union above"),
                   url_name="appraisals:appraisal_apply", style="primary", api="apply"),
        Transition("inspect", sources=[AppraisalStatus.APPLIED], target=AppraisalStatus.INSPECTED,
                   label=_("inspected"), button=_("Record the inspection"), url_name="appraisals:appraisal_inspect",
                   style="primary", api="inspect", **INSPECTOR),
        Transition("accept", sources=[AppraisalStatus.INSPECTED], target=AppraisalStatus.ACCEPTED,
                   label=pgettext_lazy("appraisal", "accepted"), button=_("Accept (验收)"),
                   url_name="appraisals:appraisal_accept", style="primary", api="accept", **INSPECTOR),
        Transition("send_back", sources=[AppraisalStatus.APPLIED, AppraisalStatus.INSPECTED],
                   target=AppraisalStatus.SELF_CHECK, label=_("returned for rework"),
                   button=_("Return for rework (退回)"), url_name="appraisals:appraisal_send_back",
                   style="outline-danger", api="send-back", **INSPECTOR),
        Transition("award", sources=[AppraisalStatus.ACCEPTED], target=AppraisalStatus.AWARDED,
                   label=_("awarded"), button=_("Award a grade"), url_name="appraisals:appraisal_award",
                   style="success", api="award", **INSPECTOR),
        Transition("recheck", sources=[AppraisalStatus.AWARDED], target=None, label=_("re-checked"),
                   button=_("Record a re-check"), url_name="appraisals:appraisal_recheck", api="recheck",
                   **INSPECTOR),
        Transition("revoke", sources=[AppraisalStatus.AWARDED], target=AppraisalStatus.REVOKED,
                   label=_("revoked"), button=_("Revoke the award"), url_name="appraisals:appraisal_revoke",
                   style="outline-danger", api="revoke", **INSPECTOR),
        conflict=_("The appraisal has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-year", "org__path", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "org", "year"], name="appraisals_once_a_year")]

    def __str__(self):
        return f"{self.org.name} · {self.scheme.name} · {self.year}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-secondary")


class Score(ScopedModel):
    """The scores of one criterion in one appraisal: the union's own, with its evidence, and the inspector's."""

    appraisal = part_of(Appraisal, _("appraisal"), "scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="+")
    self_score = models.DecimalField(_("self-check score"), null=True, blank=True, **SCORE)
    evidence = models.TextField(_("evidence"), blank=True)
    inspection_score = models.DecimalField(_("inspection score"), null=True, blank=True, **SCORE)
    finding = models.TextField(_("finding"), blank=True)

    scope_org_fields = ("appraisal__org",)
    detail_via = "appraisal"
    audit_fields = ["criterion", "self_score", "evidence", "inspection_score", "finding"]

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["appraisal", "criterion__position", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "criterion"], name="appraisals_score_once")]

    def __str__(self):
        return f"{self.appraisal} · {self.criterion}"

    def get_absolute_url(self):
        return self.appraisal.get_absolute_url()


_storage = DataStorage("appraisals")


def evidence_storage():
    return _storage


def _upload_to(instance, filename):  # uploads go through store_upload; this only names the field's default
    return f"appraisals/{Path(filename).name}"


class EvidenceFile(Attachment):
    """A file of evidence (台账, 文件, 照片) attached to a criterion in the self-check: checked by content, never
    served inline; the inspector opens it at the inspection."""

    score = part_of(Score, _("score"), "files")
    file = models.FileField(_("file"), storage=evidence_storage, upload_to=_upload_to, max_length=200)
    uploaded_by = user_field(_("uploaded by"))
    uploaded_at = created_field(_("uploaded"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["id"]

    def __str__(self):
        return self.file_name


class RatingRound(ScopedModel):
    """A member rating round (会员评家): the union's members rate it in the portal on the scheme's member
    criteria, once each."""

    org = org_field(_("union rated"), "rating_rounds")
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rounds")
    appraisal = models.ForeignKey(Appraisal, verbose_name=_("appraisal"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="rounds",
                                  help_text=_("The appraisal its result feeds."))
    title = models.CharField(_("title"), max_length=100)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    members_total = models.PositiveIntegerField(_("members invited"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN,
                              db_index=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "appraisals:round_detail"
    audit_fields = ["org", "scheme", "appraisal", "title", "opens_on", "closes_on", "members_total", "status"]
    status_styles = {"open": "text-bg-primary", "closed": "text-bg-secondary"}
    workflow = Workflow(
        Transition("close", sources=[RoundStatus.OPEN], target=RoundStatus.CLOSED,
                   label=pgettext_lazy("rating round", "closed"), button=_("Close the rating"),
                   url_name="appraisals:round_close", style="outline-danger", api="close"),
        conflict=_("The rating round has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("member rating round")
        verbose_name_plural = _("member rating rounds")
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-secondary")


class MemberRating(ScopedModel):
    """One member's rating of their union in a round: a mark from 1 to 5 for each member criterion."""

    round = part_of(RatingRound, _("rating round"), "ratings")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="+")
    marks = models.JSONField(_("marks"), default=dict)
    average = models.DecimalField(_("average mark"), max_digits=3, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    rated_on = models.DateField(_("rated on"))

    scope_org_fields = ("round__org",)
    detail_via = "round"
    audit_fields = ["round", "member", "average", "comment", "rated_on"]

    class Meta:
        verbose_name = _("member rating")
        verbose_name_plural = _("member ratings")
        ordering = ["-rated_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="appraisals_rate_once")]

    def __str__(self):
        return f"{self.round} · {self.member.name}"

    def get_absolute_url(self):
        return self.round.get_absolute_url()

"""Open affairs (厂务公开): an employer's system, its disclosure catalogue, the posting log and the inspections.

Every record sits at ``org``, the union that keeps the employer's open-affairs work: the employer's covering union
(its census union while it has none), copied from the employer when the set-up is saved and onto every record
below it, so scope, the change log and the figures read one link.
"""

from pathlib import Path

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.validators import validate_not_future
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    POSTING_STYLES,
    PROBLEM_STYLES,
    Category,
    DisclosureForm,
    Frequency,
    PostingStatus,
    ProblemStatus,
    SystemKind,
)

_storage = DataStorage("openaffairs")


def document_storage():
    return _storage


def _upload_to(instance, filename):  # uploads go through store_upload (random names); this names the migration's
    return f"openaffairs/{Path(filename).name}"


class OpenAffairsSystem(ScopedModel, Attachment):
    """Whether an employer has established the open-affairs system (厂务公开制度), since when, its rules document
    (``file``) and the group responsible for it."""

    unit = models.OneToOneField("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                                related_name="open_affairs")
    org = org_field(_("union"), "open_affairs_systems")
    kind = models.CharField(_("kind"), max_length=12, choices=SystemKind.choices, default=SystemKind.FACTORY)
    established = models.BooleanField(_("system established"), default=False)
    established_on = models.DateField(_("established on"), null=True, blank=True, validators=[validate_not_future])
    leading_group = models.CharField(
        _("responsible group"), max_length=300, blank=True,
        help_text=_("The open-affairs leading group (厂务公开领导小组): who leads it and who sits on it."))
    file = models.FileField(_("rules document"), storage=document_storage, upload_to=_upload_to, blank=True,
                            max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "openaffairs:system_detail"
    audit_fields = ["unit", "org", "kind", "established", "established_on", "leading_group", "file_name", "notes"]

    class Meta:
        verbose_name = _("open-affairs system")
        verbose_name_plural = _("open-affairs systems")
        ordering = ["org__path", "unit__name"]

    def __str__(self):
        return f"{self.unit.name} · {self.get_kind_display()}"


class DisclosureItem(ScopedModel):
    """A line of the employer's disclosure catalogue: what is disclosed, by whom, how often and how."""

    system = part_of(OpenAffairsSystem, _("open-affairs system"), "items")
    org = org_field(_("union"), "+")
    title = models.CharField(_("item"), max_length=150)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    department = models.CharField(_("responsible department"), max_length=100)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    form = models.CharField(_("form of disclosure"), max_length=12, choices=DisclosureForm.choices,
                            default=DisclosureForm.BOARD)
    since = models.DateField(_("disclosed since"),
                             help_text=_("The first period to be posted is the one holding this day."))
    active = models.BooleanField(_("in use"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "openaffairs:item_detail"
    audit_fields = ["system", "title", "category", "department", "frequency", "form", "since", "active", "notes"]

    class Meta:
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")
        ordering = ["system__unit__name", "category", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["system", "title"], name="openaffairs_item_system_title")]

    def __str__(self):
        return self.title


class Posting(ScopedModel, Attachment):
    """One item's posting for one period: due when the period starts (the daily round and the catalogue write the
    schedule), posted with its date, place and evidence (``file``); overdue once the period has ended unposted."""

    item = part_of(DisclosureItem, _("disclosure item"), "postings")
    org = org_field(_("union"), "+")
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("due by"))
    status = models.CharField(_("status"), max_length=8, choices=PostingStatus.choices, default=PostingStatus.DUE,
                              db_index=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True, validators=[validate_not_future])
    form = models.CharField(_("form of disclosure"), max_length=12, choices=DisclosureForm.choices, blank=True)
    place = models.CharField(_("place"), max_length=150, blank=True)
    file = models.FileField(_("evidence"), storage=document_storage, upload_to=_upload_to, blank=True,
                            max_length=200)
    posted_by = user_field(_("posted by"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "openaffairs:posting_detail"
    audit_fields = ["item", "period", "status", "posted_on", "form", "place", "file_name", "posted_by", "note"]
    workflow = Workflow(
        Transition("post", sources=[PostingStatus.DUE], target=PostingStatus.POSTED, label=_("posted"),
                   button=_("Record the posting"), url_name="openaffairs:posting_post", style="primary", api="post"),
        conflict=_("This period has already been posted."),
    )

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-period_end", "item__title", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "period"], name="openaffairs_posting_item_period")]
        indexes = [models.Index(fields=["status", "period_end"])]

    def __str__(self):
        return f"{self.item.title} · {self.period}"

    @property
    def status_style(self):
        return POSTING_STYLES.get(self.status, "text-bg-light")

    @property
    def is_overdue(self):
        return self.status == PostingStatus.DUE and self.period_end < timezone.localdate()

    @property
    def on_time(self):
        return self.status == PostingStatus.POSTED and self.posted_on is not None and self.posted_on <= self.period_end


class Inspection(ScopedModel):
    """A (monthly) inspection of an employer's open affairs (厂务公开检查): who inspected, when, what was found."""

    system = part_of(OpenAffairsSystem, _("open-affairs system"), "inspections")
    org = org_field(_("union"), "+")
    inspected_on = models.DateField(_("inspected on"), validators=[validate_not_future])
    inspectors = models.CharField(_("inspectors"), max_length=200)
    summary = models.TextField(_("findings"), blank=True)
    recorded_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "openaffairs:inspection_detail"
    audit_fields = ["system", "inspected_on", "inspectors", "summary"]

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]

    def __str__(self):
        return f"{self.system.unit.name} · {self.inspected_on}"


class Problem(ScopedModel):
    """A problem an inspection found, to be rectified by a deadline and then verified."""

    inspection = part_of(Inspection, _("inspection"), "problems")
    org = org_field(_("union"), "+")
    item = models.ForeignKey(DisclosureItem, verbose_name=_("disclosure item"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="problems")
    description = models.CharField(_("problem"), max_length=300)
    deadline = models.DateField(_("rectify by"))
    status = models.CharField(_("status"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN,
                              db_index=True)
    rectification = models.TextField(_("rectification"), blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True, validators=[validate_not_future])
    verified_by = user_field(_("verified by"))
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    reminded_for = models.DateField(_("reminded of the deadline"), null=True, blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "openaffairs:problem_detail"
    audit_fields = ["inspection", "item", "description", "deadline", "status", "rectification", "rectified_on",
                    "verified_by", "verified_on"]
    workflow = Workflow(
        Transition("rectify", sources=[ProblemStatus.OPEN], target=ProblemStatus.RECTIFIED, label=_("rectified"),
                   button=_("Record the rectification"), url_name="openaffairs:problem_rectify", style="primary",
                   api="rectify", conflict=_("Only an open problem can be rectified.")),
        Transition("verify", sources=[ProblemStatus.RECTIFIED], target=ProblemStatus.VERIFIED, label=_("verified"),
                   button=_("Verify the rectification"), url_name="openaffairs:problem_verify", style="success",
                   api="verify", conflict=_("Only a rectified problem can be verified.")),
        Transition("reopen", sources=[ProblemStatus.RECTIFIED], target=ProblemStatus.OPEN, label=_("reopened"),
                   button=_("Not fixed: reopen"), url_name="openaffairs:problem_reopen", style="outline-danger",
                   api="reopen", conflict=_("Only a rectified problem can be reopened.")),
    )

    class Meta:
        verbose_name = _("inspection problem")
        verbose_name_plural = _("inspection problems")
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.description[:60]

    @property
    def status_style(self):
        return PROBLEM_STYLES.get(self.status, "text-bg-light")

    @property
    def is_overdue(self):
        return self.status == ProblemStatus.OPEN and self.deadline < timezone.localdate()

"""Organisation building (组织建设): the union cadres registry (工会干部) with appointments and departures, terms and
elections (换届) reviewed and approved by the level above, approvals (批复) with their document numbers and the
organisation archive (组织档案)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import org_field, part_of, recorded_fields
from gonghui.core.models import ScopedModel
from gonghui.core.validators import validate_not_future
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    APPROVAL_STYLES,
    CANDIDATE_POSITIONS,
    ELECTION_STYLES,
    ApprovalKind,
    ApprovalStatus,
    ArchiveKind,
    CadrePosition,
    ElectionStatus,
    Engagement,
)

STORAGE = DataStorage("building")


class Cadre(ScopedModel):
    """A person holding a union post (工会干部) at an organisation, from appointment to departure."""

    org = org_field(_("organisation"), "cadres")
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=20, choices=CadrePosition.choices)
    engagement = models.CharField(_("full-time or part-time"), max_length=10, choices=Engagement.choices,
                                  default=Engagement.PART_TIME)
    rank = models.CharField(_("rank"), max_length=40, blank=True, help_text=_("e.g. 正科级, 副处级"))
    on_party_committee = models.BooleanField(_("sits on the Party committee"), default=False)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    appointed_on = models.DateField(_("appointed on"), validators=[validate_not_future])
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[validate_not_future])
    leave_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    recorded_by, created_at = recorded_fields()

    scope_org_fields = ("org",)
    detail_url_name = "building:cadre_detail"
    audit_fields = ["org", "name", "position", "engagement", "rank", "on_party_committee", "member", "appointed_on",
                    "left_on", "leave_reason"]

    class Meta:
        verbose_name = _("union cadre")
        verbose_name_plural = _("union cadres")
        ordering = ["org__path", "position", "name", "id"]

    def __str__(self):
        return f"{self.name} ({self.get_position_display()})"

    @property
    def in_post(self):
        return self.left_on is None


class Term(ScopedModel):
    """A term (届) of an organisation's committee, from its election to the next."""

    org = org_field(_("organisation"), "terms")
    number = models.PositiveSmallIntegerField(_("term (届次)"), validators=[MinValueValidator(1)])
    started_on = models.DateField(_("term started"), validators=[validate_not_future])
    ends_on = models.DateField(_("term ends"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    election = models.ForeignKey("Election", verbose_name=_("election"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True, editable=False)

    scope_org_fields = ("org",)
    detail_url_name = "building:term_detail"
    audit_fields = ["org", "number", "started_on", "ends_on", "closed_on", "note"]

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["org__path", "-number"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="building_term_org_number")]

    def __str__(self):
        return f"{self.org} · {self.number}"

    def clean(self):
        if self.started_on and self.ends_on and self.ends_on <= self.started_on:
            raise ValidationError({"ends_on": _("The term must end after it started.")})

    @property
    def is_open(self):
        return self.closed_on is None


def _review_org(obj):
    return obj.review_org


class Election(ScopedModel):
    """An election (换届选举): candidates proposed by the union, reviewed by the level above, the election held with
    its votes, the result approved by the level above; then the new committee and term are recorded and the old
    term closed."""

    org = org_field(_("organisation"), "elections")
    review_org = org_field(_("reviewed by"), "reviewed_elections")
    term_number = models.PositiveSmallIntegerField(_("term to elect (届次)"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=100, blank=True,
                             help_text=_("e.g. 第七届会员代表大会"))
    term_years = models.PositiveSmallIntegerField(_("term length (years)"), default=5,
                                                  validators=[MinValueValidator(1)])
    planned_on = models.DateField(_("planned election date"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True, validators=[validate_not_future])
    voters = models.PositiveIntegerField(_("voters entitled"), null=True, blank=True)
    voted = models.PositiveIntegerField(_("ballots cast"), null=True, blank=True)
    approval_doc_no = models.CharField(_("approval document number"), max_length=60, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ElectionStatus.choices,
                              default=ElectionStatus.CANDIDATES)
    recorded_by, created_at = recorded_fields()

    scope_org_fields = ("org", "review_org")
    audit_org_field = "org"
    detail_url_name = "building:election_detail"
    audit_fields = ["org", "review_org", "term_number", "title", "term_years", "planned_on", "held_on", "voters",
                    "voted",
                    "approval_doc_no", "review_note", "status"]
    S = ElectionStatus
    workflow = Workflow(
        Transition("submit", sources=[S.CANDIDATES, S.RETURNED], target=S.REVIEW, label=_("submitted for review"),
                   button=_("Submit candidates for review"), url_name="building:election_submit", style="primary",
                   api="submit"),
        Transition("approve_candidates", sources=[S.REVIEW], target=S.APPROVED, label=_("candidates approved"),
                   button=_("Approve candidates"), url_name="building:election_approve_candidates",
                   style="primary", org=_review_org, api="approve-candidates"),
        Transition("return", sources=[S.REVIEW], target=S.RETURNED, label=_("returned"), button=_("Return"),
                   url_name="building:election_return", style="outline-danger", org=_review_org, api="return"),
        Transition("hold", sources=[S.APPROVED], target=S.HELD, label=_("election held"),
                   button=_("Record the election"), url_name="building:election_hold", style="primary", api="hold"),
        Transition("confirm", sources=[S.HELD], target=S.CONFIRMED, label=_("result approved"),
                   button=_("Approve the result"), url_name="building:election_confirm", style="primary",
                   org=_review_org, action="manage_orgs", api="confirm"),
        conflict=_("The election has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.org} · {self.term_number}"

    @property
    def status_style(self):
        return ELECTION_STYLES.get(self.status, "text-bg-light")


class Candidate(ScopedModel):
    """A candidate of an election for a seat on the committee, with the votes won."""

    election = part_of(Election, _("election"), "candidates")
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=20, choices=CANDIDATE_POSITIONS,
                                default=CadrePosition.COMMITTEE)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)

    scope_org_fields = ("election__org", "election__review_org")
    audit_org_field = "election__org"
    detail_via = "election"

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "position", "id"]

    def __str__(self):
        return f"{self.name} ({self.get_position_display()})"


class Approval(ScopedModel):
    """A request (founding, election result, change) by a union, approved by the level above with a document
    number (批复)."""

    org = org_field(_("requesting union"), "approval_requests")
    approver = org_field(_("approving union"), "approvals_given")
    kind = models.CharField(_("kind"), max_length=10, choices=ApprovalKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    requested_on = models.DateField(_("requested on"), validators=[validate_not_future])
    doc_no = models.CharField(_("document number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, validators=[validate_not_future])
    note = models.TextField(_("note"), blank=True)
    election = models.ForeignKey(Election, verbose_name=_("election"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="approvals")
    status = models.CharField(_("status"), max_length=10, choices=ApprovalStatus.choices,
                              default=ApprovalStatus.REQUESTED)
    recorded_by, created_at = recorded_fields()

    scope_org_fields = ("org", "approver")
    audit_org_field = "org"
    detail_url_name = "building:approval_detail"
    audit_fields = ["org", "approver", "kind", "subject", "requested_on", "doc_no", "decided_on", "note", "status"]
    workflow = Workflow(
        Transition("approve", sources=[ApprovalStatus.REQUESTED], target=ApprovalStatus.APPROVED,
                   label=_("approved"), button=_("Approve"), url_name="building:approval_approve", style="primary",
                   org="approver", action="manage_orgs", api="approve"),
        Transition("reject", sources=[ApprovalStatus.REQUESTED], target=ApprovalStatus.REJECTED,
                   label=_("not approved"), button=_("Do not approve"), url_name="building:approval_reject",
                   style="outline-danger", org="approver", action="manage_orgs", api="reject"),
        conflict=_("The request has been decided in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return self.subject

    @property
    def status_style(self):
        return APPROVAL_STYLES.get(self.status, "text-bg-light")


class ArchiveDocument(Attachment, ScopedModel):
    """A document of the organisation archive (组织档案): seal, bank account, registration certificate, approvals,
    election documents, with the file."""

    org = org_field(_("organisation"), "archive_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=ArchiveKind.choices)
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("number"), max_length=80, blank=True,
                              help_text=_("Seal number, account number, certificate or document number."))
    issued_on = models.DateField(_("issued on"), null=True, blank=True, validators=[validate_not_future])
    file = models.FileField(_("file"), storage=STORAGE, max_length=200, blank=True)
    approval = models.ForeignKey(Approval, verbose_name=_("approval"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="documents")
    recorded_by, created_at = recorded_fields()

    scope_org_fields = ("org",)
    detail_url_name = "building:document_detail"
    audit_fields = ["org", "kind", "title", "number", "issued_on", "file_name"]

    class Meta:
        verbose_name = _("archive document")
        verbose_name_plural = _("archive documents")
        ordering = ["org__path", "kind", "-issued_on", "-id"]

    def __str__(self):
        return self.title

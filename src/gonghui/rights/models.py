"""Rights protection (维权): complaints and labour-dispute cases, their path between unions, mediation under the
statutory clock, documents, legal aid, early warnings, and the one-time codes of the public complaint form.

Privacy: the complainant's identity (the workers of a case) is visible only to officials (staff and above) of
the unions on the case's path (``route_paths``: every union it was received at, handled at or passed through)
and the unions above them. Everyone else in scope (the union covering the employer, viewers) sees it masked.
The audit snapshots of a case never hold the complainant.
"""

import datetime
from pathlib import Path

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import scope
from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, recorded_fields, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import EncryptedCharField, PhoneField, mask_name
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    CLOCK_STATUSES,
    OPEN_STATUSES,
    CaseStatus,
    CaseType,
    Channel,
    EventKind,
    LegalAidProvider,
    LegalAidResult,
    LegalAidStatus,
    Outcome,
    ReferredTo,
    RoutingKind,
    Satisfaction,
    WarningKind,
    WarningStatus,
    due_soon_days,
)

_storage = DataStorage("rights")


def document_storage():
    return _storage


def _document_upload_to(instance, filename):
    return f"cases/{instance.case_id}/{Path(filename).name}"


def _may_acknowledge(user, warning):
    """The union the warning is reported to (or one above it) acknowledges; the raising union cannot."""
    return warning.report_to is not None and scope.can(user, "change", warning.report_to)


class Case(ScopedModel):
    """A complaint or labour dispute (维权案件) from any channel, held by one union at a time."""

    reference_no = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, db_index=True)
    case_type = models.CharField(_("type"), max_length=20, choices=CaseType.choices, db_index=True)
    facts = models.TextField(_("facts"))
    amount_claimed = models.DecimalField(_("amount claimed (yuan)"), max_digits=14, decimal_places=2, default=0)
    is_group = models.BooleanField(_("group case"), default=False, db_index=True)
    worker_count = models.PositiveIntegerField(_("workers involved"), default=1)
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="rights_cases")
    employer_name = models.CharField(_("employer"), max_length=150)

    # Where it is: the union that received it, the one that holds it now, and the one covering the employer.
    received_org = org_field(_("received at"), "rights_cases_received")
    handling_org = org_field(_("handling union"), "rights_cases")
    employer_union = org_field(_("union covering the employer"), "rights_cases_employer", null=True, blank=True)
    # " path path ... ": the tree paths of every union on the case's path (for the privacy rule, in SQL).
    route_paths = models.TextField(editable=False, default=" ")

    # The complainant: shown only to the path (see the module docstring); empty for anonymous complaints.
    complainant_name = models.CharField(_("complainant"), max_length=60, blank=True)
    complainant_member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="rights_cases")
    anonymous = models.BooleanField(_("anonymous"), default=False)
    follow_code_hash = models.CharField(max_length=64, blank=True, editable=False)

    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED,
                              db_index=True)
    received_at = models.DateTimeField(_("received at (time)"))
    received_on = models.DateField(_("received on"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    mediator = models.CharField(_("mediator"), max_length=50, blank=True)
    mediation_started_at = models.DateTimeField(_("mediation started"), null=True, blank=True)
    deadline = models.DateTimeField(_("mediation deadline"), null=True, blank=True, db_index=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    overdue_at = models.DateTimeField(_("went overdue at"), null=True, blank=True)
    arbitration_notice_at = models.DateTimeField(_("worker told of arbitration at"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    handling_days = models.PositiveIntegerField(_("handling days"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True, db_index=True)
    outcome_reason = models.TextField(_("reason or summary"), blank=True)
    agreement_amount = models.DecimalField(_("amount agreed (yuan)"), max_digits=14, decimal_places=2, null=True,
                                           blank=True)
    paying_deadline = models.DateField(_("to be paid by"), null=True, blank=True)
    amount_recovered = models.DecimalField(_("amount recovered (yuan)"), max_digits=14, decimal_places=2, default=0)
    legal_aid_recovered = models.DecimalField(_("recovered through legal aid (yuan)"), max_digits=14,
                                              decimal_places=2, default=0)
    referred_to = models.CharField(_("referred to"), max_length=12, choices=ReferredTo.choices, blank=True)
    legal_aid_offered = models.BooleanField(_("legal aid offered"), default=False)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), choices=Satisfaction.choices, null=True,
                                                    blank=True)
    satisfaction_comment = models.CharField(_("comment on the handling"), max_length=500, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    duplicate_of = models.ForeignKey("self", verbose_name=_("possible duplicate of"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    created_by = user_field(_("recorded by"))
    updated_at = updated_field()

    scope_org_fields = ("handling_org", "received_org", "employer_union")
    audit_org_field = "handling_org"
    detail_url_name = "rights:case_detail"
    audit_fields = ["reference_no", "channel", "case_type", "amount_claimed", "is_group", "worker_count", "unit",
                    "employer_name", "handling_org", "status", "accepted_at", "mediator", "deadline", "extensions",
                    "overdue_at", "closed_at", "outcome", "agreement_amount", "paying_deadline", "amount_recovered",
                    "referred_to", "legal_aid_offered", "satisfaction", "reopened"]
    # Never the complainant: the change log is read by everyone in scope.
    audit_exclude = ("complainant_name", "complainant_member", "follow_code_hash")

    # The steps of a case. The right is "change" at the handling union; ``info`` and ``rate`` are the worker's
    # (from the portal), ``overdue`` the daily round's.
    workflow = Workflow(
        Transition("accept", sources=[CaseStatus.RECEIVED], target=CaseStatus.ACCEPTED,
                   label=pgettext_lazy("case", "accepted"), button=pgettext_lazy("case", "Accept"),
                   url_name="rights:case_accept", style="primary", api="accept"),
        Transition("start_mediation", sources=[CaseStatus.ACCEPTED], target=CaseStatus.MEDIATING,
                   label=_("mediation started"), button=_("Start mediation"), url_name="rights:case_start_mediation",
                   style="primary", api="start-mediation"),
        Transition("session", sources=[CaseStatus.MEDIATING], label=_("mediation session"),
                   button=_("Record a session"), url_name="rights:case_session", style="outline-primary",
                   api="record-session", conflict=_("The case has changed in the meantime. Reload the page.")),
        Transition("extend", sources=CLOCK_STATUSES, label=_("mediation period extended"), button=_("Extend"),
                   url_name="rights:case_extend", style="outline-primary", api="extend"),
        Transition("route", sources=OPEN_STATUSES, label=_("passed on"), button=_("Pass on"),
                   url_name="rights:case_route", api="route"),
        Transition("close", sources=OPEN_STATUSES, target=CaseStatus.CLOSED, label=_("closed"), button=_("Close"),
                   url_name="rights:case_close", style="outline-danger", api="close-with-outcome"),
        Transition("recovery", sources=[CaseStatus.CLOSED], label=_("amount recovered recorded"),
                   button=_("Amount recovered"), url_name="rights:case_recovery", style="outline-primary",
                   when=lambda case: case.outcome == Outcome.AGREEMENT, api="record-recovery"),
        Transition("reopen", sources=[CaseStatus.CLOSED], target=CaseStatus.ACCEPTED, label=_("reopened"),
                   button=_("Reopen"), url_name="rights:case_reopen", api="reopen"),
        Transition("legal_aid", sources=[CaseStatus.ACCEPTED, CaseStatus.MEDIATING, CaseStatus.CLOSED],
                   label=_("Legal aid"), button=_("Legal aid"), url_name="rights:case_legal_aid",
                   api="refer-legal-aid"),
        Transition("legal_aid_result", label=_("legal aid result recorded"), api="legal-aid-result"),
        Transition("document", label=_("document added"), button=_("Add a document"),
                   url_name="rights:case_document_add"),
        Transition("info", sources=OPEN_STATUSES, label=_("information added by the worker"),
                   conflict=_("The case is closed. Contact the union if it should be reopened.")),
        Transition("rate", sources=[CaseStatus.CLOSED], label=_("rated by the worker"),
                   when=lambda case: case.satisfaction is None,
                   conflict=_("The case can be rated once, after it is closed.")),
        Transition("overdue", sources=CLOCK_STATUSES, label=_("mediation period passed"), system=True),
        conflict=_("The case has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("rights case")
        verbose_name_plural = _("rights cases")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["handling_org", "received_on"]), models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_claimed__gte=0) & models.Q(amount_recovered__gte=0),
                                   name="rights_case_amounts_not_negative"),
        ]

    def __str__(self):
        return self.reference_no

    def path_list(self):
        return [p for p in self.route_paths.split() if p]

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def clock_running(self):
        """The statutory mediation clock runs (accepted or in mediation)."""
        return self.status in CLOCK_STATUSES

    def is_overdue(self, now=None):
        now = now or timezone.now()
        return self.status in CLOCK_STATUSES and self.deadline is not None and now > self.deadline

    def is_due_soon(self, now=None):
        now = now or timezone.now()
        return (self.status in CLOCK_STATUSES and self.deadline is not None
                and now <= self.deadline <= now + datetime.timedelta(days=due_soon_days()))

    def days_left(self, now=None):
        """Whole days to the deadline (negative when overdue), or None without a running clock."""
        if self.status not in CLOCK_STATUSES or self.deadline is None:
            return None
        now = now or timezone.now()
        return (timezone.localtime(self.deadline).date() - timezone.localtime(now).date()).days

    @property
    def total_recovered(self):
        return self.amount_recovered + self.legal_aid_recovered

    @property
    def complainant_masked(self):
        return mask_name(self.complainant_name)

    def worker_may(self, name):
        """May the worker take the step ``name`` now (``info``, ``rate``: the state and condition the table
        declares; the worker has no role to check)?"""
        t = self.workflow[name]
        return t.state_allows(self, self.workflow.field) and (t.when is None or t.when(self))


class CaseWorker(models.Model):
    """A worker a case is about (the complainant first; a group case can have hundreds)."""

    case = part_of(Case, _("case"), "workers")
    name = models.CharField(_("full name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    keyed_hashes = {"id_hash": ("id_number",)}  # what ``gonghui pii rehash`` recomputes under a new hash key
    phone = PhoneField(_("mobile phone"), blank=True, db_index=True)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    is_complainant = models.BooleanField(_("complainant"), default=False)
    amount_claimed = models.DecimalField(_("amount claimed (yuan)"), max_digits=14, decimal_places=2, null=True,
                                         blank=True)

    class Meta:
        verbose_name = _("worker of a case")
        verbose_name_plural = _("workers of a case")
        ordering = ["-is_complainant", "id"]

    def __str__(self):
        return mask_name(self.name)

    @property
    def name_masked(self):
        return mask_name(self.name)


class CaseRouting(models.Model):
    """One step of the case's path: received, handed down (交办), reported up (上报) or transferred (转办)."""

    case = part_of(Case, _("case"), "routings")
    kind = models.CharField(_("kind"), max_length=10, choices=RoutingKind.choices)
    from_org = org_field(_("from"), null=True, blank=True)
    to_org = org_field(_("to"))
    reason = models.TextField(_("reason"), blank=True)
    by = user_field(_("by"))
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("routing step")
        verbose_name_plural = _("path of the case")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to_org}"


class CaseEvent(models.Model):
    """The case's history as the worker reads it in the portal (``public``) and officials on the case page."""

    case = part_of(Case, _("case"), "events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(_("shown to the worker"), default=True)
    by_worker = models.BooleanField(_("by the worker"), default=False)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case history")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class MediationSession(models.Model):
    """A mediation session (调解) with its notes."""

    case = part_of(Case, _("case"), "sessions")
    held_on = models.DateField(_("held on"))
    mediator = models.CharField(_("mediator"), max_length=50)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"))
    by, created_at = recorded_fields()

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.held_on} {self.mediator}"


class CaseDocument(Attachment):
    """Evidence, agreements, written consents: checked by content, stored outside the web root, downloaded."""

    case = part_of(Case, _("case"), "documents")
    file = models.FileField(storage=document_storage, upload_to=_document_upload_to, max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    from_worker = models.BooleanField(_("from the worker"), default=False)
    uploaded_by = user_field(_("uploaded by"))
    uploaded_at = created_field(_("uploaded"))

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.file_name


class LegalAidReferral(ScopedModel):
    """A case referred to a union lawyer or a legal aid centre (法律援助), tracked to its result."""

    case = part_of(Case, _("case"), "legal_aid")
    provider_kind = models.CharField(_("referred to"), max_length=20, choices=LegalAidProvider.choices)
    provider_name = models.CharField(_("lawyer or centre"), max_length=100)
    referred_at = models.DateTimeField(_("referred at"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=LegalAidStatus.choices,
                              default=LegalAidStatus.REFERRED)
    result = models.CharField(_("result"), max_length=20, choices=LegalAidResult.choices, blank=True)
    result_on = models.DateField(_("result on"), null=True, blank=True)
    amount_awarded = models.DecimalField(_("amount awarded (yuan)"), max_digits=14, decimal_places=2, null=True,
                                         blank=True)
    amount_recovered = models.DecimalField(_("amount recovered (yuan)"), max_digits=14, decimal_places=2, default=0)
    result_note = models.TextField(_("about the result"), blank=True)
    by = user_field(_("referred by"))

    # Placed in the tree by its case (to-one relations: the scope filter never multiplies rows).
    scope_org_fields = ("case__handling_org", "case__received_org", "case__employer_union")
    detail_via = "case"  # shown on its case's page
    audit_fields = ["case", "provider_kind", "provider_name", "referred_at", "status", "result", "result_on",
                    "amount_awarded", "amount_recovered"]

    class Meta:
        verbose_name = _("legal aid referral")
        verbose_name_plural = _("legal aid referrals")
        ordering = ["referred_at", "id"]

    def __str__(self):
        return f"{self.case} · {self.provider_name}"


class EarlyWarning(ScopedModel):
    """An early warning (预警) raised by a union and reported to the union above, escalating until acknowledged."""

    reference_no = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    raised_by_org = org_field(_("raised by union"), "rights_warnings")
    raised_by = user_field(_("raised by"))
    raised_at = models.DateTimeField(_("raised at"))
    raised_on = models.DateField(_("raised on"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("what is happening"))
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    employer_name = models.CharField(_("employer"), max_length=150, blank=True)
    workers_involved = models.PositiveIntegerField(_("workers involved"), default=0)
    report_to = org_field(_("reported to"), "rights_warnings_reported", null=True, blank=True)
    report_due_at = models.DateTimeField(_("to be acknowledged by"), null=True, blank=True, db_index=True)
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    last_escalated_at = models.DateTimeField(_("last escalated"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=WarningStatus.choices,
                              default=WarningStatus.REPORTED, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = user_field(_("acknowledged by"))
    acknowledged_org = org_field(_("acknowledged by union"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)

    scope_org_fields = ("raised_by_org",)
    detail_url_name = "rights:warning_detail"
    audit_fields = ["reference_no", "raised_by_org", "kind", "title", "unit", "employer_name", "workers_involved",
                    "report_to", "report_due_at", "escalations", "status", "acknowledged_at", "acknowledged_org",
                    "response"]
    workflow = Workflow(
        Transition("acknowledge", sources=[WarningStatus.REPORTED], target=WarningStatus.ACKNOWLEDGED,
                   label=_("acknowledged"), button=_("Acknowledge"), url_name="rights:warning_acknowledge",
                   style="primary", permitted=_may_acknowledge, api="acknowledge",
                   denied=_("The warning is acknowledged by the union it is reported to."),
                   conflict=_("The warning has changed in the meantime (acknowledged or escalated). Reload the page.")),
        Transition("resolve", sources=[WarningStatus.ACKNOWLEDGED], target=WarningStatus.CLOSED, label=_("resolved"),
                   button=_("Mark resolved"), url_name="rights:warning_resolve", org="raised_by_org", api="resolve",
                   conflict=_("Only an acknowledged warning can be marked resolved.")),
        Transition("escalate", sources=[WarningStatus.REPORTED], label=_("escalated"), system=True),
    )

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return f"{self.reference_no} {self.title}"

    @property
    def awaiting_acknowledgement(self):
        return self.status == WarningStatus.REPORTED

    def is_late(self, now=None):
        now = now or timezone.now()
        return self.awaiting_acknowledgement and self.report_due_at is not None and now > self.report_due_at


class VerificationCode(models.Model):
    """A one-time code sent by text message (verifying a phone number without an account).

    Only keyed hashes are stored (of the phone and of the code); see ``gonghui.rights.verification``.
    """

    purpose = models.CharField(max_length=30)
    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [models.Index(fields=["purpose", "phone_hash", "-created_at"])]

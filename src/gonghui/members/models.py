"""The member registry (会员实名制), join applications (入会申请) and transfers (会员关系接转).

Each of the three is a ``ScopedModel`` whose states move only through the transitions its ``workflow`` declares
(``gonghui.core.workflow``): services make the steps, pages show the buttons and the API offers the actions
from the same table. Personal data is in ``EncryptedCharField`` / ``PhoneField``: masked wherever it is listed
and in the change log, revealed only through ``gonghui.core.services.reveal``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import EncryptedCharField, PhoneField
from gonghui.core.validators import validate_not_future
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    APPLICATION_STATUS_STYLES,
    HOLDING_STATUSES,
    MEMBER_STATUS_STYLES,
    TRANSFER_STATUS_STYLES,
    ApplicationChannel,
    ApplicationStatus,
    Education,
    EmploymentType,
    Ethnicity,
    Gender,
    MemberEventKind,
    MemberStatus,
    PoliticalStatus,
    TransferStatus,
)


class StatusBadge:
    """``status_style``: the Bootstrap class of the record's state badge (``status_styles`` maps each state)."""

    status_styles = {}

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-secondary")


class PersonFields(models.Model):
    """The personal details a member record and a join application share."""

    name = models.CharField(_("full name"), max_length=50, db_index=True)
    id_number = EncryptedCharField(_("ID number"))
    id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    keyed_hashes = {"id_hash": ("id_number",)}  # what ``gonghui pii rehash`` recomputes under a new hash key
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    political_status = models.CharField(_("political status"), max_length=20, choices=PoliticalStatus.choices,
                                        blank=True)
    phone = PhoneField(_("mobile phone"), db_index=True)
    unit = models.ForeignKey(
        "orgs.EmployerUnit", verbose_name=_("employer unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    job_title = models.CharField(_("job"), max_length=50, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.REGULAR
    )

    class Meta:
        abstract = True


class Member(StatusBadge, PersonFields, ScopedModel):
    """A person in the real-name registry (会员实名制). One record per person, across the whole system."""

    org = org_field(_("union"), "members")
    # The unique constraint below indexes it: no second index to keep up on every insert.
    id_hash = models.CharField(max_length=64, editable=False)
    member_no = models.CharField(_("member number"), max_length=20, unique=True, editable=False)
    join_date = models.DateField(_("join date"), validators=[validate_not_future])
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE,
                              db_index=True)
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "members:member_detail"
    # The ID number and the phone are written too, masked (personal-data fields always are).
    audit_fields = [
        "name", "gender", "birth_date", "ethnicity", "education", "political_status", "unit", "job_title",
        "employment_type", "org", "member_no", "join_date", "status", "status_changed_on",
    ]
    status_styles = MEMBER_STATUS_STYLES
    workflow = Workflow(
        Transition("transfer_start", sources=[MemberStatus.ACTIVE], target=MemberStatus.TRANSFERRING,
                   label=_("transfer started"), button=_("Transfer out"), url_name="members:member_transfer",
                   style="outline-primary", api="transfer",
                   conflict=_("Only an active member can be transferred; the member's status has changed.")),
        Transition("retain", sources=[MemberStatus.ACTIVE], target=MemberStatus.RETAINED,
                   label=_("membership retained"), button=_("Retain membership"), url_name="members:member_retain",
                   api="retain"),
        Transition("reinstate", sources=[MemberStatus.WITHDRAWN, MemberStatus.RETAINED], target=MemberStatus.ACTIVE,
                   label=_("membership reinstated"), button=_("Reinstate"), url_name="members:member_reinstate",
                   style="outline-success", api="reinstate"),
        Transition("withdraw", sources=[MemberStatus.ACTIVE, MemberStatus.RETAINED], target=MemberStatus.WITHDRAWN,
                   label=_("withdrew from the union"), button=_("Withdraw"), url_name="members:member_withdraw",
                   style="outline-danger", api="withdraw"),
        Transition("deceased", sources=[MemberStatus.ACTIVE, MemberStatus.RETAINED, MemberStatus.WITHDRAWN],
                   target=MemberStatus.DECEASED, label=_("recorded as deceased"), button=_("Record death"),
                   url_name="members:member_death", style="outline-dark", api="death"),
        # Steps the member takes as part of another record's: a join, and the end of a transfer (accepted by the
        # receiving union, refused by it, or cancelled by the sender). The services check those records' rights.
        Transition("rejoin", sources=[MemberStatus.WITHDRAWN], target=MemberStatus.ACTIVE, label=_("rejoined")),
        Transition("transfer_in", sources=[MemberStatus.TRANSFERRING], target=MemberStatus.ACTIVE,
                   label=_("transferred in")),
        Transition("refuse", sources=[MemberStatus.TRANSFERRING], target=MemberStatus.ACTIVE, label=_("refused")),
        Transition("cancel", sources=[MemberStatus.TRANSFERRING], target=MemberStatus.ACTIVE, label=_("cancelled")),
        conflict=_("The member's status has changed in the meantime; reload the page and try again."),
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["-join_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["id_hash"], name="one_member_record_per_person")]
        # join_date: the members who joined in a few days (statistics read the edge days of a period from them);
        # with id, the list's order: thousands join on a union's founding day, and the first page needs no sort.
        # org and name: a township official's search of a common name reads its unions' members of that name,
        # not every one of the province's (the planner otherwise intersected 17,894 names with each union: 2 s).
        indexes = [models.Index(fields=["org", "status"]),
                   models.Index(fields=["join_date", "id"], name="members_join_date_id"),
                   models.Index(fields=["org", "name"], name="members_org_name")]

    def __str__(self):
        return f"{self.name} ({self.member_no})"

    @property
    def holds_membership(self):
        """In a union now (active, transfer pending or retained): nobody else may add the person."""
        return self.status in HOLDING_STATUSES


class MemberEvent(models.Model):
    """The member's history as the member and officials read it: joins, transfers, edits, status changes."""

    member = part_of(Member, _("member"), "events")
    kind = models.CharField(_("event"), max_length=30, choices=MemberEventKind.choices)
    date = models.DateField(_("date"))
    # History rows name organisations and the actor without a database constraint (Django still sets them to
    # NULL when one is deleted, which gonghui never does: unions are dissolved, users deactivated): checking them
    # at every commit was a third of a member import's commit on PostgreSQL. The member keeps its constraint.
    from_org = models.ForeignKey("orgs.Organisation", verbose_name=_("from"), null=True, blank=True,
                                 on_delete=models.SET_NULL,
                                 related_name="+", db_constraint=False)
    to_org = models.ForeignKey("orgs.Organisation", verbose_name=_("to"), null=True, blank=True,
                               on_delete=models.SET_NULL,
                               related_name="+", db_constraint=False)
    note = models.TextField(_("note"), blank=True)
    actor = user_field(_("by"), db_constraint=False)
    created_at = created_field(_("recorded"))

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member history")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.date}"


class JoinApplication(StatusBadge, PersonFields, ScopedModel):
    """A worker's application to join a union (入会申请), online or entered by staff."""

    org = org_field(_("union"), "join_applications")
    unit_name = models.CharField(_("employer (as written)"), max_length=150, blank=True)
    reference_no = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=ApplicationChannel.choices,
                               default=ApplicationChannel.ONLINE)
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING, db_index=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = user_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    member = models.ForeignKey(Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="applications")
    created_at = created_field(_("submitted"))

    detail_url_name = "members:application_detail"
    audit_fields = ["name", "org", "reference_no", "channel", "status", "decision_reason", "decided_at", "member"]
    status_styles = APPLICATION_STATUS_STYLES
    workflow = Workflow(
        Transition("approve", sources=[ApplicationStatus.PENDING], target=ApplicationStatus.APPROVED,
                   label=_("approved"), button=_("Approve"), url_name="members:application_approve", style="success",
                   api="approve"),
        Transition("reject", sources=[ApplicationStatus.PENDING], target=ApplicationStatus.REJECTED,
                   label=_("rejected"), button=_("Reject"), url_name="members:application_reject",
                   style="outline-danger", api="reject"),
        conflict=_("This application has already been decided by someone else."),
    )

    class Meta:
        verbose_name = _("join application")
        verbose_name_plural = _("join applications")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} → {self.org} ({self.reference_no})"


class Transfer(StatusBadge, ScopedModel):
    """Moving a member from one union to another (会员关系接转): started by the sender, decided by the receiver."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="transfers")
    from_org = org_field(_("from union"), "transfers_out")
    to_org = org_field(_("to union"), "transfers_in")
    status = models.CharField(_("status"), max_length=10, choices=TransferStatus.choices,
                              default=TransferStatus.PENDING, db_index=True)
    reason = models.TextField(_("reason for transfer"), blank=True)
    started_by = user_field(_("started by"), blank=False)
    started_at = created_field(_("started"))
    decided_by = user_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    # Both unions see it; the sender's change log holds it.
    scope_org_fields = ("from_org", "to_org")
    audit_org_field = "from_org"
    detail_url_name = "members:transfer_detail"
    audit_fields = ["member", "from_org", "to_org", "status", "reason", "decided_at", "decision_note"]
    status_styles = TRANSFER_STATUS_STYLES
    workflow = Workflow(
        Transition("accept", sources=[TransferStatus.PENDING], target=TransferStatus.ACCEPTED, label=_("accepted"),
                   button=_("Accept"), url_name="members:transfer_accept", style="success", org="to_org", api="accept"),
        Transition("refuse", sources=[TransferStatus.PENDING], target=TransferStatus.REFUSED, label=_("refused"),
                   button=_("Refuse"), url_name="members:transfer_refuse", style="outline-danger", org="to_org",
                   api="refuse"),
        Transition("cancel", sources=[TransferStatus.PENDING], target=TransferStatus.CANCELLED, label=_("cancelled"),
                   button=_("Cancel the transfer"), url_name="members:transfer_cancel", org="from_org", api="cancel"),
        conflict=_("This transfer has already been decided or cancelled."),
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(status="pending"), name="one_pending_transfer_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member.name}: {self.from_org} → {self.to_org}"

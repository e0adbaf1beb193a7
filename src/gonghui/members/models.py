from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.pii import EncryptedCharField, mask_id_number, mask_phone
from gonghui.core.querysets import ScopedQuerySet
from gonghui.core.validators import validate_not_future

from .choices import (
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


class PersonFields(models.Model):
    """The personal details a member record and a join application share."""

    name = models.CharField(_("full name"), max_length=50, db_index=True)
    id_number = EncryptedCharField(_("ID number"))
    id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    political_status = models.CharField(_("political status"), max_length=20, choices=PoliticalStatus.choices, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=11, db_index=True)
    unit = models.ForeignKey(
        "orgs.EmployerUnit", verbose_name=_("employer unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    job_title = models.CharField(_("job"), max_length=50, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.REGULAR
    )

    class Meta:
        abstract = True

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self):
        return mask_phone(self.phone)


class Member(PersonFields):
    """A person in the real-name registry (会员实名制). One record per person, across the whole system."""

    scope_org_fields = ("org",)

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="members")
    # The unique constraint below indexes it: no second index to keep up on every insert.
    id_hash = models.CharField(max_length=64, editable=False)
    member_no = models.CharField(_("member number"), max_length=20, unique=True, editable=False)
    join_date = models.DateField(_("join date"), validators=[validate_not_future])
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE, db_index=True)
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["-join_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["id_hash"], name="one_member_record_per_person")]
        # join_date: the members who joined in a few days (statistics read the edge days of a period from them).
        indexes = [models.Index(fields=["org", "status"]), models.Index(fields=["join_date"], name="members_joined_on")]

    def __str__(self):
        return f"{self.name} ({self.member_no})"

    def get_absolute_url(self):
        return reverse("members:member_detail", args=[self.pk])

    def audit_org(self):
        return self.org

    audit_fields = [
        "name", "gender", "birth_date", "ethnicity", "education", "political_status", "unit", "job_title",
        "employment_type", "org", "member_no", "join_date", "status", "status_changed_on",
    ]

    def audit_snapshot(self):
        """Audited fields, with the ID number and phone masked: the log never holds them in clear."""
        from gonghui.core.audit import snapshot

        data = snapshot(self, self.audit_fields)
        data["id_number"] = self.id_number_masked
        data["phone"] = self.phone_masked
        return data


class MemberEvent(models.Model):
    """The member's history as the member and officials read it: joins, transfers, edits, status changes."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=MemberEventKind.choices)
    date = models.DateField(_("date"))
    # History rows name organisations and the actor without a database constraint (Django still sets them to
    # NULL when one is deleted, which gonghui never does: unions are dissolved, users deactivated): checking them
    # at every commit was a third of a member import's commit on PostgreSQL. The member keeps its constraint.
    from_org = models.ForeignKey("orgs.Organisation", verbose_name=_("from"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", db_constraint=False)
    to_org = models.ForeignKey("orgs.Organisation", verbose_name=_("to"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", db_constraint=False)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member history")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.date}"


class JoinApplication(PersonFields):
    """A worker's application to join a union (入会申请), online or entered by staff."""

    scope_org_fields = ("org",)

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="join_applications")
    unit_name = models.CharField(_("employer (as written)"), max_length=150, blank=True)
    reference_no = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=ApplicationChannel.choices, default=ApplicationChannel.ONLINE)
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING, db_index=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    member = models.ForeignKey(Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="applications")
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("join application")
        verbose_name_plural = _("join applications")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} → {self.org} ({self.reference_no})"

    def get_absolute_url(self):
        return reverse("members:application_detail", args=[self.pk])

    def audit_org(self):
        return self.org

    audit_fields = ["name", "org", "reference_no", "channel", "status", "decision_reason", "decided_at", "member"]

    def audit_snapshot(self):
        from gonghui.core.audit import snapshot

        data = snapshot(self, self.audit_fields)
        data["id_number"] = self.id_number_masked
        return data


class Transfer(models.Model):
    """Moving a member from one union to another (会员关系接转): started by the sender, decided by the receiver."""

    scope_org_fields = ("from_org", "to_org")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey("orgs.Organisation", verbose_name=_("from union"), on_delete=models.PROTECT, related_name="transfers_out")
    to_org = models.ForeignKey("orgs.Organisation", verbose_name=_("to union"), on_delete=models.PROTECT, related_name="transfers_in")
    status = models.CharField(_("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING, db_index=True)
    reason = models.TextField(_("reason for transfer"), blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = ScopedQuerySet.as_manager()

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

    def get_absolute_url(self):
        return reverse("members:transfer_detail", args=[self.pk])

    def audit_org(self):
        return self.from_org

    audit_fields = ["member", "from_org", "to_org", "status", "reason", "decided_at", "decision_note"]

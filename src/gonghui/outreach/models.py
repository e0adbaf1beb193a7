"""Contacts and the service network (联系服务): what a union does around its organisations and members besides
keeping them. Custody agreements (会员托管), contact areas (片区) and cadres' contact employers (挂点联系) with their
visit log, care visits to members, families and employers (not tied to a hardship archive), meetings with partners
(联席会议, 三方协商, 党工联席), the service network (帮扶中心/站/点), mediators and consultations.

Every record sits at ``org``, the union that keeps it; a record below another (a visit of a contact, a member
covered by an agreement) copies its parent's ``org`` so scope, the change log and the figures read one link.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.modelfields import created_field, org_field, part_of, updated_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import PhoneField
from gonghui.core.validators import validate_not_future

from .choices import Channel, ConsultationKind, MeetingKind, PointKind, VisitKind


class CustodyAgreement(ScopedModel):
    """An agreement by which the union holds (托管) members whose own workplace has no union, for a term."""

    org = org_field(_("custodian union"), "+")
    counterpart = models.CharField(_("counterpart"), max_length=150,
                                   help_text=_("The employer or body whose workers the union holds."))
    signed_on = models.DateField(_("signed on"), validators=[validate_not_future])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "outreach:custody_detail"

    class Meta:
        verbose_name = _("custody agreement")
        verbose_name_plural = _("custody agreements")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.counterpart


class CustodyMember(ScopedModel):
    """A member covered by a custody agreement."""

    agreement = part_of(CustodyAgreement, _("custody agreement"), "covered")
    org = org_field(_("custodian union"), "+")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="+")
    since = models.DateField(_("covered since"))
    created_at = created_field()

    detail_via = "agreement"
    audit_fields = ["agreement", "member", "since"]

    class Meta:
        verbose_name = _("member in custody")
        verbose_name_plural = _("members in custody")
        ordering = ["agreement", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "member"], name="outreach_custody_member_once")]

    def __str__(self):
        return f"{self.agreement} · {self.member}"


class ContactArea(ScopedModel):
    """An area (片区) grouping unions under an area lead, for contact and guidance work."""

    org = org_field(_("union"), "+")
    name = models.CharField(_("name"), max_length=100)
    lead = models.CharField(_("area lead"), max_length=60)
    unions = models.ManyToManyField("orgs.Organisation", verbose_name=_("unions in the area"), related_name="+",
                                    blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "outreach:area_detail"
    audit_fields = ["org", "name", "lead", "notes"]

    class Meta:
        verbose_name = _("contact area")
        verbose_name_plural = _("contact areas")
        ordering = ["org__path", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="outreach_area_org_name")]

    def __str__(self):
        return self.name


class ContactAssignment(ScopedModel):
    """A cadre assigned to keep in touch with an employer (挂点联系), with the visits in the log below."""

    org = org_field(_("union"), "+")
    cadre = models.CharField(_("cadre"), max_length=60)
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                             related_name="+")
    since = models.DateField(_("assigned since"))
    until = models.DateField(_("assigned until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "outreach:contact_detail"

    class Meta:
        verbose_name = _("contact assignment")
        verbose_name_plural = _("contact assignments")
        ordering = ["org__path", "unit__name", "-since"]

    def __str__(self):
        return f"{self.cadre} · {self.unit.name}"


class ContactVisit(ScopedModel):
    """A visit in a contact's log: when, the problems raised and how many of them were solved."""

    assignment = part_of(ContactAssignment, _("contact assignment"), "visits")
    org = org_field(_("union"), "+")
    visited_on = models.DateField(_("visited on"), validators=[validate_not_future])
    problems = models.TextField(_("problems raised"), blank=True)
    problems_raised = models.PositiveIntegerField(_("number of problems raised"), default=0)
    problems_solved = models.PositiveIntegerField(_("number of problems solved"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()

    detail_url_name = "outreach:contactvisit_detail"

    class Meta:
        verbose_name = _("contact visit")
        verbose_name_plural = _("contact visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"{self.assignment} · {self.visited_on:%Y-%m-%d}"


class CareVisit(ScopedModel):
    """A visit to a member or their family (illness, birth, bereavement) or to a struggling employer."""

    org = org_field(_("visiting union"), "+")
    kind = models.CharField(_("kind"), max_length=12, choices=VisitKind.choices)
    visited_on = models.DateField(_("visited on"), validators=[validate_not_future])
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    person = models.CharField(_("person visited"), max_length=60, blank=True,
                              help_text=_("A family member, or someone who is not a member."))
    visitors = models.CharField(_("visitors"), max_length=200)
    amount = models.DecimalField(_("condolence money (yuan)"), max_digits=12, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "outreach:visit_detail"

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        who = self.member or self.unit or self.person
        return f"{self.get_kind_display()} · {who}"


class PartnerMeeting(ScopedModel):
    """A meeting of the union with a partner: the government, the tripartite mechanism or the Party committee."""

    org = org_field(_("union"), "+")
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"), validators=[validate_not_future])
    partners = models.CharField(_("partners present"), max_length=300)
    issues = models.TextField(_("issues discussed"))
    decisions = models.TextField(_("decisions"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    followed_up = models.BooleanField(_("follow-up done"), default=False)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "outreach:meeting_detail"

    class Meta:
        verbose_name = _("partner meeting")
        verbose_name_plural = _("partner meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.held_on:%Y-%m-%d}"


class ServicePoint(ScopedModel):
    """A place of the service network where workers get help: a centre, station or point, with its hours."""

    org = org_field(_("union"), "+")
    kind = models.CharField(_("kind"), max_length=8, choices=PointKind.choices)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    services = models.TextField(_("services offered"))
    staff = models.PositiveIntegerField(_("staff"), default=0)
    opening_hours = models.CharField(_("opening hours"), max_length=100)
    telephone = models.CharField(_("telephone"), max_length=30, blank=True)
    active = models.BooleanField(_("open"), default=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "outreach:point_detail"

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["org__path", "kind", "name"]

    def __str__(self):
        return self.name


class Mediator(ScopedModel):
    """A mediator on the roster of a union's labour-dispute mediation committee."""

    org = org_field(_("union"), "+")
    committee = models.CharField(_("mediation committee"), max_length=100)
    name = models.CharField(_("name"), max_length=60)
    phone = PhoneField(_("mobile phone"), blank=True)
    speciality = models.CharField(_("speciality"), max_length=100, blank=True)
    since = models.DateField(_("on the roster since"), validators=[validate_not_future])
    active = models.BooleanField(_("active"), default=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "outreach:mediator_detail"

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["org__path", "committee", "name"]

    def __str__(self):
        return self.name


class Consultation(ScopedModel):
    """A consultation (legal or other) given by the union: logged so that the counts are real."""

    org = org_field(_("union"), "+")
    kind = models.CharField(_("kind"), max_length=14, choices=ConsultationKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.VISIT)
    consulted_on = models.DateField(_("consulted on"), validators=[validate_not_future])
    subject = models.CharField(_("subject"), max_length=200)
    answer = models.TextField(_("answer given"), blank=True)
    people = models.PositiveIntegerField(_("people"), default=1, validators=[MinValueValidator(1)])
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "outreach:consultation_detail"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-consulted_on", "-id"]

    def __str__(self):
        return self.subject

"""Offers to bargain (要约): a union asks an employer (or the employers of a region or an industry) to bargain
collectively; a union above may send it on a grassroots union's behalf (代行要约). draft → sent → answered, or
withdrawn (``Offer.workflow``). A sent offer waits for its reply until ``reply_due`` and is overdue after it."""

from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, recorded_fields, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import PhoneField
from gonghui.core.validators import validate_mobile
from gonghui.core.workflow import Transition, Workflow

from .choices import CampaignStatus, Coverage, OfferStatus, Reply, Topic

_storage = DataStorage("bargaining")


def minutes_storage():
    return _storage


def _upload_to(instance, filename):  # uploads go through store_upload; this only names the field's default
    return f"bargaining/{Path(filename).name}"


class OfferCampaign(ScopedModel):
    """An offer campaign (集中要约行动月): a union sends offers to a chosen set of employers of its subtree at once
    (``services.send_campaign_offers``, one offer each) and follows their replies."""

    org = org_field(_("organising union"), "bargaining_campaigns")
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    topic_codes = models.CharField(pgettext_lazy("bargaining", "topics"), max_length=200)
    content = models.TextField(_("content of the offer"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.OPEN, db_index=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "bargaining:campaign_detail"
    audit_fields = ["org", "name", "starts_on", "ends_on", "topic_codes", "content", "status"]
    status_styles = {CampaignStatus.OPEN: "text-bg-primary", CampaignStatus.CLOSED: "text-bg-secondary"}
    workflow = Workflow(
        Transition("send_offers", sources=[CampaignStatus.OPEN], target=None, label=_("offers sent"),
                   button=_("Send offers"), url_name="bargaining:campaign_send_offers", style="primary",
                   api="send-offers"),
        Transition("close", sources=[CampaignStatus.OPEN], target=CampaignStatus.CLOSED,
                   label=pgettext_lazy("bargaining", "finished"), button=_("Finish the campaign"),
                   url_name="bargaining:campaign_close", api="close"),
        conflict=_("The campaign has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("offer campaign")
        verbose_name_plural = _("offer campaigns")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.name

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    @property
    def topics(self):
        return [c for c in self.topic_codes.split(",") if c]

    def get_topics_display(self):
        return "、".join(str(Topic(c).label) for c in self.topics if c in Topic.values)


class Offer(ScopedModel):
    reference_no = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    org = org_field(_("sending union"), "bargaining_offers")
    # 代行要约: the grassroots union the sending union acts for (empty: it sends in its own name).
    on_behalf_of = org_field(_("on behalf of"), "bargaining_offers_for", null=True, blank=True)
    coverage = models.CharField(_("coverage"), max_length=10, choices=Coverage.choices, default=Coverage.EMPLOYER)
    employers = models.ManyToManyField("orgs.EmployerUnit", verbose_name=_("employers"), related_name="+")
    # Topic codes joined by commas, with a comma at each end so that one topic is found by ",code,".
    topic_codes = models.CharField(pgettext_lazy("bargaining", "topics"), max_length=200)
    content = models.TextField(_("content of the offer"), blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True, db_index=True)
    reply_due = models.DateField(pgettext_lazy("bargaining", "reply due"), null=True, blank=True, db_index=True)
    replied_on = models.DateField(pgettext_lazy("bargaining", "replied on"), null=True, blank=True)
    reply = models.CharField(pgettext_lazy("bargaining", "reply"), max_length=10, choices=Reply.choices,
                             blank=True)
    reply_note = models.TextField(pgettext_lazy("bargaining", "reply note"), blank=True)
    campaign = models.ForeignKey(OfferCampaign, verbose_name=_("offer campaign"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="offers")
    overdue_reminded_on = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT,
                              db_index=True)
    recorded_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    scope_org_fields = ("org", "on_behalf_of")
    detail_url_name = "bargaining:offer_detail"
    audit_fields = ["reference_no", "org", "on_behalf_of", "campaign", "coverage", "topic_codes", "content", "sent_on",
                    "reply_due", "replied_on", "reply", "reply_note", "status"]
    audit_exclude = ("overdue_reminded_on",)
    status_styles = {OfferStatus.DRAFT: "text-bg-light", OfferStatus.SENT: "text-bg-warning",
                     OfferStatus.ANSWERED: "text-bg-success", OfferStatus.WITHDRAWN: "text-bg-secondary"}
    workflow = Workflow(
        Transition("send", sources=[OfferStatus.DRAFT], target=OfferStatus.SENT,
                   label=pgettext_lazy("bargaining", "sent"), button=pgettext_lazy("bargaining", "Send"),
                   url_name="bargaining:offer_send", style="primary", api="send"),
        Transition("answer", sources=[OfferStatus.SENT], target=OfferStatus.ANSWERED,
                   label=pgettext_lazy("bargaining", "answered"),
                   button=pgettext_lazy("bargaining", "Record the reply"),
                   url_name="bargaining:offer_answer", style="primary", api="answer"),
        Transition("withdraw", sources=[OfferStatus.DRAFT, OfferStatus.SENT], target=OfferStatus.WITHDRAWN,
                   label=pgettext_lazy("bargaining", "withdrawn"), button=pgettext_lazy("bargaining", "Withdraw"),
                   url_name="bargaining:offer_withdraw", api="withdraw"),
        Transition("remind", target=None, label=_("overdue reminder sent"), system=True),
        Transition("record_round", sources=[OfferStatus.ANSWERED], target=None, label=_("negotiation round recorded"),
                   button=_("Record a negotiation round"), url_name="bargaining:offer_record_round",
                   style="outline-primary", api="record-round"),
        conflict=_("The offer has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("offer to bargain")
        verbose_name_plural = _("offers to bargain")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.reference_no

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    @property
    def topics(self):
        return [c for c in self.topic_codes.split(",") if c]

    def get_topics_display(self):
        return "、".join(str(Topic(c).label) for c in self.topics if c in Topic.values)

    def audit_extra(self):
        names = sorted(self.employers.values_list("name", flat=True)) if self.pk else []
        return {"employers": "、".join(names)}

    @property
    def acting(self):
        """Sent on another union's behalf (代行要约)."""
        return self.on_behalf_of_id is not None


class Instructor(ScopedModel):
    """A bargaining instructor (协商指导员) on the roster a union (usually the district) keeps; offers of its
    subtree choose their instructor from it."""

    org = org_field(_("roster kept by"), "bargaining_instructors")
    name = models.CharField(_("full name"), max_length=50)
    phone = PhoneField(_("mobile phone"), validators=[validate_mobile])
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)
    active = models.BooleanField(_("on the roster"), default=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "bargaining:instructor_detail"
    audit_fields = ["org", "name", "phone", "expertise", "active"]

    class Meta:
        verbose_name = _("bargaining instructor")
        verbose_name_plural = _("bargaining instructors")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class NegotiationRound(Attachment, ScopedModel):
    """One round of negotiation on an offer: who sat on each side, the instructor, the minutes (a file,
    downloaded never inline) and the points agreed and still open."""

    offer = part_of(Offer, _("offer to bargain"), "rounds")
    number = models.PositiveSmallIntegerField(_("round"), editable=False)
    held_on = models.DateField(_("held on"))
    union_side = models.TextField(_("union's representatives"), help_text=_("One name a line."))
    employer_side = models.TextField(_("employer's representatives"), help_text=_("One name a line."))
    instructor = models.ForeignKey(Instructor, verbose_name=_("instructor"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="rounds")
    agreed = models.TextField(_("points agreed"), blank=True)
    open_points = models.TextField(_("points still open"), blank=True)
    file = models.FileField(_("minutes"), storage=minutes_storage, upload_to=_upload_to, max_length=200, blank=True)
    recorded_by, created_at = recorded_fields()

    scope_org_fields = ("offer__org", "offer__on_behalf_of")
    detail_via = "offer"
    audit_fields = ["offer", "number", "held_on", "union_side", "employer_side", "instructor", "agreed",
                    "open_points", "file_name"]

    class Meta:
        verbose_name = _("negotiation round")
        verbose_name_plural = _("negotiation rounds")
        ordering = ["offer", "number"]
        constraints = [models.UniqueConstraint(fields=["offer", "number"], name="bargaining_round_number")]

    def __str__(self):
        return f"{self.offer.reference_no} #{self.number}"

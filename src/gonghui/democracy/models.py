"""Democratic management (民主管理): the congress system of each employer (职代会/教代会), congresses by term (届)
with their delegates, sessions (次) with agenda items, votes and resolutions, delegates' motions (提案), the
employer's rules register (each rule linked to the session that passed it) and star ratings (星级职代会)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, recorded_fields
from gonghui.core.models import ScopedModel
from gonghui.core.validators import validate_not_future
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    QUORUM_DENOMINATOR,
    QUORUM_NUMERATOR,
    CongressBody,
    CongressForm,
    DelegateCategory,
    ItemKind,
    ItemResult,
    MotionStatus,
    Rating,
    SessionKind,
    SessionStatus,
    Stars,
)

STORAGE = DataStorage("democracy")
DIGITS = "零一二三四五六七八九"


def chinese_numeral(n):
    """12 → 十二, 21 → 二十一, 9 → 九 (terms and sessions are read this way: 九届十二次)."""
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    return str(n)


def numeral(n):
    return chinese_numeral(n) if (translation.get_language() or "").startswith("zh") else str(n)


class Setup(Attachment, ScopedModel):
    """Whether an employer has set up the congress system, in which form, since when, with its rules document."""

    unit = models.OneToOneField("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                                related_name="congress_setup")
    org = org_field(_("union holding the congress"), "congress_setups")
    form = models.CharField(_("form"), max_length=10, choices=CongressForm.choices, default=CongressForm.OWN)
    body = models.CharField(_("congress"), max_length=10, choices=CongressBody.choices, default=CongressBody.WORKERS)
    established_on = models.DateField(_("set up on"), null=True, blank=True, validators=[validate_not_future],
                                      help_text=_("Empty while the system is not set up yet."))
    file = models.FileField(_("congress rules document"), storage=STORAGE, max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by, created_at = recorded_fields()

    scope_org_fields = ("org",)
    detail_url_name = "democracy:setup_detail"
    audit_fields = ["unit", "org", "form", "body", "established_on", "file_name", "note"]

    class Meta:
        verbose_name = _("congress system")
        verbose_name_plural = _("congress systems")
        ordering = ["unit__name"]

    def __str__(self):
        return f"{self.unit.name} · {self.get_body_display()}"

    @property
    def is_established(self):
        return self.established_on is not None


class Congress(ScopedModel):
    """A congress for one term (届) of the union holding it."""

    org = org_field(_("union holding the congress"), "congresses")
    body = models.CharField(_("congress"), max_length=10, choices=CongressBody.choices, default=CongressBody.WORKERS)
    title = models.CharField(_("name"), max_length=100, blank=True,
                             help_text=_("As the documents write it; empty: the union's name and the term."))
    term = models.PositiveSmallIntegerField(_("term (届)"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    started_on = models.DateField(_("term started"), validators=[validate_not_future])
    min_frontline_percent = models.PositiveSmallIntegerField(
        _("least share of frontline delegates (%)"), default=50, validators=[MaxValueValidator(100)],
        help_text=_("The share of frontline workers among the delegates that the rules require."))
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "democracy:congress_detail"
    audit_fields = ["org", "body", "title", "term", "started_on", "min_frontline_percent"]

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["org__path", "-term"]
        constraints = [models.UniqueConstraint(fields=["org", "body", "term"], name="democracy_congress_org_term")]

    def __str__(self):
        return self.title or _("%(org)s, term %(term)s") % {"org": self.org.name, "term": numeral(self.term)}


class Delegate(ScopedModel):
    """A delegate of one term: a member of the union holding the congress."""

    congress = part_of(Congress, _("congress"), "delegates")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    constituency = models.CharField(_("constituency"), max_length=60, blank=True)
    category = models.CharField(_("delegate category"), max_length=12, choices=DelegateCategory.choices,
                                default=DelegateCategory.FRONTLINE)
    created_at = created_field()

    scope_org_fields = ("congress__org",)
    detail_url_name = "democracy:delegate_detail"
    audit_fields = ["congress", "member", "constituency", "category"]

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["congress", "constituency", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "member"], name="democracy_delegate_once")]

    def __str__(self):
        return self.member.name


def session_label(term, number):
    return _("term %(term)s, session %(number)s") % {"term": numeral(term), "number": numeral(number)}


class Session(ScopedModel):
    """A session (次) of a congress: plenary, or a joint meeting between sessions (联席会议)."""

    congress = part_of(Congress, _("congress"), "sessions")
    number = models.PositiveSmallIntegerField(_("session (次)"), validators=[MinValueValidator(1),
                                                                          MaxValueValidator(99)])
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.PLENARY)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices,
                              default=SessionStatus.PLANNED, db_index=True)
    due_on = models.DateField(_("to be held by"), null=True, blank=True,
                              help_text=_("The date the rules set for the session (it is on time when held by then)."))
    held_on = models.DateField(pgettext_lazy("congress", "held on"), null=True, blank=True,
                               validators=[validate_not_future])
    delegates_total = models.PositiveIntegerField(_("delegates"), default=0)
    delegates_present = models.PositiveIntegerField(_("delegates present"), default=0)
    has_quorum = models.BooleanField(_("quorum"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_at = created_field()

    scope_org_fields = ("congress__org",)
    detail_url_name = "democracy:session_detail"
    audit_fields = ["number", "kind", "status", "due_on", "held_on", "delegates_total", "delegates_present",
                    "has_quorum", "note"]
    status_styles = {"planned": "text-bg-secondary", "held": "text-bg-primary", "closed": "text-bg-success"}
    workflow = Workflow(
        Transition("hold", sources=[SessionStatus.PLANNED], target=SessionStatus.HELD, label=_("held"),
                   button=_("Record the session held"), url_name="democracy:session_hold", style="primary",
                   api="hold"),
        Transition("close", sources=[SessionStatus.HELD], target=SessionStatus.CLOSED,
                   label=pgettext_lazy("session", "closed"),
                   button=_("Close the session"), url_name="democracy:session_close", style="outline-danger",
                   api="close"),
        conflict=_("The session has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["congress", "number", "kind"], name="democracy_session_no")]

    def __str__(self):
        label = session_label(self.congress.term, self.number)
        if self.kind == SessionKind.JOINT:
            return f"{self.congress.org.name} {label} ({self.get_kind_display()})"
        return f"{self.congress.org.name} {label}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-secondary")

    @property
    def is_closed(self):
        return self.status == SessionStatus.CLOSED

    @staticmethod
    def quorum_of(total, present):
        """Two thirds of the delegates present (at least one delegate)."""
        return total > 0 and present * QUORUM_DENOMINATOR >= total * QUORUM_NUMERATOR


class AgendaItem(ScopedModel):
    """An item put to a session, its vote and its resolution. It passes when more than half of all the delegates
    vote for it, in a session with a quorum."""

    session = part_of(Session, _("session"), "items")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=200)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=ItemResult.choices, default=ItemResult.PENDING,
                              db_index=True)
    resolution = models.TextField(_("resolution"), blank=True)

    scope_org_fields = ("session__congress__org",)
    detail_via = "session"
    audit_fields = ["kind", "title", "votes_for", "votes_against", "votes_abstain", "result", "resolution"]

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "id"]

    def __str__(self):
        return f"{self.session} · {self.title}"

    def get_absolute_url(self):
        return self.session.get_absolute_url()


class Motion(ScopedModel):
    """A delegate's motion (提案), from filing to the filer's rating of how it was carried out."""

    congress = part_of(Congress, _("congress"), "motions")
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    filer = models.ForeignKey(Delegate, verbose_name=_("filed by"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="motions")
    filer_name = models.CharField(_("filed by (name)"), max_length=50, blank=True)
    collected_from = models.ForeignKey("members.Member", verbose_name=_("collected in the portal from"), null=True,
                                       blank=True, editable=False, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("filed on"), validators=[validate_not_future])
    status = models.CharField(_("status"), max_length=12, choices=MotionStatus.choices, default=MotionStatus.FILED,
                              db_index=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    department = models.CharField(_("department responsible"), max_length=100, blank=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    implementation = models.TextField(_("what was done"), blank=True)
    rating = models.CharField(_("filer's rating"), max_length=12, choices=Rating.choices, blank=True)
    reminded_due_for = models.DateField(null=True, blank=True, editable=False)
    reminded_overdue_for = models.DateField(null=True, blank=True, editable=False)
    created_at = created_field()

    scope_org_fields = ("congress__org",)
    detail_url_name = "democracy:motion_detail"
    audit_fields = ["number", "title", "content", "filer", "filer_name", "collected_from", "filed_on", "status",
                    "decision_reason", "department", "reply_due", "reply", "replied_on", "implemented_on",
                    "implementation", "rating"]
    status_styles = {"filed": "text-bg-secondary", "accepted": "text-bg-info", "opinion": "text-bg-light",
                     "assigned": "text-bg-primary", "answered": "text-bg-warning", "implemented": "text-bg-success"}
    workflow = Workflow(
        Transition("accept", sources=[MotionStatus.FILED], target=MotionStatus.ACCEPTED,
                   label=pgettext_lazy("motion", "accepted"),
                   button=_("Accept as a motion"), url_name="democracy:motion_accept", style="primary",
                   api="accept"),
        Transition("make_opinion", sources=[MotionStatus.FILED], target=MotionStatus.OPINION,
                   label=_("turned into an opinion"), button=_("Turn into an opinion"),
                   url_name="democracy:motion_make_opinion", api="make-opinion"),
        Transition("assign", sources=[MotionStatus.ACCEPTED], target=MotionStatus.ASSIGNED, label=_("assigned"),
                   button=_("Assign to a department"), url_name="democracy:motion_assign", style="primary",
                   api="assign"),
        Transition("answer", sources=[MotionStatus.ASSIGNED], target=MotionStatus.ANSWERED,
                   label=pgettext_lazy("motion", "answered"),
                   button=_("Record the reply"), url_name="democracy:motion_answer", style="primary", api="answer"),
        Transition("implement", sources=[MotionStatus.ANSWERED], target=MotionStatus.IMPLEMENTED,
                   label=_("implemented"), button=_("Record it implemented"), url_name="democracy:motion_implement",
                   style="success", api="implement"),
        Transition("rate", sources=[MotionStatus.ANSWERED, MotionStatus.IMPLEMENTED], target=None,
                   label=_("rated by the filer"), button=_("Record the filer's rating"),
                   url_name="democracy:motion_rate", api="rate"),
        conflict=_("The motion has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["-filed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="democracy_motion_no")]

    def __str__(self):
        return _("Motion %(no)s: %(title)s") % {"no": self.number, "title": self.title}

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-secondary")


class EmployerRule(ScopedModel):
    """A rule or major decision of an employer, linked to the agenda item that passed it (if any). One the
    congress never passed is flagged: it is not accepted in a later dispute (未经职代会审议通过)."""

    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                             related_name="+")
    org = org_field(_("union"), "employer_rules")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"), validators=[validate_not_future])
    item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="rules",
                             help_text=_("The item of the congress session that deliberated it."))
    note = models.TextField(_("note"), blank=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "democracy:rule_detail"
    audit_fields = ["unit", "org", "kind", "title", "adopted_on", "item", "note"]

    class Meta:
        verbose_name = _("employer rule")
        verbose_name_plural = _("employer rules")
        ordering = ["-adopted_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_passed(self):
        return self.item_id is not None and self.item.result == ItemResult.PASSED


class StarRating(ScopedModel):
    """A star grade (星级职代会) the union above gives a congress for a year, with its evidence."""

    congress = part_of(Congress, _("congress"), "star_ratings")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    stars = models.PositiveSmallIntegerField(_("stars"), choices=Stars.choices)
    rated_by = org_field(_("rated by"), "+")
    rated_on = models.DateField(_("rated on"), validators=[validate_not_future])
    evidence = models.TextField(_("grounds of the rating"))
    created_at = created_field()

    scope_org_fields = ("congress__org",)
    detail_url_name = "democracy:star_detail"
    audit_fields = ["congress", "year", "stars", "rated_by", "rated_on", "evidence"]

    class Meta:
        verbose_name = _("star rating")
        verbose_name_plural = _("star ratings")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="democracy_star_once_a_year")]

    def __str__(self):
        return f"{self.congress} · {self.year} · {self.get_stars_display()}"

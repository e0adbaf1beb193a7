"""The annual statistical report (统计年报): a reporting round opened by an upper union, one report per union.

The figures of a report live in two JSON fields instead of one row per figure: a round of a city writes
60,000 reports in one bulk insert (not a million rows), a roll-up reads one row per child, and indicators
that later apps register need no migration. ``data`` holds, per indicator key, ``{"d": derived value from
the records when the round was opened, "v": entered or corrected value, "r": reason of the correction}``;
``final`` holds the reported figures once submitted (the frozen report after acceptance).
Decimal figures are kept as strings.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import scope
from gonghui.core.modelfields import org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.querysets import ScopedQuerySet
from gonghui.core.workflow import Transition, Workflow

from .choices import EDITABLE_STATUSES, ReportStatus, RoundStatus


class ReportRoundQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """Rounds opened inside the user's subtrees, and rounds opened above them (which reach into them)."""
        if scope.is_unrestricted(user):
            return self.all()
        paths = scope.scope_paths(user)
        if not paths:
            return self.none()
        ancestors = {p[:n] for p in paths for n in range(4, len(p), 4)}
        q = scope.scope_filter(user, "org") | models.Q(org__path__in=ancestors)
        return self.filter(q)


class ReportRound(ScopedModel):
    """A reporting round (年报工作): the year, the union that opened it, the deadline."""

    title = models.CharField(_("title"), max_length=150)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    org = org_field(_("opened by union"), "report_rounds")
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN,
                              db_index=True)
    warn_change_share = models.DecimalField(
        _("warn on change above"), max_digits=4, decimal_places=2, default=0.3,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("Warn when a figure changes by more than this share from last year's accepted report (0.3 = 30%)."),
    )
    opened_by = user_field(_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    objects = ReportRoundQuerySet.as_manager()
    detail_url_name = "reports:round_detail"
    audit_fields = ["title", "year", "org", "deadline", "status", "warn_change_share"]
    workflow = Workflow(
        Transition("close", sources=[RoundStatus.OPEN], target=RoundStatus.CLOSED, label=_("closed"),
                   button=_("Close the round"), url_name="reports:round_close", style="outline-danger"),
        conflict=_("The round is already closed."),
    )

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reports_round_org_year")]

    def __str__(self):
        return self.title

    @property
    def is_past_deadline(self):
        return timezone.localdate() > self.deadline


def reviewer_org(report):
    """The union that reviews a report: the parent (None for a root union, reviewed by its own admins)."""
    return report.org.get_parent() if report.org.depth > 1 else None


def may_review(user, report):
    parent = reviewer_org(report)
    if parent is None:
        return scope.can(user, "manage_orgs", report.org)
    return scope.can(user, "change", parent)


class Report(ScopedModel):
    """One union's annual report in a round."""

    round = part_of(ReportRound, _("round"), "reports")
    org = org_field(_("union"), "annual_reports")
    is_grassroots = models.BooleanField(_("grassroots union"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              db_index=True)
    data = models.JSONField(_("figures"), default=dict, blank=True)
    final = models.JSONField(_("reported figures"), null=True, blank=True)
    # When the figures "from the records" were taken (the round's opening, or the last refresh).
    figures_taken_at = models.DateTimeField(_("figures taken at"), null=True, blank=True)
    submitted_by = user_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = user_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    updated_at = updated_field()

    detail_url_name = "reports:report_detail"
    audit_fields = ["status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_comment",
                    "figures_taken_at"]
    workflow = Workflow(
        Transition("submit", sources=EDITABLE_STATUSES, target=ReportStatus.SUBMITTED,
                   label=pgettext_lazy("transition", "submitted"), button=_("Submit"), url_name="reports:report_submit",
                   style="primary", api="submit", conflict=_("The report has already been submitted.")),
        # Takes the figures from the records again; a submitted report's are frozen (no source state then).
        Transition("refresh", sources=EDITABLE_STATUSES, label=_("figures refreshed from the records"),
                   button=_("Refresh figures"), url_name="reports:report_refresh", api="refresh-figures",
                   conflict=_("The report has been submitted: its figures are frozen and can no longer be refreshed.")),
        Transition("accept", sources=[ReportStatus.SUBMITTED], target=ReportStatus.ACCEPTED, label=_("accepted"),
                   button=_("Accept"), url_name="reports:report_accept", style="success", permitted=may_review,
                   denied=_("Only the union above may review this report."), api="accept"),
        Transition("return", sources=[ReportStatus.SUBMITTED], target=ReportStatus.RETURNED, label=_("returned"),
                   button=_("Return"), url_name="reports:report_return", style="outline-danger",
                   permitted=may_review, denied=_("Only the union above may review this report."), api="return"),
        conflict=_("The report is no longer waiting for review: someone has decided it already."),
    )

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["round", "org__path"]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="reports_report_round_org")]

    def __str__(self):
        return f"{self.org.name} · {self.round.year}"

    def audit_extra(self):
        return {"figures": {k: v for k, v in (self.data or {}).items() if v.get("v") is not None or v.get("r")}}

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def is_late(self):
        return self.status in EDITABLE_STATUSES and timezone.localdate() > self.round.deadline

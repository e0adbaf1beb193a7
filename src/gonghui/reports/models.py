"""The annual statistical report (统计年报): a reporting round opened by an upper union, one report per union.

The figures of a report live in two JSON fields instead of one row per figure: a round of a city writes
60,000 reports in one bulk insert (not a million rows), a roll-up reads one row per child, and indicators
that later apps register need no migration. ``data`` holds, per indicator key, ``{"d": derived value from
the records when the round was opened, "v": entered or corrected value, "r": reason of the correction}``;
``final`` holds the reported figures once submitted (the frozen report after acceptance).
Decimal figures are kept as strings.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.querysets import ScopedQuerySet

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


class ReportRound(models.Model):
    """A reporting round (年报工作): the year, the union that opened it, the deadline."""

    title = models.CharField(_("title"), max_length=150)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("opened by union"), on_delete=models.PROTECT,
                            related_name="report_rounds")
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN,
                              db_index=True)
    warn_change_share = models.DecimalField(
        _("warn on change above"), max_digits=4, decimal_places=2, default=0.3,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("Warn when a figure changes by more than this share from last year's accepted report (0.3 = 30%)."),
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    scope_org_fields = ("org",)
    objects = ReportRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reports_round_org_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:round_detail", args=[self.pk])

    def audit_org(self):
        return self.org

    audit_fields = ["title", "year", "org", "deadline", "status", "warn_change_share"]

    @property
    def is_past_deadline(self):
        return timezone.localdate() > self.deadline


class Report(models.Model):
    """One union's annual report in a round."""

    round = models.ForeignKey(ReportRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reports")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                            related_name="annual_reports")
    is_grassroots = models.BooleanField(_("grassroots union"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              db_index=True)
    data = models.JSONField(_("figures"), default=dict, blank=True)
    final = models.JSONField(_("reported figures"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_org_fields = ("org",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["round", "org__path"]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="reports_report_round_org")]

    def __str__(self):
        return f"{self.org.name} · {self.round.year}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    def audit_org(self):
        return self.org

    audit_fields = ["status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_comment"]

    def audit_snapshot(self):
        from gonghui.core.audit import snapshot

        data = snapshot(self, self.audit_fields)
        data["figures"] = {k: v for k, v in (self.data or {}).items() if v.get("v") is not None or v.get("r")}
        return data

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def is_late(self):
        return self.status in EDITABLE_STATUSES and timezone.localdate() > self.round.deadline

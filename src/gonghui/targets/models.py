"""Targets handed down the tree (指标下达) and the responsibility letters (责任状) that go with them.

An upper union (the *issuer*) sets, for a year, a figure per indicator for each of its direct children.
The indicators are those of the statistics registry marked ``target=True`` (so later apps add theirs).
Progress is computed from the statistics counters (see ``selectors.progress``).
"""

from pathlib import Path

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from gonghui.core.attachments import DataStorage
from gonghui.core.querysets import ScopedQuerySet
from gonghui.core.validators import validate_not_future

# Scanned letters live under the data directory (outside the web root), served by a scoped view.
_storage = DataStorage("targets")


def attachment_storage():
    return _storage


def _letter_upload_to(instance, filename):
    ext = Path(filename).suffix.lower()[:8]
    return f"letters/{instance.year}/{instance.org_id}{ext}"


class Target(models.Model):
    """One figure of one indicator that ``issuer`` hands down to its direct child ``org`` for a year."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    issuer = models.ForeignKey("orgs.Organisation", verbose_name=_("issued by"), on_delete=models.PROTECT,
                               related_name="targets_issued")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                            related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_org_fields = ("org",)
    objects = ScopedQuerySet.as_manager()

    audit_fields = ["year", "issuer", "org", "indicator", "value", "note"]

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "issuer__path", "org__path", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["year", "org", "indicator"], name="targets_target_unique_year_org_indicator"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="targets_target_value_not_negative"),
        ]
        indexes = [models.Index(fields=["issuer", "year"])]

    def __str__(self):
        return f"{self.year} {self.org} {self.indicator_name}"

    def get_absolute_url(self):
        return reverse("targets:target_detail", args=[self.pk])

    @cached_property
    def indicator_obj(self):
        from gonghui.stats.registry import _REGISTRY

        return _REGISTRY.get(self.indicator)

    @property
    def indicator_name(self):
        ind = self.indicator_obj
        return str(ind.name) if ind else self.indicator

    @property
    def unit(self):
        ind = self.indicator_obj
        return str(ind.unit) if ind else ""

    def audit_org(self):
        """The audit entry belongs to the child (so both the child and the issuer see it)."""
        return self.org

    def rights_org(self):
        """Where the right to change it is checked: the issuer hands targets down."""
        return self.issuer


class ResponsibilityLetter(models.Model):
    """The responsibility letter (目标责任状) signed between the issuer and a child for a year."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    issuer = models.ForeignKey("orgs.Organisation", verbose_name=_("issued by"), on_delete=models.PROTECT,
                               related_name="letters_issued")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                            related_name="responsibility_letters")
    issuer_signatory = models.CharField(_("signed for the issuer by"), max_length=50)
    issuer_signatory_title = models.CharField(_("title of the issuer's signatory"), max_length=60, blank=True)
    org_signatory = models.CharField(_("signed for the organisation by"), max_length=50)
    org_signatory_title = models.CharField(_("title of the organisation's signatory"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), validators=[validate_not_future])
    attachment = models.FileField(_("scanned letter"), storage=attachment_storage, upload_to=_letter_upload_to,
                                  blank=True, max_length=200)
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("file type"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_org_fields = ("org",)
    objects = ScopedQuerySet.as_manager()

    audit_fields = ["year", "issuer", "org", "issuer_signatory", "issuer_signatory_title", "org_signatory",
                    "org_signatory_title", "signed_on", "attachment_name", "note"]

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        ordering = ["-year", "issuer__path", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["year", "org"], name="targets_letter_unique_year_org"),
        ]

    def __str__(self):
        return f"{self.year} {self.org}"

    def get_absolute_url(self):
        return reverse("targets:letter_detail", args=[self.pk])

    def audit_org(self):
        return self.org

    def rights_org(self):
        return self.issuer

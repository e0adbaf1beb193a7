"""Targets handed down the tree (指标下达) and the responsibility letters (责任状) that go with them.

An upper union (the *issuer*) sets, for a year, a figure per indicator for each of its direct children.
The indicators are those of the statistics registry marked ``target=True`` (so later apps add theirs).
Progress is computed from the statistics counters (see ``selectors.progress``).

Both records sit at the child (``org``: its scope, its change log); the right to change them is held at the
issuer (``rights_org()``), the union that hands them down. Neither has states: no workflow.
"""

from pathlib import Path

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, updated_field
from gonghui.core.models import ScopedModel
from gonghui.core.validators import validate_not_future
from gonghui.stats.registry import get as get_indicator

# Scanned letters live under the data directory (outside the web root), served by a scoped view.
_storage = DataStorage("targets")


def attachment_storage():
    return _storage


def _letter_upload_to(instance, filename):  # named by the first migration; uploads go through store_upload
    ext = Path(filename).suffix.lower()[:8]
    return f"letters/{instance.year}/{instance.org_id}{ext}"


class Target(ScopedModel):
    """One figure of one indicator that ``issuer`` hands down to its direct child ``org`` for a year."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    issuer = org_field(_("issued by"), "targets_issued")
    org = org_field(_("organisation"), "targets")
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "targets:target_detail"
    audit_fields = ["year", "issuer", "org", "indicator", "value", "note"]

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "issuer__path", "org__path", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["year", "org", "indicator"],
                                    name="targets_target_unique_year_org_indicator"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="targets_target_value_not_negative"),
        ]
        indexes = [models.Index(fields=["issuer", "year"])]

    def __str__(self):
        return f"{self.year} {self.org} {self.indicator_name}"

    @classmethod
    def audit_display(cls, key, value):
        """The change log's words for a stored value: an indicator's key as its name."""
        if key == "indicator":
            try:
                return str(get_indicator(value).name)
            except KeyError:
                return None
        return None

    @cached_property
    def indicator_obj(self):
        try:
            return get_indicator(self.indicator)
        except KeyError:  # an indicator no longer registered
            return None

    @property
    def indicator_name(self):
        ind = self.indicator_obj
        return str(ind.name) if ind else self.indicator

    @property
    def unit(self):
        ind = self.indicator_obj
        return str(ind.unit) if ind else ""

    def rights_org(self):
        """Where the right to change it is checked: the issuer hands targets down."""
        return self.issuer


class ResponsibilityLetter(ScopedModel, Attachment):
    """The responsibility letter (目标责任状) signed between the issuer and a child for a year; ``file`` is the
    scanned letter (optional)."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    issuer = org_field(_("issued by"), "letters_issued")
    org = org_field(_("organisation"), "responsibility_letters")
    issuer_signatory = models.CharField(_("signed for the issuer by"), max_length=50)
    issuer_signatory_title = models.CharField(_("title of the issuer's signatory"), max_length=60, blank=True)
    org_signatory = models.CharField(_("signed for the organisation by"), max_length=50)
    org_signatory_title = models.CharField(_("title of the organisation's signatory"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), validators=[validate_not_future])
    file = models.FileField(_("scanned letter"), storage=attachment_storage, upload_to=_letter_upload_to,
                            blank=True, max_length=200)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "targets:letter_detail"
    audit_fields = ["year", "issuer", "org", "issuer_signatory", "issuer_signatory_title", "org_signatory",
                    "org_signatory_title", "signed_on", "file_name", "note"]

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        ordering = ["-year", "issuer__path", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["year", "org"], name="targets_letter_unique_year_org"),
        ]

    def __str__(self):
        return f"{self.year} {self.org}"

    def rights_org(self):
        return self.issuer

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# The ``day`` of a counter that is not bucketed by date (a stock such as "members now").
NO_DAY = datetime.date(1900, 1, 1)


class OrgCounter(models.Model):
    """A figure kept current for one organisation: ``own`` counts the records held at the organisation
    itself, ``total`` those of its whole subtree (own + every descendant). Member keys (``m.``) are the
    exception: they are counted at the ancestors only (``own`` = 0, ``total`` = the descendants'), and readers
    add the organisation's own members from the records (see :mod:`gonghui.stats.counters`).

    Flows (members joined, unions founded, elections due) are bucketed by ``day``; stocks use ``NO_DAY``.
    Rows are only ever changed by :mod:`gonghui.stats.counters`, by atomic increments in the transaction
    of the write that changes the records, so the figures stay exact under concurrent writes.
    """

    # No foreign-key constraint in the database: its check ran for every new row of every write's upsert;
    # organisations are never deleted in the database (they are dissolved or merged), and Django's CASCADE
    # still removes the rows of one deleted through the ORM.
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False,
                            db_constraint=False)
    key = models.CharField(max_length=64)
    day = models.DateField(default=NO_DAY)
    own = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("statistics counter")
        verbose_name_plural = _("statistics counters")
        constraints = [models.UniqueConstraint(fields=["org", "key", "day"], name="one_counter_per_org_key_day")]
        # The unique index serves the reads too: an organisation has at most a few thousand rows (flows by
        # month, members at the ancestors); a second index only slowed the writes (migration 0005).
        # The coverage tree map reads two stocks of thousands of grandchildren (selectors.COVERAGE_KEYS): a
        # small partial index holds just those rows (units change rarely; member writes never touch it).
        indexes = [models.Index(fields=["org"], name="stats_counter_coverage",
                                condition=models.Q(day=NO_DAY, key__in=["u.required", "u.covered"]))]

    def __str__(self):
        return f"{self.org_id} {self.key} {self.day}: {self.own}/{self.total}"


class FigureSnapshot(models.Model):
    """A figure of an organisation's subtree as it stood on ``day``: the history the workbench compares with.

    The counters keep stocks (members, units) only as they are now; the daily round writes these for the
    organisations at the top of some official's scope (:mod:`gonghui.stats.workbench`), so "members now
    against the last month end" compares two figures that were both read, never one reconstructed.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    key = models.CharField(max_length=64)
    day = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=2)

    class Meta:
        verbose_name = _("figure snapshot")
        verbose_name_plural = _("figure snapshots")
        constraints = [models.UniqueConstraint(fields=["org", "key", "day"], name="one_snapshot_per_org_key_day")]

    def __str__(self):
        return f"{self.org_id} {self.key} {self.day}: {self.value}"

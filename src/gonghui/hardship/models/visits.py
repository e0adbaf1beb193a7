"""Visits to households (走访慰问): the visits the union must make (四必访), those it made, cadres paired with them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.modelfields import created_field, org_field, part_of, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.workflow import Transition, Workflow

from ..choices import Occasion, TaskStatus
from .archives import HardshipArchive


class VisitTask(ScopedModel):
    """A visit the union must make (四必访), created when the occasion is recorded or falls due."""

    org = org_field(_("union"))
    archive = part_of(HardshipArchive, _("archive"), "visit_tasks")
    occasion = models.CharField(_("occasion"), max_length=15, choices=Occasion.choices)
    due_on = models.DateField(_("due on"), db_index=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=5, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = created_field()

    detail_via = "archive"
    workflow = Workflow(
        # Recording the visit does the task (services.record_visit).
        Transition("done", sources=[TaskStatus.OPEN], target=TaskStatus.DONE, label=TaskStatus.DONE.label,
                   action="assist"),
    )

    class Meta:
        verbose_name = _("visit task")
        verbose_name_plural = _("visit tasks")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["archive", "occasion", "due_on"], name="hardship_task_once")]

    def __str__(self):
        return f"{self.archive.name} · {self.get_occasion_display()} · {self.due_on}"


class Visit(ScopedModel):
    """A visit to a household (走访慰问), logged by the union."""

    org = org_field(_("union"))
    archive = models.ForeignKey(HardshipArchive, verbose_name=_("archive"), on_delete=models.PROTECT,
                                related_name="visits")
    task = models.ForeignKey(VisitTask, verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="visits")
    occasion = models.CharField(_("occasion"), max_length=15, choices=Occasion.choices)
    date = models.DateField(_("date"), db_index=True)
    visitors = models.CharField(_("visitors"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = user_field(_("recorded by"))

    detail_via = "archive"
    audit_fields = ["org", "archive", "occasion", "date", "visitors", "note"]

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.archive.name} · {self.date}"


class Pairing(models.Model):
    """结对帮扶: a cadre paired with a household."""

    archive = part_of(HardshipArchive, _("archive"), "pairings")
    cadre_name = models.CharField(_("cadre"), max_length=50)
    cadre_title = models.CharField(_("cadre's post"), max_length=60, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-started_on", "-id"]

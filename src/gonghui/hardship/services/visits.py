"""Visits (走访慰问): the occasions a union must visit for (四必访), the visits it made, cadres paired with
households (结对帮扶)."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.validators import check_not_future
from gonghui.core.workflow import transition

from ..choices import Occasion, TaskStatus
from ..models import Pairing, Visit, VisitTask
from .common import require_assist, user_or_none


@transaction.atomic
def record_occasion(user, archive, *, occasion, due_on, note=""):
    """四必访: an occasion (illness, a child entering university, a holiday, a wedding or funeral) creates a task."""
    require_assist(user, archive.org)
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": _("Choose the occasion.")})
    task, created = VisitTask.objects.get_or_create(archive=archive, occasion=occasion, due_on=due_on,
                                                    defaults={"org": archive.org, "note": note[:200]})
    if created:
        audit.created(task, user)
    return task


@transaction.atomic
def record_visit(user, archive, *, date, occasion, visitors, note="", task=None):
    """A visit to the household; it does the open task of its occasion (the earliest due), if there is one."""
    require_assist(user, archive.org)
    errors = {}
    if occasion not in Occasion.values:
        errors["occasion"] = _("Choose the occasion.")
    if not (visitors or "").strip():
        errors["visitors"] = _("Name the visitors.")
    if not date:
        errors["date"] = _("Enter the date of the visit.")
    if errors:
        raise ValidationError(errors)
    check_not_future(date)
    if task is None:
        task = (VisitTask.objects.filter(archive=archive, occasion=occasion, status=TaskStatus.OPEN)
                .order_by("due_on").first())
    visit = Visit.objects.create(org=archive.org, archive=archive, task=task, occasion=occasion, date=date,
                                 visitors=visitors.strip(), note=note or "", recorded_by=user_or_none(user))
    if task is not None:
        with contextlib.suppress(WorkflowConflict):  # done already (by a visit recorded at the same moment)
            transition(task, user, "done", check=False, audited=False)
    audit.created(visit, user)
    return visit


@transaction.atomic
def add_pairing(user, archive, *, cadre_name, cadre_title="", started_on=None):
    """结对帮扶: pair a cadre with the household."""
    require_assist(user, archive.org)
    if not (cadre_name or "").strip():
        raise ValidationError({"cadre_name": _("Name the cadre.")})
    pairing = Pairing.objects.create(archive=archive, cadre_name=cadre_name.strip(), cadre_title=cadre_title or "",
                                     started_on=started_on or timezone.localdate())
    audit.record("update", archive, user=user, note=_("Paired with %(name)s") % {"name": pairing.cadre_name})
    return pairing

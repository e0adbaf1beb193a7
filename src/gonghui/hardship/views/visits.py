"""Pages of visits (走访慰问) and the visit tasks (四必访)."""

from django.utils.translation import gettext_lazy

from gonghui.core.views import ObjectListView

from .. import selectors
from ..filtersets import TaskFilterSet, VisitFilterSet
from ..tables import TaskTable, VisitTable
from .common import NAV


class VisitListView(ObjectListView):
    title = gettext_lazy("Visits")
    export_name = "hardship-visits"
    selector = staticmethod(selectors.visits_for)
    filterset_class = VisitFilterSet
    table_class = VisitTable
    actions_template = NAV


class TaskListView(ObjectListView):
    title = gettext_lazy("Visit tasks (四必访)")
    export_name = "visit-tasks"
    selector = staticmethod(selectors.tasks_for)
    filterset_class = TaskFilterSet
    table_class = TaskTable
    actions_template = NAV

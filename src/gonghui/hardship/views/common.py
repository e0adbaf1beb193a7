"""What the pages of hardship aid share: the area's navigation, the ``assist`` rule, the overview."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gonghui.core import scope
from gonghui.core.views import OfficialRequiredMixin

from .. import selectors
from ..choices import TaskStatus

NAV = "hardship/partials/nav.html"


class AssistMixin:
    """The object is found in scope; reading its household details needs ``assist`` (403 otherwise)."""

    def require_assist(self, obj):
        if not scope.can(self.request.user, "assist", self.org_of(obj)):
            raise PermissionDenied(_("Household details are shown to those who handle assistance; your role shows "
                                     "counts only."))


class OverviewView(OfficialRequiredMixin, TemplateView):
    """Counts for everyone in scope; the working lists (reviews due, visit shortfall) for those who assist."""

    template_name = "hardship/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        ctx.update(selectors.archive_counts(user))
        ctx["can_assist"] = scope.can(user, "assist", None)
        if ctx["can_assist"]:
            ctx["reviews_due"] = selectors.reviews_due(user, today).count()
            ctx["review_due_by"] = (today + datetime.timedelta(days=30)).isoformat()
            ctx["tasks_due"] = selectors.tasks_for(user).filter(
                status=TaskStatus.OPEN, due_on__lte=today + datetime.timedelta(days=14)).count()
            ctx["shortfall"] = selectors.visit_shortfall(user, today.year)
            ctx["min_visits"] = selectors.min_visits()
        ctx["year"] = today.year
        return ctx

"""The member portal: a model worker sees their own titles, rest trips and health checks, visits and grants (read
only); a panel on the portal's home shows them to model workers only."""

from django.http import Http404
from django.template.loader import render_to_string
from django.views.generic import TemplateView

from gonghui.members.portal import MemberRequiredMixin

from . import selectors


class MyHonoursView(MemberRequiredMixin, TemplateView):
    template_name = "honours/portal/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        worker = selectors.portal_worker(self.member)
        if worker is None:
            raise Http404
        ctx.update(worker=worker, **selectors.portal_records(worker))
        return ctx


def dashboard_panel(request, member):
    """The member's titles on the portal's home page, when the member is a model worker."""
    worker = selectors.portal_worker(member)
    if worker is None:
        return ""
    return render_to_string("honours/portal/panel.html", {"worker": worker, "titles": list(worker.titles.all())},
                            request=request)

"""The member portal: the 安康驿站 rest stations of the member's unions (their own and every union above), nearest
first, with the map link."""

from django.views.generic import TemplateView

from gonghui.members.portal import MemberRequiredMixin

from .models import RestStation


class StationsView(MemberRequiredMixin, TemplateView):
    template_name = "protection/portal/stations.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        chain = [*self.member.org.get_ancestors(), self.member.org]
        depth = {org.pk: org.depth for org in chain}
        stations = sorted(RestStation.objects.filter(org__in=chain, active=True).select_related("org"),
                          key=lambda s: (-depth[s.org_id], s.name))
        ctx.update(stations=stations, active_tab="rest_stations")
        return ctx

"""The member portal: the service network of the member's unions (their own and every union above), nearest
first."""

from django.views.generic import TemplateView

from gonghui.members.portal import MemberRequiredMixin

from .models import ServicePoint


class ServiceNetworkView(MemberRequiredMixin, TemplateView):
    template_name = "outreach/portal/points.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        chain = [*self.member.org.get_ancestors(), self.member.org]
        depth = {org.pk: org.depth for org in chain}
        points = sorted(ServicePoint.objects.filter(org__in=chain, active=True).select_related("org"),
                        key=lambda p: (-depth[p.org_id], p.kind, p.name))
        ctx.update(points=points, active_tab="service_network")
        return ctx

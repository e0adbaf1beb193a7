"""The member portal: a member sends a rationalisation proposal (金点子) to their union and follows it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gonghui.core.views import save_valid
from gonghui.members.portal import MemberRequiredMixin

from . import services
from .forms import PortalProposalForm
from .models import Proposal


class ProposalsView(MemberRequiredMixin, TemplateView):
    template_name = "competitions/portal/home.html"

    def context(self, form):
        return {"form": form, "member": self.member, "active_tab": "competitions",
                "proposals": Proposal.objects.filter(author=self.member).order_by("-id")[:20]}

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.context(PortalProposalForm()))

    def post(self, request, *args, **kwargs):
        form = PortalProposalForm(request.POST)
        ok, _proposal = save_valid(form, lambda: services.submit_proposal(request.user, self.member,
                                                                         **form.cleaned_data))
        if ok:
            messages.success(request, _("Your proposal has been sent to your union."))
            return redirect("competitions_portal:home")
        return render(request, self.template_name, self.context(form))

"""The member portal: a worker applies for a hardship archive (建档立卡) and follows its status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gonghui.core.forms import apply_validation_error
from gonghui.members.portal import MemberRequiredMixin

from . import selectors, services
from .forms import PortalApplyForm


class MyHardshipView(MemberRequiredMixin, TemplateView):
    template_name = "hardship/portal/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["archives"] = selectors.portal_archives(self.member)
        ctx["aid"] = selectors.portal_aid(self.member)
        ctx["can_apply"] = not any(a.is_open for a in ctx["archives"])
        ctx["active_tab"] = "hardship"
        return ctx


class ApplyView(MemberRequiredMixin, TemplateView):
    template_name = "hardship/portal/apply.html"

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "member": self.member, "active_tab": "hardship"})

    def get(self, request, *args, **kwargs):
        return self.render_form(PortalApplyForm(initial={"phone": self.member.phone}))

    def post(self, request, *args, **kwargs):
        form = PortalApplyForm(request.POST)
        if form.is_valid():
            d = dict(form.cleaned_data)
            causes = d.pop("causes")
            try:
                services.apply_in_portal(request.user, self.member, d, form.household_rows(), causes)
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                messages.success(request, _("Your application has been sent to your union. It will visit your home to "
                                            "verify it."))
                return redirect("hardship_portal:home")
        return self.render_form(form)

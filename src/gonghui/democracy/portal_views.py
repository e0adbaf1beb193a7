"""The member portal: a member sends a suggestion for a motion to the congress of their union (提案征集) and follows
the motions they sent."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from gonghui.core.forms import BootstrapFormMixin
from gonghui.core.views import save_valid
from gonghui.members.portal import MemberRequiredMixin

from . import services
from .models import Motion


class SuggestionForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    content = forms.CharField(label=gettext_lazy("What you propose"), widget=forms.Textarea(attrs={"rows": 5}))


class MotionsView(MemberRequiredMixin, TemplateView):
    template_name = "democracy/portal/home.html"

    def context(self, form):
        return {"form": form, "member": self.member, "active_tab": "democracy",
                "congress": services.congress_of_member(self.member),
                "motions": Motion.objects.filter(collected_from=self.member).order_by("-id")[:20]}

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.context(SuggestionForm()))

    def post(self, request, *args, **kwargs):
        form = SuggestionForm(request.POST)
        ok, _motion = save_valid(form, lambda: services.collect_motion(request.user, self.member,
                                                                      **form.cleaned_data))
        if ok:
            messages.success(request, _("Your motion has been sent to your union's congress."))
            return redirect("democracy_portal:home")
        return render(request, self.template_name, self.context(form))

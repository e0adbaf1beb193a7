"""The member portal: a member rates their union (会员评家) in an open round, once."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gonghui.core.views import save_valid
from gonghui.members.portal import MemberRequiredMixin

from . import services
from .forms import RatingForm
from .models import MemberRating


class RatingView(MemberRequiredMixin, TemplateView):
    template_name = "appraisals/portal/home.html"

    def rounds(self):
        rated = set(MemberRating.objects.filter(member=self.member).values_list("round_id", flat=True))
        rounds = list(services.open_rounds_for(self.member))
        return [r for r in rounds if r.pk not in rated], [r for r in rounds if r.pk in rated]

    def context(self, form, current):
        waiting, done = self.rounds()
        return {"form": form, "round": current, "done": done, "member": self.member, "active_tab": "appraisals"}

    def current(self):
        waiting, _done = self.rounds()
        wanted = self.request.POST.get("round") or self.request.GET.get("round")
        for r in waiting:
            if str(r.pk) == wanted:
                return r
        return waiting[0] if waiting else None

    def get(self, request, *args, **kwargs):
        current = self.current()
        form = RatingForm(criteria=services.member_criteria(current.scheme)) if current else None
        return render(request, self.template_name, self.context(form, current))

    def post(self, request, *args, **kwargs):
        current = self.current()
        if current is None:
            messages.error(request, _("This rating is not open to you."))
            return redirect("appraisals_portal:home")
        form = RatingForm(request.POST, criteria=services.member_criteria(current.scheme))
        ok, _rating = save_valid(form, lambda: services.rate(request.user, self.member, current, form.marks(),
                                                             form.cleaned_data.get("comment", "")))
        if ok:
            messages.success(request, _("Thank you: your rating is recorded."))
            return redirect("appraisals_portal:home")
        return render(request, self.template_name, self.context(form, current))

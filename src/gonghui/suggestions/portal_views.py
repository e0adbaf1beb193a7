"""The member portal's suggestion box: write to the union (named or anonymously), read the union's answers.

An anonymous suggestion is linked to nobody: the receipt code shown once after sending is the only way back to it.
Looking it up shows the suggestion on the answer to that one POST and keeps nothing in the session (a session is
tied to the signed-in account, and keeping the suggestion there would link the two)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gonghui.accounts import services as account_services
from gonghui.accounts.throttle import client_ip
from gonghui.core.views import save_valid
from gonghui.members.portal import MemberRequiredMixin

from . import selectors, services
from .forms import ReceiptForm, SuggestionForm


class MySuggestionsView(MemberRequiredMixin, TemplateView):
    template_name = "suggestions/portal/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(suggestions=list(selectors.member_suggestions(self.member)[:50]), receipt_form=ReceiptForm(),
                   active_tab="suggestions")
        return ctx

    def post(self, request):
        """A receipt code: the anonymous suggestion it opens, shown on this answer only."""
        form = ReceiptForm(request.POST)
        ctx = self.get_context_data(receipt_form=form)
        if form.is_valid():
            key, ip = f"member{self.member.pk}", client_ip(request)
            if account_services.login_blocked("suggestion_receipt", key, ip):
                form.add_error("code", _("Too many wrong tries. Wait 15 minutes and try again."))
            else:
                found = services.by_receipt(form.cleaned_data["code"])
                if found is None:
                    account_services.login_failed("suggestion_receipt", key, ip)
                    form.add_error("code", _("No suggestion has this receipt code."))
                else:
                    ctx["found"] = found
        return self.render_to_response(ctx)


class WriteView(MemberRequiredMixin, TemplateView):
    template_name = "suggestions/portal/write.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", SuggestionForm())
        ctx["active_tab"] = "suggestions"
        return ctx

    def post(self, request):
        form = SuggestionForm(request.POST)
        ok, result = save_valid(form, lambda: services.submit_suggestion(
            self.member, account=request.user, **form.cleaned_data))
        if not ok:
            return self.render_to_response(self.get_context_data(form=form))
        suggestion, code = result
        if code is None:
            return redirect("suggestions_portal:suggestion", reference=suggestion.reference_no)
        return render(request, "suggestions/portal/sent_anonymously.html",
                      {"member": self.member, "code": code, "active_tab": "suggestions"})


class SuggestionView(MemberRequiredMixin, TemplateView):
    """One of the member's own named suggestions, by its reference number."""

    template_name = "suggestions/portal/suggestion.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        found = selectors.member_suggestions(self.member).filter(reference_no=self.kwargs["reference"]).first()
        if found is None:
            raise Http404
        ctx.update(found=found, active_tab="suggestions")
        return ctx

"""The member portal's benefits: my service card (activate it), merchants with a discount under a contract in
force (rate them, report a discount not honoured), mutual-aid claims (file one, follow it) and my group insurance
(enrolments, claims with their documents)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gonghui.core.views import save_valid
from gonghui.members.portal import MemberRequiredMixin

from . import selectors, services
from .forms import ActivateForm, PortalClaimForm, PortalInsuranceClaimForm, RateMerchantForm


class _Page(MemberRequiredMixin, TemplateView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["active_tab"] = "benefits"
        return ctx


class CardView(_Page):
    template_name = "benefits/portal/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", ActivateForm())
        ctx.update(card=selectors.member_card(self.member), claims=list(selectors.member_claims(self.member)[:50]),
                   can_claim=selectors.member_rates(self.member).exists())
        return ctx

    def post(self, request):
        form = ActivateForm(request.POST)
        ok, _card = save_valid(form, lambda: services.activate_own_card(self.member, request.user,
                                                                       form.cleaned_data["last4"]))
        if not ok:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Your service card is activated."))
        return redirect("benefits_portal:home")


def _near(value):
    """``"34.26,117.18"`` from the browser's location: (latitude, longitude), or None."""
    try:
        lat, lng = (float(x) for x in (value or "").split(",", 1))
    except ValueError:
        return None
    return (lat, lng) if -90 <= lat <= 90 and -180 <= lng <= 180 else None


class MerchantsView(_Page):
    """Merchants' discounts; "near me" sorts them by the distance from where the member is (the browser's location,
    never stored), those without a location last."""

    template_name = "benefits/portal/merchants.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()[:50]
        near = _near(self.request.GET.get("near"))
        merchants = list(selectors.member_merchants(self.member, timezone.localdate(), q)[:200])
        if near is not None:
            merchants = selectors.by_distance(merchants, *near)
        ctx.update(q=q, near=self.request.GET.get("near", "") if near else "", merchants=merchants[:100])
        return ctx


class RateMerchantView(_Page):
    template_name = "benefits/portal/rate.html"

    def merchant(self):
        found = selectors.member_merchants(self.member, timezone.localdate()).filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", RateMerchantForm())
        ctx["merchant"] = self.merchant()
        return ctx

    def post(self, request, pk):
        merchant = self.merchant()
        form = RateMerchantForm(request.POST)
        ok, _report = save_valid(form, lambda: services.report_merchant(self.member, merchant, **form.cleaned_data))
        if not ok:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Thank you: your union has your rating."))
        return redirect("benefits_portal:merchants")


class ClaimView(_Page):
    template_name = "benefits/portal/claim.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", PortalClaimForm(member=self.member))
        return ctx

    def post(self, request):
        form = PortalClaimForm(request.POST, member=self.member)

        def file():
            d = dict(form.cleaned_data)
            return services.file_own_claim(self.member, request.user, d["rate"].round, **d)

        ok, _claim = save_valid(form, file)
        if not ok:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Your claim has been filed. Your union will check it against the payout "
                                    "table."))
        return redirect("benefits_portal:home")


class InsuranceView(_Page):
    """My insurance: the member's own group-insurance enrolments and insurance claims."""

    template_name = "benefits/portal/insurance.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        enrolments = list(selectors.member_insurance(self.member)[:50])
        for e in enrolments:
            e.in_force = e.plan.starts_on <= today <= e.plan.ends_on
            e.can_claim = e.plan.starts_on <= today
        ctx.update(enrolments=enrolments, claims=list(selectors.member_insurance_claims(self.member)[:50]))
        return ctx


class InsuranceClaimView(_Page):
    """File an insurance claim on one of the member's OWN enrolments (another member's: 404)."""

    template_name = "benefits/portal/insurance_claim.html"

    def enrolment(self):
        found = selectors.member_insurance(self.member).filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", PortalInsuranceClaimForm())
        ctx["enrolment"] = self.enrolment()
        return ctx

    def post(self, request, pk):
        enrolment = self.enrolment()
        form = PortalInsuranceClaimForm(request.POST, request.FILES)

        def file():
            d = form.cleaned_data
            return services.file_own_insurance_claim(self.member, request.user, enrolment, event=d["event"],
                                                     occurred_on=d["occurred_on"], amount=d["amount"],
                                                     documents=d["documents"])

        ok, _claim = save_valid(form, file)
        if not ok:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Your insurance claim has been filed. Your union will send it to the insurer."))
        return redirect("benefits_portal:insurance")

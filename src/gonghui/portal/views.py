"""The member portal: a member signs in with their mobile number and sees their own records, nothing else.

There are no ids in these URLs: every page shows the signed-in member's own membership
(``members.selectors.member_for_account``), so there is nothing to guess. The one exception is the membership
card's scan address, whose token names the member signed and expiring (``card``): it cannot be guessed either.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView

from gonghui.accounts import services as account_services
from gonghui.accounts import signin_codes, throttle
from gonghui.accounts.views import THROTTLED_MESSAGE, ThrottledLoginView, client_ip, safe_next
from gonghui.core import audit, registry
from gonghui.core.models import AuditAction
from gonghui.core.pii import mask_phone
from gonghui.core.views import save_valid
from gonghui.members import selectors as member_selectors
from gonghui.members import services as member_services
from gonghui.members.models import Member
from gonghui.members.portal import MemberRequiredMixin

from . import card
from .forms import (
    CodeRequestForm,
    ForgotPasswordForm,
    PortalLoginForm,
    SetPasswordForm,
    SignInCodeForm,
    TransferRequestForm,
)

PHONE_BACKEND = "gonghui.accounts.backends.PhoneBackend"


class MemberPageView(MemberRequiredMixin, TemplateView):
    """A tab of the portal: ``reads`` maps each name of the context to a read of the signed-in member's records."""

    active_tab = ""
    reads = {}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update({name: read(self.member) for name, read in self.reads.items()}, active_tab=self.active_tab)
        return ctx


class HomeView(MemberPageView):
    template_name, active_tab = "portal/home.html", "home"
    reads = {"transfer": member_selectors.pending_transfer}

    def get_context_data(self, **kwargs):
        return super().get_context_data(panels=registry.portal_panels(self.request, self.member), **kwargs)


class ApplicationsView(MemberPageView):
    template_name, active_tab = "portal/applications.html", "applications"
    reads = {"applications": member_selectors.portal_applications}


class HistoryView(MemberPageView):
    template_name, active_tab = "portal/history.html", "history"
    reads = {"events": member_selectors.member_history}


@method_decorator(never_cache, name="dispatch")
class CardView(MemberPageView):
    """会员电子卡: name, union, member number and a QR code with a fresh signed address (``card``)."""

    template_name, active_tab = "portal/card.html", "card"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        url = card.check_url(self.member)
        ctx.update(scan_url=url, qr=card.qr_data_uri(url), valid_until=card.valid_until(), refresh=card.REFRESH)
        return ctx


@method_decorator(never_cache, name="dispatch")
class CardCheckView(View):
    """What the official's phone opens when it scans a card: name, union and status, nothing more.

    No sign-in: the official scans with any phone, and the page tells no more than the card the member shows
    (a person's name, union and membership status), only while the card's code is fresh. Every check that shows
    a member is in the member's change log (who, if signed in, and from which address).
    """

    template_name = "portal/card_check.html"

    def refuse(self, message):
        return render(self.request, self.template_name, {"error": message}, status=400)

    def get(self, request, token):
        try:
            member_id = card.member_id_from(token)
        except card.CardExpired:
            return self.refuse(_("This card's code has expired. Ask the member to open the card again and scan the "
                                 "new code."))
        except card.CardInvalid:
            return self.refuse(_("This is not a valid membership card code."))
        member = Member.objects.select_related("org").filter(pk=member_id).first()
        if member is None:
            return self.refuse(_("This is not a valid membership card code."))
        audit.record(AuditAction.REVEAL, member, user=request.user, transition="card_checked",
                     note=_("Membership card scanned: name, union and status shown"))
        return render(request, self.template_name, {"card_member": member})


@method_decorator(never_cache, name="dispatch")
class TransferRequestView(MemberPageView):
    """The member asks to move to another union: search the receiving union by name or code, give the reason.
    The transfer then follows the usual two-sided handling (``members.services.request_transfer``)."""

    template_name, active_tab = "portal/transfer.html", "transfer"
    reads = {"transfer": member_selectors.pending_transfer}

    def render_form(self, form, q, status=200):
        return self.render_to_response(self.get_context_data(form=form, q=q), status=status)

    def get(self, request):
        q = request.GET.get("q", "").strip()[:100]
        unions = member_selectors.unions_to_transfer_to(self.member, q)
        return self.render_form(TransferRequestForm(unions=unions), q)

    def post(self, request):
        q = request.POST.get("q", "").strip()[:100]
        chosen = member_selectors.union_to_transfer_to(request.POST.get("to_org"))
        unions = list(member_selectors.unions_to_transfer_to(self.member, q))
        if chosen is not None and chosen not in unions:
            unions.insert(0, chosen)
        form = TransferRequestForm(request.POST, unions=unions)
        ok, _transfer = save_valid(form, lambda: member_services.request_transfer(
            request.user, self.member, form.unions[form.cleaned_data["to_org"]], form.cleaned_data["reason"]),
            conflict=True)
        if ok:
            messages.success(request, _("Your request is sent. Your union and the receiving union will handle it; "
                                        "you can follow it here."))
            return redirect("portal:home")
        return self.render_form(form, q)


class LoginView(ThrottledLoginView):
    """Members sign in with their mobile number and password (``accounts.backends.PhoneBackend``)."""

    template_name = "portal/login.html"
    form_class, login_field, throttle_kind = PortalLoginForm, "phone", "portal"
    failed_message = gettext_lazy("The mobile number or the password is not correct. If you have not set a password "
                                  "yet, use the link in your text message or 'Forgot password'.")

    def render(self, form, status=200):
        return render(self.request, self.template_name,
                      {"form": form, "next": safe_next(self.request, "", prefix="/portal/")}, status=status)

    def get(self, request):
        if request.user.is_authenticated and request.user.is_member_account:
            return redirect("portal:home")
        return self.render(PortalLoginForm())

    def success_url(self, user):
        return safe_next(self.request, reverse("portal:home"), prefix=reverse("portal:home"))


SESSION_CODE_PHONE = "portal_code_phone"


@method_decorator([csrf_protect, never_cache], name="dispatch")
class CodeLoginView(View):
    """Sign in with a code by text message, step 1: the mobile number. The answer is the same for any number
    (``accounts.signin_codes``); the number waits in the session for step 2."""

    template_name = "portal/login_code.html"

    def get(self, request):
        return render(request, self.template_name, {"form": CodeRequestForm()})

    def post(self, request):
        form = CodeRequestForm(request.POST)
        if form.is_valid() and throttle.public_form_limited("code_send", request):
            form.add_error(None, throttle.PUBLIC_FORM_MESSAGE)
            return render(request, self.template_name, {"form": form}, status=429)
        ok, _result = save_valid(form, lambda: signin_codes.send_code(form.cleaned_data["phone"]))
        if not ok:
            return render(request, self.template_name, {"form": form})
        request.session[SESSION_CODE_PHONE] = form.cleaned_data["phone"]
        return redirect("portal:login_code_verify")


@method_decorator([sensitive_post_parameters("code"), csrf_protect, never_cache], name="dispatch")
class CodeVerifyView(View):
    """Step 2: the code. Wrong codes count in the portal's sign-in throttle (the browser's device cookie lets its
    own account through, as with the password); the sign-in is in the change log."""

    template_name = "portal/login_code_verify.html"
    throttle_kind = "portal"

    def dispatch(self, request, *args, **kwargs):
        self.phone = request.session.get(SESSION_CODE_PHONE)
        if not self.phone:
            return redirect("portal:login_code")
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "phone_masked": mask_phone(self.phone)},
                      status=status)

    def get(self, request):
        return self.render(SignInCodeForm())

    def post(self, request):
        form = SignInCodeForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        ip, phone = client_ip(request), self.phone
        trusted = throttle.known_device(request, self.throttle_kind, phone)
        if account_services.login_blocked(self.throttle_kind, phone, ip, trusted=trusted):
            form.add_error(None, THROTTLED_MESSAGE)
            return self.render(form, status=429)
        ok, user = save_valid(form, lambda: signin_codes.check_code(phone, form.cleaned_data["code"]))
        if not ok:
            account_services.login_failed(self.throttle_kind, phone, ip)
            return self.render(form)
        login(request, user, backend=PHONE_BACKEND)
        request.session.pop(SESSION_CODE_PHONE, None)
        account_services.login_succeeded(self.throttle_kind, phone, ip, user,
                                         note=_("member portal, with a code by text message"))
        return throttle.remember_device(HttpResponseRedirect(reverse("portal:home")), request, self.throttle_kind,
                                        phone)


class LogoutView(auth_views.LogoutView):
    next_page = "portal:login"


@method_decorator([csrf_protect, never_cache], name="dispatch")
class ForgotPasswordView(View):
    """Sends a link to set a new password if the number has a portal account. The answer is the same either way."""

    template_name = "portal/forgot_password.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ForgotPasswordForm()})

    def post(self, request):
        form = ForgotPasswordForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        phone = form.cleaned_data["phone"]
        if account_services.reset_allowed(phone, client_ip(request)):
            account_services.send_password_reset(phone)
        return render(request, "portal/forgot_password_sent.html", {"phone": phone})


@method_decorator([sensitive_post_parameters("new_password1", "new_password2"), csrf_protect, never_cache],
                  name="dispatch")
class SetPasswordView(View):
    """Activation and reset: the link from the text message lets the member choose a password, then signs them in."""

    template_name = "portal/set_password.html"

    def dispatch(self, request, uidb64, token):
        self.account = account_services.user_from_password_link(uidb64, token)
        if self.account is None:
            return render(request, self.template_name, {"validlink": False}, status=400)
        return super().dispatch(request, uidb64, token)

    def render(self, form):
        return render(self.request, self.template_name, {
            "validlink": True, "form": form, "activating": not self.account.has_usable_password(),
            "account": self.account,
        })

    def get(self, request, uidb64, token):
        return self.render(SetPasswordForm())

    def post(self, request, uidb64, token):
        form = SetPasswordForm(request.POST)
        ok, _result = save_valid(form, lambda: account_services.set_member_password(
            self.account, form.cleaned_data["new_password1"]))
        if ok:
            login(request, self.account, backend=PHONE_BACKEND)
            account_services.login_succeeded("portal", self.account.phone, client_ip(request), self.account)
            messages.success(request, _(
                "Your password is set. Next time, sign in with your mobile number and this password."))
            return redirect("portal:home")
        return self.render(form)

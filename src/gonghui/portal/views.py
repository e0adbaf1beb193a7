"""The member portal: a member signs in with their mobile number and sees their own records, nothing else.

There are no ids in these URLs: every page shows the signed-in member's own membership
(``members.selectors.member_for_account``), so there is nothing to guess.
"""

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView

from gonghui.accounts import services as account_services
from gonghui.accounts import throttle
from gonghui.accounts.views import THROTTLED_MESSAGE, client_ip, safe_next
from gonghui.core.forms import apply_validation_error
from gonghui.members import selectors as member_selectors
from gonghui.members.portal import MemberRequiredMixin

from .forms import ForgotPasswordForm, PortalLoginForm, SetPasswordForm

PHONE_BACKEND = "gonghui.accounts.backends.PhoneBackend"


class HomeView(MemberRequiredMixin, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["transfer"] = member_selectors.pending_transfer(self.member)
        ctx["active_tab"] = "home"
        return ctx


class ApplicationsView(MemberRequiredMixin, TemplateView):
    template_name = "portal/applications.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["applications"] = member_selectors.portal_applications(self.member)
        ctx["active_tab"] = "applications"
        return ctx


class HistoryView(MemberRequiredMixin, TemplateView):
    template_name = "portal/history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["events"] = member_selectors.member_history(self.member)
        ctx["active_tab"] = "history"
        return ctx


@method_decorator([sensitive_post_parameters("password"), csrf_protect, never_cache], name="dispatch")
class LoginView(View):
    """Members sign in with their mobile number and password (``accounts.backends.PhoneBackend``)."""

    template_name = "portal/login.html"
    throttle_kind = "portal"

    def render(self, form, status=200):
        return render(self.request, self.template_name,
                      {"form": form, "next": safe_next(self.request, "", prefix="/portal/")}, status=status)

    def get(self, request):
        if request.user.is_authenticated and request.user.is_member_account:
            return redirect("portal:home")
        return self.render(PortalLoginForm())

    def post(self, request):
        form = PortalLoginForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        phone, ip = form.cleaned_data["phone"], client_ip(request)
        trusted = throttle.known_device(request, self.throttle_kind, phone)
        if account_services.login_blocked(self.throttle_kind, phone, ip, trusted=trusted):
            form.add_error(None, THROTTLED_MESSAGE)
            return self.render(form, status=429)
        user = authenticate(request, phone=phone, password=form.cleaned_data["password"])
        if user is None:
            account_services.login_failed(self.throttle_kind, phone, ip)
            form.add_error(None, _("The mobile number or the password is not correct. "
                                   "If you have not set a password yet, use the link in your text message "
                                   "or 'Forgot password'."))
            return self.render(form)
        login(request, user)
        account_services.login_succeeded(self.throttle_kind, phone, ip, user)
        response = HttpResponseRedirect(safe_next(request, reverse("portal:home"), prefix=reverse("portal:home")))
        return throttle.remember_device(response, request, self.throttle_kind, phone)


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
        if form.is_valid():
            try:
                account_services.set_member_password(self.account, form.cleaned_data["new_password1"])
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                login(request, self.account, backend=PHONE_BACKEND)
                account_services.login_succeeded("portal", self.account.phone, client_ip(request), self.account)
                messages.success(request, _(
                    "Your password is set. Next time, sign in with your mobile number and this password."))
                return redirect("portal:home")
        return self.render(form)

"""An official's own account: change the password, make, see and revoke API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from gonghui.core.forms import BootstrapFormMixin, apply_validation_error

from . import services, tokens


class PasswordChangeForm(BootstrapFormMixin, forms.Form):
    old_password = forms.CharField(label=gettext_lazy("Old password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label=gettext_lazy("New password"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=gettext_lazy("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class TokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("What the token is for"), max_length=60, required=False,
                           help_text=gettext_lazy("For example the script or the computer that uses it."))


class OwnAccountMixin(LoginRequiredMixin):
    """Officials only (members have the portal and no API)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_member_account:
            return redirect("portal:home")
        return super().dispatch(request, *args, **kwargs)


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class PasswordChangeView(OwnAccountMixin, View):
    template_name = "core/object_edit.html"

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "title": _("Change your password"),
                                                         "cancel_url": "/"})

    def get(self, request):
        return self.render_form(PasswordChangeForm())

    def post(self, request):
        form = PasswordChangeForm(request.POST)
        if form.is_valid():
            try:
                services.change_own_password(request.user, form.cleaned_data["old_password"],
                                             form.cleaned_data["new_password1"])
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                update_session_auth_hash(request, request.user)  # this session stays; the others end
                messages.success(request, _("Your password is changed. Your API tokens were revoked and your "
                                            "other sessions signed out."))
                return redirect("accounts:tokens")
        return self.render_form(form)


@method_decorator(never_cache, name="dispatch")
class TokenListView(OwnAccountMixin, View):
    """The user's own API tokens: made, last used, expiry; make one (its key is shown once) or revoke one."""

    template_name = "accounts/tokens.html"

    def render_page(self, form, new_key=None, status=200):
        return render(self.request, self.template_name, {
            "title": _("Your API tokens"), "tokens": tokens.tokens_of(self.request.user), "form": form,
            "new_key": new_key, "token_days": tokens.token_lifetime().days, "now": timezone.now(),
        }, status=status)

    def get(self, request):
        return self.render_page(TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        _token, key = tokens.create_token(request.user, form.cleaned_data["name"])
        messages.success(request, _("Token made. Copy the key now: it is not shown again."))
        return self.render_page(TokenForm(), new_key=key)


class TokenRevokeView(OwnAccountMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(tokens.tokens_of(request.user), pk=pk)
        tokens.revoke_token(request.user, token)
        messages.success(request, _("Token revoked."))
        return redirect("accounts:tokens")

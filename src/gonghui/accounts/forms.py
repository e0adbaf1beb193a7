from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.core.validators import check_mobile
from gonghui.orgs.selectors import live_orgs_for

from . import services
from .choices import Role
from .models import User


class LoginForm(BootstrapFormMixin, forms.Form):
    """Officials sign in with their user name and password."""

    username = forms.CharField(label=_("User name"), max_length=150, widget=forms.TextInput(
        attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class UserForm(BootstrapFormMixin, forms.Form):
    """Create or edit an official's account; ``save`` calls ``create_official`` / ``update_official``."""

    username = forms.RegexField(
        label=_("User name"), max_length=150, regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and @/./+/-/_ only; used to sign in."),
        error_messages={"invalid": _("Use only letters, digits and @/./+/-/_ in the user name.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    home_org = ScopedCodeField(label=_("Home organisation"), suggest_url_name="orgs:org_autocomplete",
                               help_text=_("The union this account belongs to (code, or pick from the suggestions). "
                                           "Its administrators manage the account."))
    role = forms.ChoiceField(label=_("Role at the home organisation"), required=False,
                             choices=[("", _("No role yet"))] + list(Role.choices))
    is_active = forms.BooleanField(label=_("Active (may sign in)"), required=False, initial=True)
    password1 = forms.CharField(label=_("Password"), strip=False, required=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False, required=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.actor = user
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {
                "username": instance.username, "full_name": instance.full_name, "phone": instance.phone or "",
                "email": instance.email, "home_org": instance.home_org, "is_active": instance.is_active,
                **kwargs["initial"],
            }
        super().__init__(*args, **kwargs)
        self.fields["home_org"].queryset = live_orgs_for(user)
        if self.instance is None:
            del self.fields["is_active"]
            self.fields["password1"].required = True
            self.fields["password2"].required = True
        else:
            del self.fields["role"]
            self.fields["password1"].label = _("New password")
            self.fields["password1"].help_text = _("Leave empty to keep the current password.")
            self.fields["password2"].label = _("New password again")

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return check_mobile(phone) if phone.strip() else ""

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if (p1 or p2) and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            # Checked here too (the service checks again) so the message sits beside the password box.
            probe = User(username=data.get("username") or "", full_name=data.get("full_name") or "",
                         email=data.get("email") or "")
            try:
                validate_password(p1, probe)
            except ValidationError as e:
                self.add_error("password1", e)
        return data

    def save(self):
        try:
            return self._save()
        except ValidationError as e:
            # The service names the password "password"; on this form it is the first password box.
            if hasattr(e, "error_dict") and "password" in e.error_dict:
                e.error_dict["password1"] = e.error_dict.pop("password")
            raise

    def _save(self):
        data = {k: self.cleaned_data[k] for k in ("username", "full_name", "phone", "email", "home_org")}
        password = self.cleaned_data.get("password1") or None
        if self.instance is None:
            with transaction.atomic():
                user = services.create_official(self.actor, password=password, **data)
                if self.cleaned_data.get("role"):
                    services.assign_role(self.actor, user, user.home_org, self.cleaned_data["role"])
            return user
        data["is_active"] = self.cleaned_data["is_active"]
        return services.update_official(self.actor, self.instance, password=password, **data)


class RoleAssignmentForm(BootstrapFormMixin, forms.Form):
    """Give an official a role at an organisation (code) in the administrator's part of the tree."""

    org = ScopedCodeField(label=_("Organisation"), suggest_url_name="orgs:org_autocomplete",
                          help_text=_("The role covers this organisation and everything below it."))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)

    def __init__(self, *args, user, account, **kwargs):
        self.actor = user
        self.account = account
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user)

    def save(self):
        return services.assign_role(self.actor, self.account, self.cleaned_data["org"], self.cleaned_data["role"])

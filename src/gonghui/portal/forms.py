from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapFormMixin
from gonghui.core.validators import check_mobile


class PhoneField(forms.CharField):
    """An 11-digit mainland mobile number (spaces, dashes and +86 are tolerated)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile phone"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel",
                                                           "autofocus": True}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return check_mobile(value) if value else value


class PortalLoginForm(BootstrapFormMixin, forms.Form):
    phone = PhoneField()
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class ForgotPasswordForm(BootstrapFormMixin, forms.Form):
    phone = PhoneField(help_text=_("The mobile number your union has on record for you."))


class SetPasswordForm(BootstrapFormMixin, forms.Form):
    new_password1 = forms.CharField(
        label=_("New password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
        help_text=_("At least 8 characters; not only digits, and not a common password."),
    )
    new_password2 = forms.CharField(label=_("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("The two passwords differ."))
        return data

from django import forms
from django.core.validators import RegexValidator
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


class CodeRequestForm(BootstrapFormMixin, forms.Form):
    phone = PhoneField(help_text=_("The mobile number your union has on record for you."))


class SignInCodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"), max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True,
                                      "pattern": "[0-9]{6}"}),
        validators=[RegexValidator(r"^[0-9]{6}$", _("Enter the 6 digits of the code."))],
        error_messages={"max_length": _("Enter the 6 digits of the code.")},
    )


class TransferRequestForm(BootstrapFormMixin, forms.Form):
    """The receiving union (one of the unions the search found, by its code) and the reason."""

    to_org = forms.ChoiceField(label=_("Receiving union"), widget=forms.RadioSelect,
                               error_messages={"required": _("Choose the union you are moving to."),
                                               "invalid_choice": _("Choose the union you are moving to.")})
    reason = forms.CharField(label=_("Reason for the transfer"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For example: I changed jobs and now work at the new union's employer."),
                             error_messages={"required": _("Give the reason for the transfer.")})

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unions = {u.code: u for u in unions}
        self.fields["to_org"].choices = [(u.code, f"{u.name} ({u.code})") for u in unions]
        self.fields["to_org"].widget.attrs["class"] = "form-check-input"  # radios, not a text box

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm

from . import services
from .choices import Category, Channel
from .models import Remittance, SplitRatio


class RemittanceForm(ScopedModelForm):
    service = staticmethod(services.save_remittance)
    payroll_base = forms.CharField(label=_("payroll base"))

    class Meta:
        model = Remittance
        fields = ("org", "employer", "year", "payroll_base", "rate", "memo")
        help_texts = {"rate": _("Empty: two per cent of payroll, as the Trade Union Law sets.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate"].required = False
        if self.instance.pk:
            self.initial["payroll_base"] = self.instance.payroll_base


class RatioForm(ScopedModelForm):
    service = staticmethod(services.save_ratio)

    class Meta:
        model = SplitRatio
        fields = ("org", "year", "grassroots_pct", "parent_pct", "higher_pct", "rounding_to", "basis")


class PaymentForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(label=_("amount"))
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)


class EntryForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(label=_("amount"))
    memo = forms.CharField(label=_("memo"), max_length=200, required=False)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)

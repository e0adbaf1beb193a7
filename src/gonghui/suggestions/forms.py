from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapFormMixin

from .choices import Category


class SuggestionForm(BootstrapFormMixin, forms.Form):
    """What a member writes in the portal."""

    subject = forms.CharField(label=capfirst(_("subject")), max_length=100)
    category = forms.ChoiceField(label=capfirst(_("category")), choices=Category.choices)
    text = forms.CharField(label=capfirst(_("suggestion")), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    anonymous = forms.BooleanField(
        label=_("Send anonymously"), required=False,
        help_text=_("The union will not know who wrote it. You get a receipt code to read the answer; keep it, "
                    "it cannot be shown again."))


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(label=capfirst(_("answer")), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


class ReceiptForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=20)


class CategoryForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label=capfirst(_("category")), choices=Category.choices)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {})["category"] = instance.category
        super().__init__(*args, **kwargs)

    def save(self):
        from .services import categorise

        return categorise(self.user, self.instance, category=self.cleaned_data["category"])

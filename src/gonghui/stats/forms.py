"""The dashboard's choice of organisation and period (the page's GET form; the API reads the same fields)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeSuggestInput
from gonghui.core.forms import BootstrapFormMixin

from .periods import parse_period


def clean_code(value):
    """``CODE`` or ``Name (CODE)`` as the code picker fills it."""
    code = (value or "").strip()
    if code.endswith(")") and "(" in code:
        code = code.rsplit("(", 1)[1][:-1].strip()
    return code


class DashboardForm(BootstrapFormMixin, forms.Form):
    org = forms.CharField(label=_("Organisation (code)"), required=False, max_length=120,
                          widget=CodeSuggestInput("orgs:org_autocomplete"))
    period = forms.CharField(label=_("Period"), required=False, max_length=40,
                             help_text=_("A year (2026), a quarter (2026-Q3) or a month (2026-07)."))
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.attrs["placeholder"] = "2026 / 2026-Q3 / 2026-07"
        self.fields["org"].widget.attrs["placeholder"] = _("Union code or name")

    def clean_org(self):
        return clean_code(self.cleaned_data.get("org"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        if bool(start) != bool(end):
            self.add_error("end" if start else "start", _("Give both dates of a custom period, or neither."))
            return data
        try:
            if start and end:
                data["period_obj"] = parse_period(None, start=start.isoformat(), end=end.isoformat())
            else:
                data["period_obj"] = parse_period(data.get("period"))
        except ValidationError as e:
            self.add_error("start" if start else "period", e)
        return data

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core import formats
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.orgs.selectors import live_orgs_for

from . import services
from .choices import ATTACHMENT_LABEL
from .filtersets import indicator_choices

ORG_SUGGEST = "orgs:org_autocomplete"


def _code_field(label):
    return ScopedCodeField(label=capfirst(label), suggest_url_name=ORG_SUGGEST,
                           help_text=_("Type part of the name or the code and pick from the suggestions."))


class TargetForm(BootstrapFormMixin, forms.Form):
    """Add one target, or change the figure and note of an existing one (the rest is fixed)."""

    issuer = _code_field(_("issued by"))
    org = _code_field(_("organisation"))
    year = forms.IntegerField(label=capfirst(_("year")))
    indicator = forms.ChoiceField(label=capfirst(_("indicator")), choices=())
    value = forms.CharField(label=capfirst(_("target")), help_text=_("For a rate, a percentage between 0 and 100."))
    note = forms.CharField(label=capfirst(_("note")), required=False, max_length=200)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update(issuer=instance.issuer, org=instance.org, year=instance.year,
                                     indicator=instance.indicator, value=instance.value, note=instance.note)
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices()
        self.fields["year"].initial = self.fields["year"].initial or timezone.localdate().year
        for name in ("issuer", "org"):
            self.fields[name].queryset = live_orgs_for(user)
        if instance is not None:  # fixed once set: shown in the page title
            for name in ("issuer", "org", "year", "indicator"):
                del self.fields[name]

    def save(self):
        d = self.cleaned_data
        if self.instance is not None:
            return services.update_target(self.user, self.instance, value=d["value"], note=d["note"])
        return services.set_target(self.user, d["issuer"], d["year"], d["org"], d["indicator"], d["value"], d["note"])


class TargetGridForm(forms.Form):
    """The hand-down grid: one cell per (live direct child, target indicator). An empty cell clears the target."""

    grid = forms.CharField(widget=forms.HiddenInput, initial="1")

    def __init__(self, *args, user, issuer, year, children, indicators, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.issuer, self.year = user, issuer, year
        self.children, self.indicators = children, indicators
        self.cells = {}
        for child in children:
            for ind in indicators:
                name = self.cell_name(child, ind)
                t = existing.get((child.pk, ind.key))
                self.fields[name] = forms.CharField(
                    required=False, label=f"{child.name} · {ind.name}",
                    initial=("" if t is None else formats.plain_decimal(t.value)),
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm text-end",
                                                  "inputmode": "decimal", "size": 6,
                                                  "aria-label": f"{child.name} {ind.name}"}),
                )
                self.cells[name] = (child, ind)

    @staticmethod
    def cell_name(child, ind):
        return f"t_{child.pk}_{ind.key}"

    def rows(self):
        """For the template: [(child, [bound field, ...])]."""
        return [(child, [self[self.cell_name(child, ind)] for ind in self.indicators]) for child in self.children]

    def save(self):
        rows = []
        for name, (child, ind) in self.cells.items():
            if name not in self.data:
                continue  # not posted: left as it is
            rows.append({"key": name, "org": child, "indicator": ind.key, "value": self.cleaned_data.get(name)})
        return services.set_targets(self.user, self.issuer, self.year, rows)



class LetterForm(BootstrapFormMixin, forms.Form):
    issuer = _code_field(_("issued by"))
    org = _code_field(_("organisation"))
    year = forms.IntegerField(label=capfirst(_("year")))
    issuer_signatory = forms.CharField(label=capfirst(_("signed for the issuer by")), max_length=50)
    issuer_signatory_title = forms.CharField(label=capfirst(_("title of the issuer's signatory")), max_length=60,
                                             required=False)
    org_signatory = forms.CharField(label=capfirst(_("signed for the organisation by")), max_length=50)
    org_signatory_title = forms.CharField(label=capfirst(_("title of the organisation's signatory")), max_length=60,
                                          required=False)
    signed_on = forms.DateField(label=capfirst(_("signed on")), widget=forms.DateInput)
    attachment = forms.FileField(label=capfirst(_("scanned letter")), required=False,
                                 help_text=ATTACHMENT_LABEL,
                                 widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
    remove_attachment = forms.BooleanField(label=_("Remove the scanned letter"), required=False)
    note = forms.CharField(label=capfirst(_("note")), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update({f: getattr(instance, f) for f in services.LETTER_FIELDS})
            kwargs["initial"].update(issuer=instance.issuer, org=instance.org, year=instance.year)
        super().__init__(*args, **kwargs)
        self.fields["attachment"].widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png",
                                                                  "class": "form-control"})
        self.fields["year"].initial = self.fields["year"].initial or timezone.localdate().year
        for name in ("issuer", "org"):
            self.fields[name].queryset = live_orgs_for(user)
        if instance is not None:  # fixed once recorded: shown in the page title
            for name in ("issuer", "org", "year"):
                del self.fields[name]
        else:
            del self.fields["remove_attachment"]

    def save(self):
        d = self.cleaned_data
        data = {f: d.get(f) for f in services.LETTER_FIELDS}
        if self.instance is not None:
            return services.update_letter(self.user, self.instance, data, attachment=d.get("attachment"),
                                          remove_attachment=d.get("remove_attachment", False))
        return services.create_letter(self.user, d["issuer"], d["org"], d["year"], data, attachment=d.get("attachment"))

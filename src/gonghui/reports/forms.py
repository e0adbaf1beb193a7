from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapFormMixin

from . import indicators as ri
from . import services


class RoundForm(BootstrapFormMixin, forms.Form):
    org_code = forms.CharField(label=_("Union (code)"), max_length=30,
                               help_text=_("The union that opens the round; every union below it reports."))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput)
    title = forms.CharField(label=_("Title"), max_length=150, required=False)
    warn_change_share = forms.DecimalField(
        label=_("Warn on change above"), min_value=0, max_value=10, decimal_places=2, initial=Decimal("0.3"),
        help_text=_("Warn when a figure changes by more than this share from last year's accepted report (0.3 = 30%)."))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year - 1)
            self.initial.setdefault("warn_change_share", Decimal("0.3"))

    def clean_org_code(self):
        from gonghui.orgs.selectors import orgs_for

        code = self.cleaned_data["org_code"].strip()
        org = orgs_for(self.user).filter(code=code).first()
        if org is None:
            raise ValidationError(_("No union with this code in your scope."))
        self.org = org
        return code

    def save(self):
        d = self.cleaned_data
        return services.open_round(self.user, self.org, year=d["year"], deadline=d["deadline"], title=d["title"],
                                   warn_change_share=d["warn_change_share"])


class ReportValuesForm(BootstrapFormMixin, forms.Form):
    """One field per stored figure; a derived figure has a reason field next to it."""

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.report = user, instance
        data = instance.data or {}
        self.rows = []
        for _key, label, inds in ri.tables():
            rows = []
            for ind in inds:
                if ind.is_ratio:
                    continue
                entry = data.get(ind.key) or {}
                derived = ri.to_number(ind, entry.get("d"))
                if ri.is_decimal(ind):
                    field = forms.DecimalField(label=ind.name, required=False, decimal_places=ind.decimal_places,
                                               max_digits=16)
                else:
                    field = forms.IntegerField(label=ind.name, required=False)
                value = ri.to_number(ind, entry.get("v"))
                field.initial = value if value is not None else derived
                field.widget.attrs["inputmode"] = "decimal"
                self.fields[ind.key] = field
                if ind.derived:
                    self.fields[f"{ind.key}__reason"] = forms.CharField(
                        label=_("Reason for the correction"), required=False, max_length=500,
                        initial=entry.get("r", ""))
                rows.append({"ind": ind, "derived": derived, "key": ind.key})
            if rows:
                self.rows.append({"label": label, "rows": rows})
        for table in self.rows:
            for row in table["rows"]:
                row["field"] = self[row["key"]]
                row["reason"] = self[f"{row['key']}__reason"] if row["ind"].derived else None

    def save(self):
        changes = {}
        for ind in ri.stored_items():
            if ind.key not in self.cleaned_data:
                continue
            changes[ind.key] = {"value": self.cleaned_data[ind.key],
                                "reason": self.cleaned_data.get(f"{ind.key}__reason", "")}
        report, self.warnings = services.update_values(self.user, self.report, changes)
        return report

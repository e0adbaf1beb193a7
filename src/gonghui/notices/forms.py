import re

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.orgs.selectors import live_orgs_for, units_for

from . import services
from .choices import Audience

DATETIME = "%Y-%m-%dT%H:%M"


def _codes(text):
    return [c for c in re.split(r"[\s,，、;；]+", text or "") if c]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME, **kwargs)


class NoticeForm(BootstrapFormMixin, forms.Form):
    """Draft a notice or edit a draft: text, audience, window, targets and one more attachment."""

    org = ScopedCodeField(label=capfirst(_("published by")), suggest_url_name="orgs:org_autocomplete")
    title = forms.CharField(label=capfirst(_("title")), max_length=120)
    body = forms.CharField(label=capfirst(_("text")), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    audience = forms.ChoiceField(label=capfirst(_("audience")), choices=Audience.choices)
    target_orgs = forms.CharField(
        label=_("Target organisations (codes)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For chosen organisations: their codes, separated by commas or spaces (each with its subtree)."))
    target_units = forms.CharField(
        label=_("Target employer units (credit codes)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For chosen units: their unified social credit codes (the members working there)."))
    publish_from = forms.DateTimeField(label=capfirst(_("publish from")), widget=DateTimeLocalInput(),
                                       input_formats=[DATETIME, "%Y-%m-%d %H:%M", "%Y-%m-%d"])
    publish_until = forms.DateTimeField(label=capfirst(_("publish until")), required=False,
                                        widget=DateTimeLocalInput(),
                                        input_formats=[DATETIME, "%Y-%m-%d %H:%M", "%Y-%m-%d"])
    attachment = forms.FileField(label=_("Add an attachment"), required=False,
                                 help_text=_("PDF, JPG or PNG, at most 10 MB."))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {})
            targets = list(instance.targets.select_related("org", "unit"))
            kwargs["initial"].update(
                org=instance.org, title=instance.title, body=instance.body, audience=instance.audience,
                publish_from=instance.publish_from, publish_until=instance.publish_until,
                target_orgs=" ".join(t.org.code for t in targets if t.org_id),
                target_units=" ".join(t.unit.credit_code for t in targets if t.unit_id))
        else:
            kwargs.setdefault("initial", {}).setdefault("publish_from", timezone.localtime().replace(second=0,
                                                                                                      microsecond=0))
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))
        if instance is not None:
            del self.fields["org"]
            choices = [(a.pk, a.file_name) for a in instance.attachments.all()]
            if choices:
                self.fields["remove"] = forms.TypedMultipleChoiceField(
                    label=_("Remove attachments"), choices=choices, coerce=int, required=False,
                    widget=forms.CheckboxSelectMultiple)

    def clean_target_orgs(self):
        found, missing = [], []
        orgs = scope.orgs_for(self.user)
        for code in _codes(self.cleaned_data.get("target_orgs")):
            org = orgs.filter(code=code).first()
            (found.append(org) if org else missing.append(code))
        if missing:
            raise forms.ValidationError(_g("No union with these codes in your scope: %(codes)s.")
                                        % {"codes": "、".join(missing)})
        return found

    def clean_target_units(self):
        found, missing = [], []
        units = units_for(self.user)
        for code in _codes(self.cleaned_data.get("target_units")):
            unit = units.filter(credit_code=code.upper()).first()
            (found.append(unit) if unit else missing.append(code))
        if missing:
            raise forms.ValidationError(_g("No employer unit with these credit codes in your scope: %(codes)s.")
                                        % {"codes": "、".join(missing)})
        return found

    def save(self):
        d = self.cleaned_data
        data = {k: d[k] for k in services.FIELDS}
        upload = d.get("attachment")
        return services.save_notice(self.user, self.instance, d.get("org"), target_orgs=d["target_orgs"],
                                    target_units=d["target_units"], uploads=[upload] if upload else [],
                                    remove=d.get("remove") or (), **data)



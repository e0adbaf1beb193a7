"""The upload form of an import: what, where (an organisation by code, in the user's scope), how, which file."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.orgs.selectors import live_orgs_for

from .choices import ImportMode, import_kind_choices

ACCEPTED_EXTENSIONS = (".xlsx", ".xls", ".csv")


def max_upload_bytes():
    return getattr(settings, "GONGHUI_IMPORT_MAX_BYTES", 100 * 1024 * 1024)


class ImportJobForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("what to import"), choices=import_kind_choices)
    org = ScopedCodeField(
        label=_("organisation"), suggest_url_name="orgs:org_autocomplete",
        help_text=_("Type a name or code. Rows are imported into this organisation and the ones below it."),
    )
    mode = forms.ChoiceField(label=_("mode"), choices=ImportMode.choices, initial=ImportMode.ALL_OR_NOTHING,
                             widget=forms.RadioSelect)
    file = forms.FileField(label=_("file"),
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["org"].queryset = live_orgs_for(user)
        self.fields["file"].help_text = _("Excel (xlsx, xls) or CSV (UTF-8 or GBK), at most %(size)s. "
                                          "The file is checked first; nothing is written before you confirm.") % {
            "size": filesizeformat(max_upload_bytes())}

    def clean_org(self):
        org = self.cleaned_data["org"]
        if org is not None and not scope.can(self.user, "change", org):
            raise forms.ValidationError(_("Your role does not allow importing into this organisation."),
                                        code="forbidden")
        return org

    def clean(self):
        data = super().clean()
        org = data.get("org")
        if org is not None and data.get("kind") == "orgs" and not scope.can(self.user, "manage_orgs", org):
            self.add_error("kind", _("Only organisation administrators may import organisations."))
        return data

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > max_upload_bytes():
            raise forms.ValidationError(_("The file is too large (%(size)s); the limit is %(limit)s.") % {
                "size": filesizeformat(f.size), "limit": filesizeformat(max_upload_bytes())}, code="too_large")
        if not f.name.lower().endswith(ACCEPTED_EXTENSIONS):
            raise forms.ValidationError(_("Upload an Excel (xlsx, xls) or CSV file."), code="type")
        return f

    def save(self):
        """Store the upload as a job (the engine checks the content); the caller starts the check."""
        from . import services

        d = self.cleaned_data
        return services.create_job(self.user, d["kind"], d["file"], d["org"], d["mode"])

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm
from gonghui.orgs.models import EmployerUnit

from . import selectors, services
from .choices import DisclosureForm
from .models import DisclosureItem, Inspection, OpenAffairsSystem, Problem

FILE_HELP = _("PDF, JPEG or PNG, at most 10 MB.")
FILE_ACCEPT = ".pdf,.jpg,.jpeg,.png"


def _file_field(label):
    return forms.FileField(label=label, required=False, help_text=FILE_HELP,
                           widget=forms.FileInput(attrs={"accept": FILE_ACCEPT}))


class SystemForm(BootstrapFormMixin, forms.Form):
    """Record or change an employer's open-affairs set-up, with its rules document."""

    unit = ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete",
                           help_text=_("Type part of the name or the credit code and pick from the suggestions."))
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=OpenAffairsSystem._meta.get_field("kind").choices)
    established = forms.BooleanField(label=capfirst(_("system established")), required=False)
    established_on = forms.DateField(label=capfirst(_("established on")), required=False, widget=forms.DateInput)
    leading_group = forms.CharField(label=capfirst(_("responsible group")), required=False, max_length=300,
                                    help_text=OpenAffairsSystem._meta.get_field("leading_group").help_text)
    document = _file_field(capfirst(_("rules document")))
    remove_document = forms.BooleanField(label=_("Remove the rules document"), required=False)
    notes = forms.CharField(label=capfirst(_("notes")), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update({f: getattr(instance, f) for f in services.SYSTEM_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = EmployerUnit.objects.for_user(user)
        if instance is not None:  # the employer is fixed once recorded: it is the page's title
            del self.fields["unit"]
        else:
            del self.fields["remove_document"]

    def save(self):
        d = self.cleaned_data
        data = {f: d.get(f) for f in services.SYSTEM_FIELDS}
        return services.save_system(self.user, self.instance, unit=d.get("unit"), document=d.get("document"),
                                    remove_document=d.get("remove_document", False), **data)


class ItemForm(ScopedModelForm):
    service = services.save_item

    class Meta:
        model = DisclosureItem
        fields = ["system", "title", "category", "department", "frequency", "form", "since", "active", "notes"]
        widgets = {"since": forms.DateInput, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = selectors.systems_for(self.user)
        self.fields["since"].required = False
        self.fields["since"].initial = self.fields["since"].initial or timezone.localdate().replace(day=1)
        if self.instance.pk:
            del self.fields["system"]


class PostingForm(BootstrapFormMixin, forms.Form):
    """A posting: for a due period (the step ``post``), or for a period named here (from the item's page)."""

    period = forms.CharField(label=capfirst(_("period")), max_length=10, required=False,
                             help_text=_("Monthly 2026-11, quarterly 2026Q4, yearly 2026; left empty for an item "
                                         "posted as things happen (the day posted)."))
    posted_on = forms.DateField(label=capfirst(_("posted on")), required=False, widget=forms.DateInput)
    form = forms.ChoiceField(label=capfirst(_("form of disclosure")), choices=DisclosureForm.choices)
    place = forms.CharField(label=capfirst(_("place")), max_length=150, required=False,
                            help_text=_("Where it was posted: the notice board, the meeting, the page."))
    evidence = _file_field(capfirst(_("evidence")))
    note = forms.CharField(label=capfirst(_("note")), max_length=300, required=False)

    def __init__(self, *args, with_period=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_period:
            del self.fields["period"]


class InspectionForm(ScopedModelForm):
    service = services.save_inspection

    class Meta:
        model = Inspection
        fields = ["system", "inspected_on", "inspectors", "summary"]
        widgets = {"inspected_on": forms.DateInput, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = selectors.systems_for(self.user)
        self.fields["inspected_on"].required = False
        self.fields["inspectors"].required = False
        if self.instance.pk:
            del self.fields["system"]


class ProblemForm(ScopedModelForm):
    class Meta:
        model = Problem
        fields = ["item", "description", "deadline"]
        widgets = {"deadline": forms.DateInput}

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection or (self.instance.inspection if self.instance.pk else None)
        items = selectors.items_for(self.user)
        self.fields["item"].queryset = (items.filter(system_id=self.inspection.system_id) if self.inspection
                                        else items.none())
        self.fields["description"].required = False
        self.fields["deadline"].required = False

    def save(self, commit=True):
        d = self.cleaned_data
        return services.save_problem(self.user, self.instance if self.instance.pk else None,
                                     inspection=self.inspection, item=d.get("item"),
                                     description=d.get("description"), deadline=d.get("deadline"))


class RectifyForm(BootstrapFormMixin, forms.Form):
    rectification = forms.CharField(label=capfirst(_("rectification")), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    rectified_on = forms.DateField(label=capfirst(_("rectified on")), required=False, widget=forms.DateInput)

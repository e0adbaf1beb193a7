from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm
from gonghui.orgs.models import EmployerUnit

from . import services
from .choices import Reply, Topic
from .models import Instructor, Offer, OfferCampaign

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferForm(ScopedModelForm):
    service = services.save_offer
    topics = forms.MultipleChoiceField(label=capfirst(pgettext_lazy("bargaining", "topics")), choices=Topic.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Offer
        fields = ("org", "on_behalf_of", "coverage", "employers", "topics", "content")
        help_texts = {"on_behalf_of": _("When a union above sends the offer for a grassroots union (代行要约), the "
                                        "union it acts for. Leave empty when the union sends it in its own name."),
                      "employers": _("One employer, or several for a regional or industry offer.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["employers"].queryset = EmployerUnit.objects.for_user(user).order_by("name")
        if self.instance.pk:
            self.initial["topics"] = self.instance.topics


class SendForm(BootstrapFormMixin, forms.Form):
    sent_on = forms.DateField(label=capfirst(_("sent on")), widget=DATE, initial=timezone.localdate)


class AnswerForm(BootstrapFormMixin, forms.Form):
    replied_on = forms.DateField(label=capfirst(pgettext_lazy("bargaining", "replied on")), widget=DATE,
                                 initial=timezone.localdate)
    reply = forms.ChoiceField(label=capfirst(pgettext_lazy("bargaining", "reply")), choices=Reply.choices)
    reply_note = forms.CharField(label=capfirst(pgettext_lazy("bargaining", "reply note")), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class CampaignForm(ScopedModelForm):
    service = services.save_campaign
    topics = forms.MultipleChoiceField(label=capfirst(pgettext_lazy("bargaining", "topics")), choices=Topic.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = OfferCampaign
        fields = ("org", "name", "starts_on", "ends_on", "topics", "content")
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            self.initial["topics"] = self.instance.topics


class SendOffersForm(BootstrapFormMixin, forms.Form):
    employers = forms.ModelMultipleChoiceField(label=capfirst(_("employers")), queryset=EmployerUnit.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    sent_on = forms.DateField(label=capfirst(_("sent on")), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, user=None, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the employers of the campaign union's subtree; the service refuses any other by name.
        qs = EmployerUnit.objects.for_user(user).select_related("area_org", "union").order_by("name")
        if campaign is not None:
            path = campaign.org.path
            qs = qs.filter(Q(area_org__path__startswith=path) | Q(union__path__startswith=path))
        self.fields["employers"].queryset = qs


class RoundForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=capfirst(_("held on")), widget=DATE, initial=timezone.localdate)
    union_side = forms.CharField(label=capfirst(_("union's representatives")), help_text=_("One name a line."),
                                 widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    employer_side = forms.CharField(label=capfirst(_("employer's representatives")), help_text=_("One name a line."),
                                    widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    instructor = forms.ModelChoiceField(label=capfirst(_("instructor")), queryset=Instructor.objects.none(),
                                        required=False)
    agreed = forms.CharField(label=capfirst(_("points agreed")), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    open_points = forms.CharField(label=capfirst(_("points still open")), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    minutes = forms.FileField(label=capfirst(_("minutes")), required=False,
                              help_text=_("PDF, JPG or PNG, up to 10 MB."))

    def __init__(self, *args, offer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offer is not None:
            self.fields["instructor"].queryset = services.instructors_for_offer(offer)

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm
from gonghui.members.models import Member
from gonghui.orgs.models import EmployerUnit

from . import services
from .choices import Rating
from .models import AgendaItem, Congress, Delegate, EmployerRule, Motion, Session, Setup, StarRating


class SetupForm(ScopedModelForm):
    service = staticmethod(services.save_setup)
    document = forms.FileField(label=_("Congress rules document"), required=False,
                               help_text=_("PDF or a scan (JPG, PNG), up to 10 MB."))

    class Meta:
        model = Setup
        fields = ["unit", "org", "form", "body", "established_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = EmployerUnit.objects.for_user(self.user).filter(union__isnull=False)
        self.fields["unit"].disabled = self.instance.pk is not None

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        return services.save_setup(self.user, self.instance if self.instance.pk else None,
                                   document=self.cleaned_data.get("document"), **data)


class CongressForm(ScopedModelForm):
    class Meta:
        model = Congress
        fields = ["org", "body", "title", "term", "started_on", "min_frontline_percent"]


def _congresses(form, field="congress"):
    form.fields[field].queryset = Congress.objects.for_user(form.user).select_related("org")
    form.fields[field].disabled = form.instance.pk is not None


class DelegateForm(ScopedModelForm):
    service = staticmethod(services.save_delegate)

    class Meta:
        model = Delegate
        fields = ["congress", "member", "constituency", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _congresses(self)
        self.fields["member"].queryset = Member.objects.for_user(self.user).filter(status="active")


class SessionForm(ScopedModelForm):
    service = staticmethod(services.save_session)

    class Meta:
        model = Session
        fields = ["congress", "number", "kind", "due_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _congresses(self)


class HoldForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=pgettext_lazy("congress", "Held on"))
    delegates_present = forms.IntegerField(label=_("Delegates present"), min_value=0)


class ItemForm(ScopedModelForm):
    service = staticmethod(services.save_item)

    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "resolution"]

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        return services.save_item(self.user, None, session=self.session, **data)


class VoteForm(BootstrapFormMixin, forms.Form):
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0)
    resolution = forms.CharField(label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MotionForm(ScopedModelForm):
    service = staticmethod(services.file_motion)

    class Meta:
        model = Motion
        fields = ["congress", "title", "content", "filer", "filed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _congresses(self)
        self.fields["filer"].queryset = Delegate.objects.for_user(self.user).select_related("member", "congress__org")
        self.fields["filer"].required = True


class AssignForm(BootstrapFormMixin, forms.Form):
    department = forms.CharField(label=_("Department responsible"), max_length=100)
    reply_due = forms.DateField(label=_("Reply due"))


class AnswerForm(BootstrapFormMixin, forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}))
    replied_on = forms.DateField(label=_("Replied on"))


class ImplementForm(BootstrapFormMixin, forms.Form):
    implementation = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    implemented_on = forms.DateField(label=_("Implemented on"))


class RateForm(BootstrapFormMixin, forms.Form):
    rating = forms.ChoiceField(label=_("Filer's rating"), choices=Rating.choices)


class RuleForm(ScopedModelForm):
    service = staticmethod(services.save_rule)

    class Meta:
        model = EmployerRule
        fields = ["unit", "kind", "title", "adopted_on", "item", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = EmployerUnit.objects.for_user(self.user)
        self.fields["unit"].disabled = self.instance.pk is not None
        self.fields["item"].queryset = AgendaItem.objects.for_user(self.user).select_related(
            "session__congress__org")


class StarForm(ScopedModelForm):
    service = staticmethod(services.rate_congress)

    class Meta:
        model = StarRating
        fields = ["congress", "year", "stars", "rated_on", "evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _congresses(self)

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import scope
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin, ScopedModelForm
from gonghui.orgs.selectors import live_orgs_for

from . import selectors, services
from .choices import CertificateLevel, CourseKind, DegreeLevel
from .models import HomeTrip, JobFair, Vacancy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseForm(BootstrapFormMixin, forms.Form):
    org = ScopedCodeField(label=capfirst(_("organising union")), suggest_url_name="orgs:org_autocomplete")
    number = forms.CharField(label=capfirst(_("course number")), max_length=40)
    title = forms.CharField(label=capfirst(_("title")), max_length=150)
    kind = forms.ChoiceField(label=capfirst(_("course kind")), choices=CourseKind.choices)
    provider = forms.CharField(label=capfirst(_("training base or partner")), max_length=150, required=False)
    place = forms.CharField(label=capfirst(pgettext_lazy("training", "place")), max_length=150, required=False)
    starts_on = forms.DateField(label=capfirst(_("starts on")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("ends on")), widget=DATE)
    enrol_by = forms.DateField(label=capfirst(_("enrolment closes on")), widget=DATE, required=False)
    capacity = forms.IntegerField(label=capfirst(_("places")), min_value=1)
    min_attendance_pct = forms.IntegerField(label=capfirst(_("attendance needed to complete (%)")), min_value=0,
                                            max_value=100, initial=80)
    certificate_name = forms.CharField(label=capfirst(_("certificate")), max_length=100, required=False,
                                       help_text=_("The certificate a trainee who completes the course receives; "
                                                   "leave empty when there is none."))
    certificate_level = forms.ChoiceField(label=capfirst(_("certificate level")), required=False,
                                          choices=[("", "—"), *CertificateLevel.choices])
    degree_level = forms.ChoiceField(label=capfirst(_("degree level")), required=False,
                                     choices=[("", "—"), *DegreeLevel.choices],
                                     help_text=_("For degree study: the level, which sets the grant on completion."))
    open_in_portal = forms.BooleanField(label=capfirst(_("members enrol in the portal")), required=False,
                                        initial=True)
    notes = forms.CharField(label=capfirst(_("notes")), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.COURSE_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))
        if instance is not None:
            del self.fields["org"]

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_course(self.user, self.instance, d.get("org"),
                                    **{k: d[k] for k in services.COURSE_FIELDS})


class EnrolForm(BootstrapFormMixin, forms.Form):
    member = ScopedCodeField(label=capfirst(_("member")), code_field="member_no",
                             help_text=_("The member number (会员编号)."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.members_for(user)


class SessionForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=capfirst(pgettext_lazy("training", "held on")), widget=DATE)
    topic = forms.CharField(label=capfirst(_("topic")), max_length=150)
    present = forms.ModelMultipleChoiceField(label=_("Trainees present"), required=False, queryset=None,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .choices import EnrolmentStatus

        qs = course.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("member").order_by(
            "member__name") if course is not None else None
        self.fields["present"].queryset = qs
        self.fields["present"].label_from_instance = lambda e: e.member.name
        if qs is not None:
            self.initial.setdefault("present", list(qs))


class CompleteForm(BootstrapFormMixin, forms.Form):
    completed_on = forms.DateField(label=capfirst(_("completed on")), widget=DATE)
    certificate_no = forms.CharField(label=capfirst(_("certificate number")), max_length=60, required=False)
    certificate_level = forms.ChoiceField(label=capfirst(_("certificate level")), required=False,
                                          choices=[("", "—"), *CertificateLevel.choices])


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=capfirst(_("reason for withdrawing")), max_length=200, required=False)


def today():
    return timezone.localdate()


# Employment services.

class JobFairForm(ScopedModelForm):
    class Meta:
        model = JobFair
        fields = ["org", "title", "held_on", "place", "employers", "vacancies_offered", "visitors", "notes"]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class VacancyForm(ScopedModelForm):
    class Meta:
        model = Vacancy
        fields = ["org", "employer", "title", "positions", "wage", "place", "requirements", "contact", "fair",
                  "published", "open_until"]
        widgets = {"open_until": DATE, "requirements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fair"].queryset = selectors.fairs_for(self.user).order_by("-held_on", "-id")


class HomeTripForm(ScopedModelForm):
    class Meta:
        model = HomeTrip
        fields = ["org", "travels_on", "route", "transport", "vehicles", "people", "notes"]
        widgets = {"travels_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class JobSeekerForm(BootstrapFormMixin, forms.Form):
    org = ScopedCodeField(label=capfirst(_("union")), suggest_url_name="orgs:org_autocomplete")
    member = ScopedCodeField(label=capfirst(_("member")), code_field="member_no", required=False,
                             help_text=_("The member number (会员编号); leave empty for a person who is not a "
                                         "member and give the name and ID number."))
    name = forms.CharField(label=capfirst(_("full name")), max_length=50, required=False)
    id_number = forms.CharField(label=capfirst(_("ID number")), max_length=18, required=False)
    phone = forms.CharField(label=capfirst(_("mobile phone")), max_length=20, required=False)
    migrant_worker = forms.BooleanField(label=capfirst(_("migrant worker (农民工)")), required=False)
    in_hardship = forms.BooleanField(label=capfirst(_("in a hardship archive (困难职工)")), required=False)
    desired_job = forms.CharField(label=capfirst(_("job wanted")), max_length=100)
    wishes = forms.CharField(label=capfirst(_("wishes (place, wage, hours)")), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    registered_on = forms.DateField(label=capfirst(_("registered on")), widget=DATE)

    def __init__(self, *args, user, instance=None, **kwargs):
        from .employment import SEEKER_FIELDS

        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update(
                {n: getattr(instance, n) for n in SEEKER_FIELDS if n not in ("id_number", "phone")})
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))
        self.fields["member"].queryset = selectors.members_for(user)
        if instance is not None:
            del self.fields["org"], self.fields["member"]
            self.fields["id_number"].help_text = self.fields["phone"].help_text = _("Leave empty to keep it.")
            if instance.member_id:
                del self.fields["name"], self.fields["id_number"]

    def save(self):
        from .employment import SEEKER_FIELDS, save_seeker

        d = dict(self.cleaned_data)
        data = {k: d[k] for k in SEEKER_FIELDS if k in d}
        if self.instance is not None:
            for secret in ("id_number", "phone"):
                if not data.get(secret):
                    data.pop(secret, None)
        elif d.get("member") is not None:
            data.pop("name", None), data.pop("id_number", None)
        return save_seeker(self.user, self.instance, d.get("org"), d.get("member"), **data)


class ReferForm(BootstrapFormMixin, forms.Form):
    vacancy = forms.ModelChoiceField(label=capfirst(_("vacancy")), queryset=None, required=False)
    employer = forms.CharField(label=capfirst(_("employer")), max_length=150, required=False,
                               help_text=_("Taken from the vacancy when one is chosen."))
    job = forms.CharField(label=capfirst(_("job")), max_length=100, required=False)
    referred_on = forms.DateField(label=capfirst(_("referred on")), widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = selectors.vacancies_for(user).filter(
            open_until__gte=timezone.localdate()).order_by("employer", "id")


class PlaceForm(BootstrapFormMixin, forms.Form):
    placed_on = forms.DateField(label=capfirst(_("placed on")), widget=DATE)


class FollowUpForm(BootstrapFormMixin, forms.Form):
    followed_up_on = forms.DateField(label=capfirst(_("followed up on")), widget=DATE)
    still_employed = forms.TypedChoiceField(label=capfirst(_("still in the job")), coerce=lambda v: v == "yes",
                                            choices=(("yes", _("Yes")), ("no", _("No"))))
    note = forms.CharField(label=capfirst(_("follow-up note")), max_length=200, required=False)

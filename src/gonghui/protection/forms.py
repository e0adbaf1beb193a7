from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.fields import ScopedCodeField
from gonghui.core.forms import BootstrapFormMixin
from gonghui.orgs.selectors import live_orgs_for, units_for

from . import selectors, services
from .choices import AwardCategory, ChecklistItem, FixMode, InspectionKind, InspectionStatus, RoundStatus, Severity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InspectionForm(BootstrapFormMixin, forms.Form):
    """Record an inspection of an employer, or edit it."""

    org = ScopedCodeField(label=capfirst(_("inspecting union")), suggest_url_name="orgs:org_autocomplete")
    unit = ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete")
    kind = forms.ChoiceField(label=capfirst(_("kind of inspection")), choices=InspectionKind.choices)
    campaign = forms.CharField(label=capfirst(_("special campaign")), required=False, max_length=100,
                               help_text=_("For example 农民工工资支付专项检查; inspections with the same name "
                                           "make up one campaign."))
    inspected_on = forms.DateField(label=capfirst(_("inspected on")), widget=DATE)
    inspectors = forms.CharField(label=capfirst(_("inspectors")), max_length=200)
    summary = forms.CharField(label=capfirst(_("summary")), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.INSPECTION_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))
        self.fields["unit"].queryset = units_for(user)
        if instance is not None:
            del self.fields["org"], self.fields["unit"]

    def save(self):
        d = dict(self.cleaned_data)
        data = {k: d[k] for k in services.INSPECTION_FIELDS}
        return services.save_inspection(self.user, self.instance, d.get("org"), unit=d.get("unit"), **data)


class FindingForm(BootstrapFormMixin, forms.Form):
    """Record a problem found at an inspection (reached from the inspection's page), or edit it."""

    inspection = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    item = forms.ChoiceField(label=capfirst(_("checklist item")), choices=ChecklistItem.choices)
    description = forms.CharField(label=capfirst(_("problem found")), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=4000)
    severity = forms.ChoiceField(label=capfirst(_("severity")), choices=Severity.choices)
    fix_mode = forms.ChoiceField(label=capfirst(_("to be fixed")), choices=FixMode.choices,
                                 initial=FixMode.BY_DEADLINE)
    deadline = forms.DateField(label=capfirst(_("fix by")), required=False, widget=DATE,
                               help_text=_("Empty: 30 days after the inspection."))
    arrears_workers = forms.IntegerField(label=capfirst(_("workers owed wages")), min_value=0, required=False)
    arrears_amount = forms.CharField(label=capfirst(_("wage arrears found (yuan)")), required=False, max_length=30)
    arrears_names = forms.CharField(
        label=_("Workers owed wages, by name"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: the name, then the amount owed (张三 3200). Needed to open a rights case."))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        initial = kwargs.setdefault("initial", {})
        if instance is not None:
            initial.update(item=instance.item, description=instance.description, severity=instance.severity,
                           fix_mode=instance.fix_mode, deadline=instance.deadline,
                           arrears_workers=instance.arrears_workers, arrears_amount=instance.arrears_amount or "",
                           arrears_names=services.arrears_names_text(instance))
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["inspection"], self.fields["fix_mode"]
            if not instance.is_open or instance.fix_mode == FixMode.AT_ONCE:
                del self.fields["deadline"]
        else:
            self.fields["inspection"].queryset = selectors.inspections_for(user).filter(status=InspectionStatus.OPEN)

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_finding(
            self.user, self.instance, d.get("inspection"), item=d["item"], description=d["description"],
            severity=d["severity"], fix_mode=d.get("fix_mode"), deadline=d.get("deadline"),
            arrears_workers=d.get("arrears_workers") or 0, arrears_amount=d.get("arrears_amount") or "0",
            arrears_names=d.get("arrears_names") or "")


class RespondForm(BootstrapFormMixin, forms.Form):
    responded_on = forms.DateField(label=capfirst(_("responded on")), widget=DATE)
    response = forms.CharField(label=capfirst(_("the employer's response")), max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class FixForm(BootstrapFormMixin, forms.Form):
    reinspected_on = forms.DateField(label=capfirst(_("re-inspected on")), widget=DATE)
    note = forms.CharField(label=_("What the re-inspection found"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RefixForm(BootstrapFormMixin, forms.Form):
    reinspected_on = forms.DateField(label=capfirst(_("re-inspected on")), widget=DATE)
    deadline = forms.DateField(label=_("New deadline"), widget=DATE)
    note = forms.CharField(label=_("What is still to be fixed"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RecoveryForm(BootstrapFormMixin, forms.Form):
    recovered_workers = forms.IntegerField(label=capfirst(_("workers paid")), min_value=0)
    amount_recovered = forms.CharField(label=capfirst(_("arrears recovered (yuan)")), max_length=30,
                                       help_text=_("The totals so far, not what was added."))


class AgreementForm(BootstrapFormMixin, forms.Form):
    unit = ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete")
    signed_on = forms.DateField(label=capfirst(_("agreement signed on")), required=False, widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("agreement ends on")), required=False, widget=DATE)
    committee = forms.BooleanField(label=capfirst(_("labour protection supervision committee")), required=False)
    one_law_three_cards = forms.BooleanField(label=_("一法三卡 adopted"), required=False)
    notes = forms.CharField(label=capfirst(_("notes")), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.AGREEMENT_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        if instance is not None:
            del self.fields["unit"]

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_agreement(self.user, self.instance, d.get("unit"),
                                       **{k: d[k] for k in services.AGREEMENT_FIELDS})


# --- 安康杯 ------------------------------------------------------------------------------------------------------

class RoundForm(BootstrapFormMixin, forms.Form):
    """A 安康杯 round organised by a union, or its edit while open."""

    org = ScopedCodeField(label=capfirst(_("organised by")), suggest_url_name="orgs:org_autocomplete")
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000, max_value=2100)
    title = forms.CharField(label=capfirst(_("title")), max_length=200)
    criteria = forms.CharField(label=capfirst(_("scoring criteria")), widget=forms.Textarea(attrs={"rows": 6}),
                               max_length=4000,
                               help_text=_("One criterion a line, then its full points: 安全生产责任制 20."))
    quota_enterprise = forms.IntegerField(label=capfirst(_("quota of winning enterprises")), min_value=0,
                                          max_value=10000, initial=0)
    quota_organiser = forms.IntegerField(label=capfirst(_("quota of excellent organising units")), min_value=0,
                                         max_value=10000, initial=0)
    quota_team = forms.IntegerField(label=capfirst(_("quota of winning teams")), min_value=0, max_value=10000,
                                    initial=0)
    quota_individual = forms.IntegerField(label=capfirst(_("quota of excellent individuals")), min_value=0,
                                          max_value=10000, initial=0)

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.ROUND_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))
        if instance is not None:
            del self.fields["org"]

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_round(self.user, self.instance, d.get("org"),
                                   **{k: d[k] for k in services.ROUND_FIELDS})


class EnrolmentForm(BootstrapFormMixin, forms.Form):
    round = forms.ModelChoiceField(label=capfirst(_("安康杯 round")), queryset=None)
    unit = ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete")
    enrolled_on = forms.DateField(label=capfirst(_("enrolled on")), widget=DATE)
    workers = forms.IntegerField(label=capfirst(_("workers taking part")), min_value=0, initial=0)

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.ENROLMENT_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = selectors.rounds_for(user).filter(status=RoundStatus.OPEN)
        self.fields["unit"].queryset = units_for(user)
        if instance is not None:
            del self.fields["round"], self.fields["unit"]

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_enrolment(self.user, self.instance, d.get("round"), unit=d.get("unit"),
                                       **{k: d[k] for k in services.ENROLMENT_FIELDS})


class ScoreForm(BootstrapFormMixin, forms.Form):
    """One field per criterion of the enrolment's round, labelled with its full points."""

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = services.parse_criteria(enrolment.round.criteria)
        for i, (name, full) in enumerate(self.criteria):
            self.fields[services.criterion_field(i)] = forms.DecimalField(
                label=f"{name}（{full}）", min_value=0, max_value=full, decimal_places=2,
                initial=enrolment.scores.get(name))

    def points(self):
        return {name: self.cleaned_data.get(services.criterion_field(i)) for i, (name, _full) in
                enumerate(self.criteria)}


class AwardForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label=capfirst(_("category")), choices=AwardCategory.choices)
    enrolment = forms.ModelChoiceField(label=capfirst(_("employer enrolled")), queryset=None, required=False,
                                       help_text=_("Every category but the organising units."))
    org = ScopedCodeField(label=_("Organising unit (a union)"), required=False,
                          suggest_url_name="orgs:org_autocomplete",
                          help_text=_("For an excellent organising unit."))
    name = forms.CharField(label=_("Team or person awarded"), required=False, max_length=200,
                           help_text=_("For a winning team or an excellent individual."))

    def __init__(self, *args, round, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = round.enrolments.select_related("unit").order_by("-score", "id")
        self.fields["enrolment"].label_from_instance = lambda e: f"{e.unit.name}（{e.score or '—'}）"
        self.fields["org"].queryset = live_orgs_for(user)


# --- 群监员, accidents, photos -----------------------------------------------------------------------------------

class InspectorForm(BootstrapFormMixin, forms.Form):
    member = ScopedCodeField(label=capfirst(_("member")), code_field="member_no",
                             help_text=_("The member number (会员编号)."))
    trained_on = forms.DateField(label=capfirst(_("trained on")), required=False, widget=DATE)
    certificate_no = forms.CharField(label=capfirst(_("certificate number")), required=False, max_length=40)
    active = forms.BooleanField(label=capfirst(_("serving")), required=False, initial=True)

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.INSPECTOR_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.members_for(user)
        if instance is not None:
            del self.fields["member"]

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_inspector(self.user, self.instance, d.get("member"),
                                       **{k: d[k] for k in services.INSPECTOR_FIELDS})


class ReportForm(BootstrapFormMixin, forms.Form):
    reported_on = forms.DateField(label=capfirst(_("reported on")), widget=DATE)
    problems_found = forms.IntegerField(label=capfirst(_("problems found")), min_value=0, initial=0)
    violations_stopped = forms.IntegerField(label=capfirst(_("violations stopped")), min_value=0, initial=0)
    description = forms.CharField(label=capfirst(_("what was found")), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class AccidentForm(BootstrapFormMixin, forms.Form):
    org = ScopedCodeField(label=capfirst(_("union")), suggest_url_name="orgs:org_autocomplete")
    unit = ScopedCodeField(label=capfirst(_("employer unit")), code_field="credit_code",
                           suggest_url_name="orgs:unit_autocomplete")
    occurred_on = forms.DateField(label=capfirst(_("occurred on")), widget=DATE)
    description = forms.CharField(label=capfirst(_("what happened")), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    deaths = forms.IntegerField(label=capfirst(_("deaths")), min_value=0, max_value=10000, initial=0)
    injuries = forms.IntegerField(label=capfirst(_("injuries")), min_value=0, max_value=10000, initial=0)
    cause = forms.CharField(label=capfirst(_("cause found (原因未查清不放过)")), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    responsibility = forms.CharField(label=capfirst(_("those responsible dealt with (责任人员未处理不放过)")),
                                     required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label=capfirst(_("measures taken (整改措施未落实不放过)")), required=False,
                               max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    education = forms.CharField(label=capfirst(_("workers educated (有关人员未受到教育不放过)")), required=False,
                                max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    union_findings = forms.CharField(label=capfirst(_("the union's findings")), required=False, max_length=4000,
                                     widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user, self.instance = user, instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update({n: getattr(instance, n) for n in services.ACCIDENT_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = live_orgs_for(user).filter(scope.action_filter(user, "change", ""))
        self.fields["unit"].queryset = units_for(user)
        if instance is not None:
            del self.fields["org"], self.fields["unit"]

    def save(self):
        d = dict(self.cleaned_data)
        return services.save_accident(self.user, self.instance, d.get("org"), unit=d.get("unit"),
                                      **{k: d[k] for k in services.ACCIDENT_FIELDS})


class PhotoForm(BootstrapFormMixin, forms.Form):
    photo = forms.FileField(label=_("Photo of the hazard"), help_text=_("JPG or PNG, at most 5 MB."))

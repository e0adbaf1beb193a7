from gonghui.core import scope
from gonghui.core.forms import ScopedModelForm
from gonghui.members.models import Member
from gonghui.orgs.models import EmployerUnit

from . import services
from .models import CareVisit, ContactArea, ContactAssignment, ContactVisit, CustodyAgreement, CustodyMember


class CustodyForm(ScopedModelForm):
    service = staticmethod(services.save_custody)

    class Meta:
        model = CustodyAgreement
        fields = ["org", "counterpart", "signed_on", "starts_on", "ends_on", "notes"]


class CustodyMemberForm(ScopedModelForm):
    class Meta:
        model = CustodyMember
        fields = ["member", "since"]

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["member"].queryset = Member.objects.for_user(self.user).filter(status="active")
        self.fields["since"].required = False

    def save(self, commit=True):
        return services.add_custody_member(self.user, self.agreement, member=self.cleaned_data.get("member"),
                                           since=self.cleaned_data.get("since"))


class AreaForm(ScopedModelForm):
    class Meta:
        model = ContactArea
        fields = ["org", "name", "lead", "unions", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unions"].disabled = False  # the unions of an area change; its own union does not
        self.fields["unions"].queryset = scope.orgs_for(self.user).order_by("path")

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        return services.save_area(self.user, self.instance if self.instance.pk else None, **data)


class ContactForm(ScopedModelForm):
    service = staticmethod(services.save_contact)

    class Meta:
        model = ContactAssignment
        fields = ["org", "cadre", "unit", "since", "until", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = EmployerUnit.objects.for_user(self.user).order_by("name")


class ContactVisitForm(ScopedModelForm):
    class Meta:
        model = ContactVisit
        fields = ["visited_on", "problems", "problems_raised", "problems_solved", "notes"]

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        return services.save_contact_visit(self.user, self.instance if self.instance.pk else None,
                                           assignment=self.assignment, **data)


class CareVisitForm(ScopedModelForm):
    service = staticmethod(services.save_visit)

    class Meta:
        model = CareVisit
        fields = ["org", "kind", "visited_on", "member", "unit", "person", "visitors", "amount", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.for_user(self.user).filter(status="active")
        self.fields["unit"].queryset = EmployerUnit.objects.for_user(self.user).order_by("name")

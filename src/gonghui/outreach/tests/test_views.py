"""The pages and API of contacts and the service network through the kit's generic checks."""

from gonghui.core.testing import ModelViewTests, make_credit_code, make_phone
from gonghui.members.models import Member
from gonghui.members.services import create_member
from gonghui.members.testing import member_data
from gonghui.orgs.models import EmployerUnit

from ..models import (
    CareVisit,
    Consultation,
    ContactArea,
    ContactAssignment,
    ContactVisit,
    CustodyAgreement,
    CustodyMember,
    Mediator,
    PartnerMeeting,
    ServicePoint,
)


def _views(name, model, api, *, edit=True, delete=True, detail=True):
    return {"model": model, "list_url_name": f"outreach:{name}_list",
            "detail_url_name": f"outreach:{name}_detail" if detail else None,
            "edit_url_name": f"outreach:{name}_edit" if edit else None,
            "delete_url_name": f"outreach:{name}_delete" if delete else None, "api_path": f"/api/v1/{api}/"}


class TestCustodyViews(ModelViewTests):
    locals().update(_views("custody", CustodyAgreement, "custody-agreements"))

    def form_data(self, obj, marker):
        return {"counterpart": marker, "signed_on": "2025-03-01", "starts_on": "2025-03-01", "ends_on": "2027-02-28"}

    def check_saved(self, obj, marker):
        assert obj.counterpart == marker

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "counterpart": marker, "signed_on": "2025-01-02", "starts_on": "2025-01-02",
                "ends_on": "2026-01-01"}

    def api_update(self, obj, marker):
        return {"counterpart": marker}


class TestCustodyMemberViews(ModelViewTests):
    locals().update(_views("custodymember", CustodyMember, "custody-members", edit=False, detail=False))

    def build(self, org, actor, marker):
        create_member(actor, org, member_data(name="未托管"))  # one the API may add
        return super().build(org, actor, marker)

    def api_payload(self, tree, marker):
        agreement = CustodyAgreement.objects.filter(org=tree["EA1"]).first()
        member = Member.objects.filter(org=tree["EA1"], name="未托管").first()
        return {"agreement": agreement.pk, "member": member.pk, "since": "2025-03-01"}

    def api_update(self, obj, marker):
        return {"since": "2025-03-02"}

    def test_api_list_retrieve_create_update_answer_the_same_shape(self):
        """A covered member is added or removed, never edited (the API refuses an update)."""


class TestAreaViews(ModelViewTests):
    locals().update(_views("area", ContactArea, "contact-areas"))

    def form_data(self, obj, marker):
        return {"name": marker, "lead": "赵敏", "unions": [obj.org_id]}

    def check_saved(self, obj, marker):
        assert obj.name == marker and list(obj.unions.values_list("pk", flat=True)) == [obj.org_id]

    def api_payload(self, tree, marker):
        return {"org": tree["A"].pk, "name": marker, "lead": "赵敏", "unions": [tree["EA1"].pk, tree["EA2"].pk]}

    def api_update(self, obj, marker):
        return {"name": marker}


class TestContactViews(ModelViewTests):
    locals().update(_views("contact", ContactAssignment, "contact-assignments"))

    def form_data(self, obj, marker):
        return {"cadre": marker, "unit": obj.unit_id, "since": "2025-03-01"}

    def check_saved(self, obj, marker):
        assert obj.cadre == marker

    def api_payload(self, tree, marker):
        unit = EmployerUnit.objects.create(name=f"{marker}厂", credit_code=make_credit_code(), ownership="private",
                                           industry="C", employee_count=40, area_org=tree["A1"], union=tree["EA2"])
        return {"org": tree["EA2"].pk, "cadre": marker, "unit": unit.pk, "since": "2025-01-01"}

    def api_update(self, obj, marker):
        return {"cadre": marker}


class TestContactVisitViews(ModelViewTests):
    locals().update(_views("contactvisit", ContactVisit, "contact-visits"))

    def form_data(self, obj, marker):
        return {"visited_on": "2025-06-04", "problems": marker, "problems_raised": 3, "problems_solved": 3}

    def check_saved(self, obj, marker):
        assert obj.problems == marker and obj.problems_solved == 3

    def api_payload(self, tree, marker):
        assignment = ContactAssignment.objects.filter(org=tree["EA1"]).first()
        return {"assignment": assignment.pk, "visited_on": "2025-06-05", "problems": marker, "problems_raised": 1,
                "problems_solved": 0}

    def api_update(self, obj, marker):
        return {"problems": marker}


class TestCareVisitViews(ModelViewTests):
    locals().update(_views("visit", CareVisit, "care-visits"))

    def form_data(self, obj, marker):
        return {"kind": "illness", "visited_on": "2025-05-07", "member": obj.member_id, "visitors": marker,
                "amount": "800.00"}

    def check_saved(self, obj, marker):
        assert obj.visitors == marker and str(obj.amount) == "800.00"

    def api_payload(self, tree, marker):
        unit = EmployerUnit.objects.create(name=f"{marker}纺织厂", credit_code=make_credit_code(),
                                           ownership="private", industry="C", employee_count=40, area_org=tree["A1"],
                                           union=tree["EA2"])
        return {"org": tree["EA2"].pk, "kind": "employer", "visited_on": "2025-02-03", "unit": unit.pk,
                "visitors": marker, "amount": "0"}

    def api_update(self, obj, marker):
        return {"visitors": marker}


class TestMeetingViews(ModelViewTests):
    locals().update(_views("meeting", PartnerMeeting, "partner-meetings"))

    def form_data(self, obj, marker):
        return {"kind": "tripartite", "held_on": "2025-04-09", "partners": marker, "issues": "工资集体协商"}

    def check_saved(self, obj, marker):
        assert obj.partners == marker and obj.kind == "tripartite"

    def api_payload(self, tree, marker):
        return {"org": tree["A"].pk, "kind": "party", "held_on": "2025-01-09", "partners": marker, "issues": "建会"}

    def api_update(self, obj, marker):
        return {"partners": marker}


class TestPointViews(ModelViewTests):
    locals().update(_views("point", ServicePoint, "service-points"))

    def form_data(self, obj, marker):
        return {"kind": "centre", "name": marker, "address": "人民路1号", "services": "帮扶", "staff": 5,
                "opening_hours": "9:00-17:00", "active": "on"}

    def check_saved(self, obj, marker):
        assert obj.name == marker and obj.kind == "centre"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "kind": "point", "name": marker, "address": "建设路8号", "services": "咨询",
                "staff": 1, "opening_hours": "周六 9:00-12:00"}

    def api_update(self, obj, marker):
        return {"name": marker}


class TestMediatorViews(ModelViewTests):
    locals().update(_views("mediator", Mediator, "mediators"))

    def form_data(self, obj, marker):
        return {"committee": marker, "name": obj.name, "phone": make_phone(), "since": "2025-03-01", "active": "on"}

    def check_saved(self, obj, marker):
        assert obj.committee == marker

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "committee": "调委会", "name": marker, "phone": make_phone(),
                "since": "2024-01-01"}

    def api_update(self, obj, marker):
        return {"speciality": marker}


class TestConsultationViews(ModelViewTests):
    locals().update(_views("consultation", Consultation, "consultations"))

    def form_data(self, obj, marker):
        return {"kind": "policy", "channel": "visit", "consulted_on": "2025-07-02", "subject": marker, "people": 2}

    def check_saved(self, obj, marker):
        assert obj.subject == marker and obj.people == 2

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "kind": "employment", "channel": "online", "consulted_on": "2025-07-03",
                "subject": marker, "people": 1}

    def api_update(self, obj, marker):
        return {"subject": marker}

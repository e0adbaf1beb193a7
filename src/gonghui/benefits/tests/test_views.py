"""The pages and API of every benefits model, through the kit's shared checks."""

import datetime

from gonghui.benefits.models import (
    AidClaim,
    AidRound,
    InsuranceClaim,
    InsurancePlan,
    LoanApplication,
    LoanQuota,
    Merchant,
    ServiceCard,
)
from gonghui.benefits.testing import card_number, make_member, make_plan, make_round
from gonghui.core.testing import ModelViewTests

TODAY = datetime.date.today()


class _Member:
    """The API's create needs a member of the sibling union."""

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        sibling = org.get_siblings().exclude(pk=org.pk).first()
        if sibling is not None:
            make_member(actor, sibling, f"{marker}S")
        return obj

    def sibling_member(self, tree):
        from gonghui.members.models import Member

        return Member.objects.filter(org=tree["EA2"]).order_by("-id").first()


class TestCardViews(_Member, ModelViewTests):
    model = ServiceCard
    list_url_name, detail_url_name, edit_url_name = "benefits:card_list", "benefits:card_detail", "benefits:card_edit"
    api_path = "/api/v1/service-cards/"

    def form_data(self, obj, marker):
        return {"bank": "建设银行", "batch": marker}

    def check_saved(self, obj, marker):
        assert obj.bank == "建设银行" and obj.batch == marker

    def api_payload(self, tree, marker):
        return {"member_no": self.sibling_member(tree).member_no, "card_number": card_number(), "bank": "农业银行",
                "issued_on": TODAY.isoformat()}

    def api_update(self, obj, marker):
        return {"batch": marker}


class TestMerchantViews(ModelViewTests):
    model = Merchant
    list_url_name, detail_url_name = "benefits:merchant_list", "benefits:merchant_detail"
    edit_url_name, delete_url_name = "benefits:merchant_edit", "benefits:merchant_delete"
    api_path = "/api/v1/benefit-merchants/"

    def form_data(self, obj, marker):
        return {"name": marker, "category": "food", "address": obj.address, "discount": "八八折",
                "contract_number": obj.contract_number, "contract_signed_on": obj.contract_signed_on.isoformat(),
                "contract_starts_on": obj.contract_starts_on.isoformat(),
                "contract_ends_on": obj.contract_ends_on.isoformat()}

    def check_saved(self, obj, marker):
        assert obj.name == marker and obj.discount == "八八折"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "category": "health", "address": "人民路2号",
                "discount": "药品九折"}

    def api_update(self, obj, marker):
        return {"name": marker}


class TestRoundViews(ModelViewTests):
    model = AidRound
    list_url_name, detail_url_name, edit_url_name = "benefits:round_list", "benefits:round_detail", \
        "benefits:round_edit"
    api_path = "/api/v1/aid-rounds/"

    def form_data(self, obj, marker):
        return {"year": obj.year, "name": marker, "contribution": "40", "starts_on": obj.starts_on.isoformat(),
                "ends_on": obj.ends_on.isoformat()}

    def check_saved(self, obj, marker):
        assert obj.name == marker and str(obj.contribution) == "40.00"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "year": TODAY.year, "name": marker, "contribution": "30",
                "starts_on": f"{TODAY.year}-01-01", "ends_on": f"{TODAY.year}-12-31"}

    def api_update(self, obj, marker):
        return {"name": marker}


class TestClaimViews(_Member, ModelViewTests):
    model = AidClaim
    list_url_name, detail_url_name, edit_url_name = "benefits:claim_list", "benefits:claim_detail", \
        "benefits:claim_edit"
    api_path = "/api/v1/aid-claims/"

    def build(self, org, actor, marker):
        from gonghui.benefits.services import enrol

        obj = super().build(org, actor, marker)
        sibling = self.sibling_member_of(org)
        if sibling is not None:
            rnd = make_round(actor, sibling.org, name=f"{marker}S互助")
            enrol(actor, rnd, [sibling])
        return obj

    def sibling_member_of(self, org):
        from gonghui.members.models import Member

        return Member.objects.filter(org__in=org.get_siblings().exclude(pk=org.pk)).order_by("-id").first()

    def form_data(self, obj, marker):
        return {"description": marker}

    def check_saved(self, obj, marker):
        assert obj.description == marker

    def api_payload(self, tree, marker):
        member = self.sibling_member(tree)
        rnd = AidRound.objects.filter(enrolments__member=member).first()
        return {"member_no": member.member_no, "rate": rnd.rates.first().pk, "amount": "800",
                "treated_on": TODAY.isoformat(), "channel": "bank", "bank_account": "6222020200112233445"}

    def api_update(self, obj, marker):
        return {"description": marker}


class TestLoanViews(_Member, ModelViewTests):
    model = LoanApplication
    list_url_name, detail_url_name, edit_url_name = "benefits:loan_list", "benefits:loan_detail", \
        "benefits:loan_edit"
    api_path = "/api/v1/micro-loans/"

    def form_data(self, obj, marker):
        return {"applicant_kind": "other", "purpose": "start", "project_kind": "stall", "registered_unemployed": "on",
                "amount": "40,000", "applied_on": obj.applied_on.isoformat(), "guarantee": "担保", "notes": marker}

    def check_saved(self, obj, marker):
        assert obj.notes == marker and str(obj.amount) == "40000.00"

    def api_payload(self, tree, marker):
        return {"member_no": self.sibling_member(tree).member_no, "applicant_kind": "graduate", "purpose": "start",
                "project_kind": "service", "registered_unemployed": True, "amount": "90000",
                "applied_on": TODAY.isoformat()}

    def api_update(self, obj, marker):
        return {"notes": marker}


class TestQuotaViews(ModelViewTests):
    model = LoanQuota
    list_url_name, detail_url_name, edit_url_name = "benefits:quota_list", "benefits:quota_detail", \
        "benefits:quota_edit"
    api_path = "/api/v1/loan-quotas/"

    def form_data(self, obj, marker):
        return {"year": obj.year, "cap": "6,000,000", "notes": marker}

    def check_saved(self, obj, marker):
        assert obj.notes == marker and str(obj.cap) == "6000000.00"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "year": TODAY.year, "cap": "1000000", "notes": marker}

    def api_update(self, obj, marker):
        return {"notes": marker}


class TestPlanViews(ModelViewTests):
    model = InsurancePlan
    list_url_name, detail_url_name, edit_url_name = "benefits:plan_list", "benefits:plan_detail", \
        "benefits:plan_edit"
    api_path = "/api/v1/insurance-plans/"

    def form_data(self, obj, marker):
        return {"kind": "women", "year": obj.year, "name": marker, "insurer": "平安保险", "premium": "50",
                "sum_insured": "8,000", "starts_on": obj.starts_on.isoformat(), "ends_on": obj.ends_on.isoformat()}

    def check_saved(self, obj, marker):
        assert obj.name == marker and str(obj.sum_insured) == "8000.00"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "kind": "model", "year": TODAY.year, "name": marker, "insurer": "人保",
                "premium": "100", "sum_insured": "50000", "starts_on": f"{TODAY.year}-01-01",
                "ends_on": f"{TODAY.year}-12-31"}

    def api_update(self, obj, marker):
        return {"name": marker}


class TestInsuranceClaimViews(ModelViewTests):
    model = InsuranceClaim
    list_url_name, detail_url_name, edit_url_name = "benefits:iclaim_list", "benefits:iclaim_detail", \
        "benefits:iclaim_edit"
    api_path = "/api/v1/insurance-claims/"

    def build(self, org, actor, marker):
        from gonghui.benefits.services import enrol_insured

        obj = super().build(org, actor, marker)
        sibling = org.get_siblings().exclude(pk=org.pk).first()
        if sibling is not None:
            member = make_member(actor, sibling, f"{marker}S", gender="F")
            enrol_insured(actor, make_plan(actor, sibling, name=f"{marker}S安康"), [member])
        return obj

    def form_data(self, obj, marker):
        return {"event": marker}

    def check_saved(self, obj, marker):
        assert obj.event == marker

    def api_payload(self, tree, marker):
        plan = InsurancePlan.objects.filter(org=tree["EA2"]).order_by("-id").first()
        member = plan.enrolments.first().member
        return {"plan": plan.pk, "member_no": member.member_no, "event": marker, "occurred_on": TODAY.isoformat(),
                "amount": "3000"}

    def api_update(self, obj, marker):
        return {"event": marker}

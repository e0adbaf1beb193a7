"""The pages and API of every honours record, the kit's way (ModelViewTests): data only."""

import datetime

from gonghui.core.testing import ModelViewTests, make_id_number
from gonghui.honours import services
from gonghui.honours.models import (
    AllowanceRule,
    CareRound,
    HonourScheme,
    ModelWorker,
    PaymentRun,
    Recommendation,
    SelectionRound,
    SupportRecord,
)
from gonghui.honours.testing import make_rule, make_scheme, make_worker


class TestSchemeViews(ModelViewTests):
    model = HonourScheme
    list_url_name, detail_url_name = "honours:scheme_list", "honours:scheme_detail"
    edit_url_name, delete_url_name = "honours:scheme_edit", "honours:scheme_delete"
    api_path = "/api/v1/honour-schemes/"

    def form_data(self, obj, marker):
        return {"name": f"{marker}奖", "category": "vanguard", "level": "city", "recipient": "team",
                "cycle_years": 3, "active": "on"}

    def check_saved(self, obj, marker):
        assert obj.recipient == "team" and obj.cycle_years == 3

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": f"{marker}奖", "category": "activist", "level": "district",
                "recipient": "person", "cycle_years": 2}

    def api_update(self, obj, marker):
        return {"name": f"{marker}新"}


class TestRoundViews(ModelViewTests):
    model = SelectionRound
    list_url_name, detail_url_name, edit_url_name = "honours:round_list", "honours:round_detail", "honours:round_edit"
    api_path = "/api/v1/honour-rounds/"

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        make_scheme(actor, org.get_siblings().exclude(pk=org.pk).first(), name=f"{marker}奖")
        return obj

    def form_data(self, obj, marker):
        return {"year": 2026, "name": f"{marker}评选", "notice_days": 7}

    def check_saved(self, obj, marker):
        assert obj.notice_days == 7

    def api_payload(self, tree, marker):
        scheme = HonourScheme.objects.filter(org=tree["EA2"]).latest("pk")
        return {"scheme": scheme.pk, "year": 2026, "name": f"{marker}评选", "notice_days": 5}

    def api_update(self, obj, marker):
        return {"name": f"{marker}改"}


class TestRecommendationViews(ModelViewTests):
    model = Recommendation
    list_url_name, detail_url_name = "honours:recommendation_list", "honours:recommendation_detail"
    edit_url_name = "honours:recommendation_edit"
    api_path = "/api/v1/honour-recommendations/"

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        for sibling in org.get_siblings().exclude(pk=org.pk):
            services.set_quota(actor, obj.round, sibling, 3)
        return obj

    def form_data(self, obj, marker):
        return {"nominee": marker, "id_number": obj.id_number, "employer": "第三钢铁厂", "deeds": "节能降耗",
                "meeting": "职工代表大会", "meeting_on": "2026-03-02", "votes_for": 50, "votes_total": 60}

    def check_saved(self, obj, marker):
        assert obj.employer == "第三钢铁厂" and obj.votes_for == 50

    def api_payload(self, tree, marker):
        rnd = Recommendation.objects.filter(org=tree["EA1"]).latest("pk").round
        return {"round": rnd.pk, "org": tree["EA2"].pk, "nominee": marker, "id_number": make_id_number(),
                "employer": "第四化工厂", "deeds": "安全生产", "meeting": "职代会", "meeting_on": "2026-03-01",
                "votes_for": 30, "votes_total": 31}

    def api_update(self, obj, marker):
        return {"nominee": marker}


class TestWorkerViews(ModelViewTests):
    model = ModelWorker
    list_url_name, detail_url_name, edit_url_name = "honours:worker_list", "honours:worker_detail", \
        "honours:worker_edit"
    api_path = "/api/v1/model-workers/"

    def form_data(self, obj, marker):
        return {"name": marker, "id_number": obj.id_number, "employer": "第五电厂", "level": "city",
                "bank_name": "农业银行", "bank_account": "6228480012345678901"}

    def check_saved(self, obj, marker):
        assert obj.level == "city" and obj.bank_account == "6228480012345678901"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "id_number": make_id_number(), "employer": "第六厂",
                "level": "district"}

    def api_update(self, obj, marker):
        return {"employer": f"{marker}厂"}


class TestRuleViews(ModelViewTests):
    model = AllowanceRule
    list_url_name, detail_url_name = "honours:rule_list", "honours:rule_detail"
    edit_url_name, delete_url_name = "honours:rule_edit", "honours:rule_delete"
    api_path = "/api/v1/model-worker-allowance-rules/"

    def form_data(self, obj, marker):
        return {"level": obj.level, "worker_status": obj.worker_status, "kind": obj.kind, "amount": "1,200",
                "basis": f"{marker}号文"}

    def check_saved(self, obj, marker):
        assert str(obj.amount) == "1200.00"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "level": "national", "worker_status": "retired", "kind": "retirement",
                "amount": "800", "basis": marker}

    def api_update(self, obj, marker):
        return {"basis": marker}


class TestRunViews(ModelViewTests):
    model = PaymentRun
    list_url_name, detail_url_name, delete_url_name = "honours:run_list", "honours:run_detail", \
        "honours:run_delete"
    api_path = "/api/v1/model-worker-allowance-runs/"

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        sibling = org.get_siblings().exclude(pk=org.pk).first()
        if not AllowanceRule.objects.filter(org=sibling).exists():
            make_rule(actor, sibling)
        return obj

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "period": datetime.date(2025, 6, 1).isoformat(), "memo": marker}

    def api_update(self, obj, marker):
        return {"memo": marker}


class TestCareRoundViews(ModelViewTests):
    model = CareRound
    list_url_name, detail_url_name, edit_url_name = "honours:care_list", "honours:care_detail", "honours:care_edit"
    api_path = "/api/v1/model-worker-care-rounds/"

    def form_data(self, obj, marker):
        return {"name": f"{marker}体检", "year": 2026, "place": "市第一医院", "starts_on": "2026-06-01",
                "ends_on": "2026-06-02", "places": 9}

    def check_saved(self, obj, marker):
        assert obj.places == 9 and obj.place == "市第一医院"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "kind": "health_check", "name": f"{marker}体检", "year": 2026,
                "place": "市中心医院", "starts_on": "2026-04-01", "ends_on": "2026-04-01", "places": 20}

    def api_update(self, obj, marker):
        return {"name": f"{marker}改"}


class TestSupportViews(ModelViewTests):
    model = SupportRecord
    list_url_name, detail_url_name = "honours:support_list", "honours:support_detail"
    edit_url_name, delete_url_name = "honours:support_edit", "honours:support_delete"
    api_path = "/api/v1/model-worker-support/"

    def form_data(self, obj, marker):
        return {"worker": obj.worker_id, "kind": "study_grant", "occasion": f"{marker}助学",
                "given_on": "2026-02-01", "amount": "2,000", "beneficiary": "王小明"}

    def check_saved(self, obj, marker):
        assert obj.kind == "study_grant" and str(obj.amount) == "2000.00" and obj.beneficiary == "王小明"

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        make_worker(actor, org.get_siblings().exclude(pk=org.pk).first(), name=f"{marker}乙")
        return obj

    def api_payload(self, tree, marker):
        worker = ModelWorker.objects.filter(org=tree["EA2"]).latest("pk")
        return {"org": tree["EA2"].pk, "worker": worker.pk, "kind": "sick_visit", "occasion": f"{marker}住院慰问",
                "given_on": "2026-03-01", "amount": "300"}

    def api_update(self, obj, marker):
        return {"occasion": f"{marker}慰问"}

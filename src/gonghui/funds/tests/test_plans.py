"""Audit plans (审计计划): an auditing union plans audits of grassroots unions of its subtree for a year, by list or
by filter; one audit per union and plan year; the plan's page shows its progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.testing import ModelViewTests
from gonghui.funds import plans, services
from gonghui.funds.models import AuditPlan, FundAudit

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_plan_opens_one_audit_per_union_and_shows_its_progress(tree, users, client_for, api_for):
    staff = users["a_staff"]
    data = {"org": tree["A"], "year": 2025, "title": "2025年基层工会财务审计", "auditors": "A区经审会",
            "started_on": D(2025, 4, 1)}
    with pytest.raises(ValidationError) as err:
        plans.save_plan(staff, None, **data)
    assert "unions" in err.value.message_dict
    with pytest.raises(ValidationError):  # outside the auditing union's subtree
        plans.save_plan(users["root"], None, **data, unions=[tree["EB1"]])
    plan = plans.save_plan(staff, None, **data, unions=[tree["EA1"]])
    assert plans.add_unions(staff, plan, within=tree["A1"]) != []  # by filter: EA2 added, EA1 not twice
    assert sorted(FundAudit.objects.filter(plan=plan).values_list("org__code", flat=True)) == ["C01EA1", "C01EA2"]
    assert plans.add_unions(staff, plan, unions=[tree["EA1"], tree["EA2"]]) == []
    other = plans.save_plan(staff, None, **{**data, "title": "复审"}, unions=[tree["EA2"], tree["A1"]])
    assert FundAudit.objects.filter(org=tree["EA2"], year=2025, plan__isnull=False).count() == 1
    assert other.audits.count() == 1  # the street union itself (picked by list)

    ea1 = FundAudit.objects.get(plan=plan, org=tree["EA1"])
    services.close_audit(staff, ea1, conclusion="账实相符")
    assert plans.progress(plan) == (1, 2)
    page = client_for(staff).get(reverse("funds:plan_detail", args=[plan.pk]))
    assert page.status_code == 200 and "EA2公司工会" in page.text and "plan-progress" in page.text
    assert "已完成 1 / 计划 2" in page.text

    client = client_for(staff)
    res = client.post(reverse("funds:plan_add"), {"org": tree["A"].pk, "year": 2024, "title": "2024年审计",
                                                  "auditors": "A区经审会", "started_on": "2024-05-01",
                                                  "within": tree["A"].pk})
    assert res.status_code == 302, res.content
    assert AuditPlan.objects.get(year=2024).audits.count() == 2

    api = api_for(staff)
    res = api.post("/api/v1/fund-audit-plans/", {"org": tree["A"].pk, "year": 2023, "title": "2023年审计",
                                                 "auditors": "经审会", "started_on": "2023-05-01",
                                                 "unions": [tree["EA1"].pk]}, format="json")
    assert res.status_code == 201, res.content
    assert res.json()["progress"] == {"done": 0, "planned": 1}
    res = api.post(f"/api/v1/fund-audit-plans/{res.json()['id']}/unions/", {"unions": [tree["EB1"].pk]},
                   format="json")
    assert res.status_code == 400  # EB1 is outside district A's scope: not found
    res = api.post(f"/api/v1/fund-audit-plans/{AuditPlan.objects.get(year=2023).pk}/unions/",
                   {"unions": [tree["EA2"].pk]}, format="json")
    assert res.status_code == 201 and res.json()["progress"] == {"done": 0, "planned": 2}, res.content


class TestPlanViews(ModelViewTests):
    model = AuditPlan
    list_url_name, detail_url_name, edit_url_name = "funds:plan_list", "funds:plan_detail", "funds:plan_edit"
    api_path = "/api/v1/fund-audit-plans/"

    def form_data(self, obj, marker):
        return {"year": obj.year, "title": marker, "auditors": obj.auditors, "started_on": "2025-05-01", "note": ""}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "year": 2025, "title": marker, "auditors": "经审会",
                "started_on": "2025-05-01", "unions": [tree["EA2"].pk]}

    def api_update(self, obj, marker):
        return {"title": marker}

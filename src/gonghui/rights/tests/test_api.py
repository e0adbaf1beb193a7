"""The case API: intake, every workflow step as a POST action, errors as 400/409, scope as 404."""

import datetime

import pytest
from django.urls import reverse

from gonghui.core.testing import make_id_number
from gonghui.rights.models import Case

pytestmark = pytest.mark.django_db


def test_full_path_through_the_api(tree, users, unit_ea1, api_for):
    c = api_for(users["a_staff"])
    r = c.post(reverse("rights-case-list"), {
        "received_org": tree["A"].pk, "channel": "hotline_12351", "case_type": "wage_arrears", "unit": unit_ea1.pk,
        "facts": "拖欠工资", "amount_claimed": "5000",
        "workers": [{"name": "周八", "id_number": make_id_number(), "phone": "13700001111"}]}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["handling_org_code"] == tree["EA1"].code
    e = api_for(users["ea1_staff"])

    def act(name, data=None, who=e):
        return who.post(reverse(f"rights-case-{name}", args=[pk]), data or {}, format="json")

    assert act("accept").json()["status"] == "accepted"
    assert act("accept").status_code == 409
    assert act("start-mediation", {}).status_code == 400
    assert act("start-mediation", {"mediator": "郑调解员"}).json()["status"] == "mediating"
    today = datetime.date.today()
    assert act("record-session", {"held_on": today.isoformat(), "notes": "第一次调解"}).status_code == 200
    r = act("extend", {"new_deadline": (today + datetime.timedelta(days=30)).isoformat(), "worker_consent": True,
                       "employer_consent": False, "consent_note": "x"})
    assert r.status_code == 400 and "employer_consent" in r.json()
    r = act("close-with-outcome", {"outcome": "agreement", "agreement_amount": "5000",
                                   "paying_deadline": today.isoformat(), "amount_recovered": "4000"})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["total_recovered"] == "4000.00"
    assert act("record-recovery", {"amount_recovered": "5000"}).json()["amount_recovered"] == "5000.00"
    assert act("reopen", {"reason": "未按期支付"}).json()["status"] == "accepted"
    r = act("refer-legal-aid", {"provider_kind": "union_lawyer", "provider_name": "工会律师王某"})
    assert r.status_code == 200
    referral = Case.objects.get(pk=pk).legal_aid.get()
    r = act("legal-aid-result", {"referral": referral.pk, "result": "judgment", "result_on": today.isoformat(),
                                 "amount_recovered": "1000"})
    assert r.status_code == 200 and r.json()["legal_aid_recovered"] == "1000.00"
    r = act("route", {"kind": "up", "to_org": tree["A1"].pk, "reason": "企业工会调解困难"})
    assert r.status_code == 200
    # Out of scope: 404; a viewer: 403.
    assert api_for(users["b_staff"]).get(reverse("rights-case-detail", args=[pk])).status_code == 404
    assert act("accept", who=api_for(users["b_staff"])).status_code == 404
    assert act("reopen", {"reason": "x"}, who=api_for(users["a_viewer"])).status_code == 403
    detail = api_for(users["a_staff"]).get(reverse("rights-case-detail", args=[pk])).json()
    assert [p["kind"] for p in detail["path"]] == ["intake", "down", "up"]


def test_api_list_filters(tree, users, api_for):
    from gonghui.rights.testing import make_case

    make_case(users["a_staff"], tree["A1"], case_type="work_injury")
    make_case(users["a_staff"], tree["A1"])
    r = api_for(users["a_staff"]).get(reverse("rights-case-list"), {"case_type": "work_injury"})
    assert r.json()["count"] == 1
    assert api_for(users["b_staff"]).get(reverse("rights-case-list")).json()["count"] == 0

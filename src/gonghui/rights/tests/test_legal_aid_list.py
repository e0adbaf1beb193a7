"""The legal aid (法律援助) list, page and API: scoped like the cases, filtered (organisation subtree, status, result,
referred dates, lawyer or centre), sorted, paged, exported; the complainant masked by the case's privacy rule."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from gonghui.rights import services
from gonghui.rights.testing import make_case, worker

pytestmark = pytest.mark.django_db

D = datetime.timedelta
NAME = "钱多多"


@pytest.fixture
def referrals(tree, users, unit_ea1, t0):
    """A1 keeps a case about EA1's employer (concluded at a centre, 5000 recovered); A refers one to a union lawyer;
    B1 one of its own."""
    staff, b_staff = users["a_staff"], users["b_staff"]
    a1 = make_case(staff, tree["A1"], unit=unit_ea1, handling_org=tree["A1"], workers=[worker(NAME)], now=t0)
    services.accept_case(staff, a1, now=t0)
    r_a1 = services.refer_legal_aid(staff, a1, provider_kind="legal_aid_centre", provider_name="A区法律援助中心",
                                    now=t0 + D(days=1))
    r_a1 = services.record_legal_aid_result(staff, r_a1, result="arbitration_award", result_on=(t0 + D(days=30)).date(),
                                            amount_awarded="8000", amount_recovered="5000", now=t0 + D(days=31))
    a = make_case(staff, tree["A"], handling_org=tree["A"], workers=[worker("孙二")], now=t0)
    services.accept_case(staff, a, now=t0)
    r_a = services.refer_legal_aid(staff, a, provider_kind="union_lawyer", provider_name="王律师", now=t0 + D(days=10))
    b = make_case(b_staff, tree["B1"], handling_org=tree["B1"], workers=[worker("周三")], now=t0)
    services.accept_case(b_staff, b, now=t0)
    r_b = services.refer_legal_aid(b_staff, b, provider_kind="union_lawyer", provider_name="B区李律师",
                                   now=t0 + D(days=2))
    return {"a1": r_a1, "a": r_a, "b": r_b}


URL = "rights:legal_aid_list"


def _pks(response):
    return {row.record.pk for row in response.context["table"].paginated_rows}


def _csv(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


def test_the_list_is_scoped(referrals, users, client_for):
    url = reverse(URL)
    assert _pks(client_for(users["a_staff"]).get(url)) == {referrals["a1"].pk, referrals["a"].pk}
    assert _pks(client_for(users["b_staff"]).get(url)) == {referrals["b"].pk}
    # The union covering the employer sees the referral of the case about it (masked, below), not A's others.
    assert _pks(client_for(users["ea1_staff"]).get(url)) == {referrals["a1"].pk}
    body = client_for(users["a_staff"]).get(url).content.decode()
    assert "B区李律师" not in body and "王律师" in body
    assert referrals["a1"].case.get_absolute_url() in body  # each row opens its case


def test_filters(referrals, tree, users, client_for, t0):
    c = client_for(users["a_staff"])
    url = reverse(URL)
    a1, a = referrals["a1"].pk, referrals["a"].pk
    cases = [
        ({"within": tree["A1"].code}, {a1}),
        ({"within": tree["A"].code}, {a1, a}),
        ({"within": tree["B"].code}, set()),  # outside the scope: nothing, not B's
        ({"status": "concluded"}, {a1}),
        ({"status": "referred"}, {a}),
        ({"result": "arbitration_award"}, {a1}),
        ({"provider_kind": "union_lawyer"}, {a}),
        ({"provider": "援助中心"}, {a1}),
        ({"referred_from": (t0 + D(days=5)).date().isoformat()}, {a}),
        ({"referred_to": (t0 + D(days=5)).date().isoformat()}, {a1}),
        ({"referred_from": (t0 + D(days=1)).date().isoformat(), "referred_to": (t0 + D(days=1)).date().isoformat()},
         {a1}),
        ({"recovered": "yes"}, {a1}),
        ({"q": referrals["a"].case.reference_no}, {a}),
        ({"q": "王律师"}, {a}),
    ]
    for params, expected in cases:
        assert _pks(c.get(url, params)) == expected, params


def test_sorting_and_paging(referrals, tree, users, client_for, constant_queries):
    c = client_for(users["a_staff"])
    url = reverse(URL)
    rows = c.get(url, {"sort": "referred_at"}).context["table"].paginated_rows
    assert [r.record.pk for r in rows] == [referrals["a1"].pk, referrals["a"].pk]
    rows = c.get(url, {"sort": "-referred_at"}).context["table"].paginated_rows
    assert [r.record.pk for r in rows] == [referrals["a"].pk, referrals["a1"].pk]
    r = c.get(url, {"per_page": 1, "page": 2, "sort": "referred_at"})
    assert _pks(r) == {referrals["a"].pk} and r.context["table"].paginator.count == 2
    for i in range(3):
        case = make_case(users["a_staff"], tree["A"], handling_org=tree["A"], workers=[worker(f"工人{i}")])
        services.accept_case(users["a_staff"], case)
        services.refer_legal_aid(users["a_staff"], case, provider_kind="union_lawyer", provider_name=f"律师{i}")
    constant_queries(c, url)


def test_the_complainant_is_masked_by_the_cases_rule_on_the_page_and_in_exports(referrals, users, client_for):
    url = reverse(URL)
    ea1 = client_for(users["ea1_staff"])
    body = ea1.get(url).content.decode()
    assert "钱**" in body and NAME not in body
    text = _csv(ea1.get(url, {"export": "csv"}))
    assert referrals["a1"].case.reference_no in text and "钱**" in text and NAME not in text
    assert list(csv.reader(io.StringIO(text)))[1:]  # rows, not just the header
    xlsx = ea1.get(url, {"export": "xlsx"})
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content))
    cells = [str(c.value) for row in wb.active.iter_rows() for c in row]
    assert referrals["a1"].case.reference_no in cells and NAME not in cells and "钱**" in cells
    # A search by the name must not tell the employer's union who complained.
    assert _pks(ea1.get(url, {"q": NAME})) == set()
    # Staff on the case's path see and export the name.
    a_staff = client_for(users["a_staff"])
    assert NAME in a_staff.get(url).content.decode()
    assert NAME in _csv(a_staff.get(url, {"export": "csv"}))
    assert _pks(a_staff.get(url, {"q": NAME})) == {referrals["a1"].pk}
    # A viewer on the path sees it masked too.
    assert NAME not in _csv(client_for(users["a_viewer"]).get(url, {"export": "csv"}))


def test_linked_from_the_rights_pages_and_the_case(referrals, users, client_for):
    c = client_for(users["a_staff"])
    link = reverse(URL)
    for page in (reverse("rights:case_list"), reverse("rights:todo"), reverse("rights:warning_list")):
        assert f'href="{link}"' in c.get(page).content.decode(), page
    case = referrals["a"].case
    body = c.get(case.get_absolute_url()).content.decode()
    assert f'href="{link}?q={case.reference_no}"' in body


def test_api_list_uses_the_same_filters_and_masking(referrals, tree, users, api_for):
    url = reverse("legal-aid-referral-list")
    data = api_for(users["a_staff"]).get(url).json()
    assert {r["id"] for r in data["results"]} == {referrals["a1"].pk, referrals["a"].pk} and data["count"] == 2
    data = api_for(users["a_staff"]).get(url, {"within": tree["A1"].code, "status": "concluded"}).json()
    assert [r["id"] for r in data["results"]] == [referrals["a1"].pk]
    row = data["results"][0]
    assert row["complainant"] == NAME and row["identity_visible"] is True and row["amount_recovered"] == "5000.00"
    row = api_for(users["ea1_staff"]).get(url).json()["results"][0]
    assert row["complainant"] == "钱**" and row["identity_visible"] is False and NAME not in str(row)
    assert api_for(users["ea1_staff"]).get(url, {"q": NAME}).json()["count"] == 0
    detail = reverse("legal-aid-referral-detail", args=[referrals["b"].pk])
    assert api_for(users["a_staff"]).get(detail).status_code == 404
    assert api_for(users["b_staff"]).get(detail).status_code == 200
    assert api_for(users["a_staff"]).post(url, {}, format="json").status_code == 405  # read-only

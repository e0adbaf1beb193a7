import io

import openpyxl
import pytest

from gonghui.core.models import AuditLog
from gonghui.reports import indicators as ri
from gonghui.reports import services
from gonghui.reports.choices import ReportStatus
from gonghui.reports.models import Report

from .conftest import YEAR, fill, report_of

pytestmark = pytest.mark.django_db


def test_round_pages_and_progress_board(rnd, tree, users, client_for, a1_staff):
    root = users["root"]
    services.accept_report(root, services.submit_report(root, fill(root, report_of(rnd, tree["EA1"]))))
    services.return_report(root, services.submit_report(root, fill(root, report_of(rnd, tree["EB1"]))), "请核对")
    client = client_for(users["city_admin"])
    assert rnd.title in client.get("/reports/rounds/").content.decode()
    page = client.get(f"/reports/rounds/{rnd.pk}/").content.decode()
    assert tree["A"].name in page and tree["B"].name in page
    board = client.get(f"/reports/rounds/{rnd.pk}/").context["board"]
    assert board["total"] == 8 and board["counts"]["accepted"] == 1 and board["counts"]["returned"] == 1
    assert [c["org"].code for c in board["children"]] == ["C01A", "C01B"]
    assert board["children"][0]["counts"]["accepted"] == 1 and board["children"][0]["total"] == 4  # A, A1, EA1, EA2
    assert [r.org.code for r in board["lists"]["returned"]] == ["C01EB1"]
    # a district sees the city's round, but only its own part of the board
    board = client_for(users["a_staff"]).get(f"/reports/rounds/{rnd.pk}/").context["board"]
    assert board["top"] == tree["A"] and board["total"] == 4
    assert "C01EB1" not in {r.org.code for r in board["lists"]["not_submitted"]}
    # late: deadline passed, not submitted
    assert board["late"] == 3  # A, A1, EA2 (EA1 is accepted)
    body = client_for(users["a_staff"]).get("/reports/?late=yes&per_page=50").content.decode()
    assert tree["EA2"].name in body and tree["EA1"].name not in body


def test_open_round_page(tree, users, client_for, members):
    client = client_for(users["a_staff"])
    r = client.post("/reports/rounds/add/", {"org_code": "C01A", "year": YEAR, "deadline": "2025-03-31",
                                             "warn_change_share": "0.3"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Report.objects.filter(round__org=tree["A"]).count() == 4
    r = client.post("/reports/rounds/add/", {"org_code": "C01B", "year": YEAR, "deadline": "2025-03-31",
                                             "warn_change_share": "0.3"})
    assert r.status_code == 200 and not Report.objects.filter(round__org=tree["B"]).exists()


def test_report_list_filters_and_export(rnd, tree, users, client_for):
    client = client_for(users["a_staff"])
    r = client.get("/reports/", {"status": "draft", "within": "C01A1"})
    names = [row.record.org.code for row in r.context["table"].rows]
    assert sorted(names) == ["C01A1", "C01EA1", "C01EA2"]
    csv = b"".join(client.get("/reports/", {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert tree["EA1"].name in csv and tree["EB1"].name not in csv


def test_edit_form_shows_errors_next_to_fields(rnd, tree, users, client_for):
    report = report_of(rnd, tree["EA1"])
    client = client_for(users["ea1_staff"])
    form = client.get(f"/reports/{report.pk}/edit/").context["form"]
    post = {k: ("" if v is None else v) for k, v in ((name, form[name].value()) for name in form.fields)}
    post["members"] = 5
    r = client.post(f"/reports/{report.pk}/edit/", post)
    assert r.status_code == 200 and r.context["form"].errors["members"]
    post["members__reason"] = "补录"
    post["female_members"] = 9
    post["female_members__reason"] = "补录"
    r = client.post(f"/reports/{report.pk}/edit/", post)
    assert "female_members" in r.context["form"].errors
    post["female_members"] = 3
    post["fulltime_cadres"] = 2
    r = client.post(f"/reports/{report.pk}/edit/", post)
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.data["members"]["v"] == 5 and report.data["fulltime_cadres"]["v"] == 2


def test_action_pages(rnd, tree, users, client_for, a1_staff):
    report = fill(users["ea1_staff"], report_of(rnd, tree["EA1"]))
    client = client_for(users["ea1_staff"])
    assert client.get(f"/reports/{report.pk}/submit/").status_code == 200
    assert client.post(f"/reports/{report.pk}/submit/").status_code == 302
    assert client.get(f"/reports/{report.pk}/accept/").status_code == 403  # not the reviewer
    reviewer = client_for(a1_staff)
    r = reviewer.post(f"/reports/{report.pk}/return/", {"reason": ""})
    assert r.status_code == 200 and r.context["form"].errors
    assert reviewer.post(f"/reports/{report.pk}/accept/", {"reason": "好"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.review_comment == "好"


def test_sibling_district_cannot_see_or_act(rnd, tree, users, client_for, api_for):
    report = services.submit_report(users["root"], fill(users["root"], report_of(rnd, tree["EA1"])))
    client = client_for(users["b_staff"])
    for url in ("", "edit/", "submit/", "accept/", "return/", "xlsx/"):
        assert client.get(f"/reports/{report.pk}/{url}").status_code == 404, url
    assert client.post(f"/reports/{report.pk}/accept/").status_code == 404
    api = api_for(users["b_staff"])
    assert api.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert api.post(f"/api/v1/reports/{report.pk}/accept/").status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    ids = {r["id"] for r in api.get("/api/v1/reports/", {"page_size": 100}).json()["results"]}
    assert ids == set(Report.objects.filter(org__path__startswith=tree["B"].path).values_list("pk", flat=True))


def test_query_counts_are_constant(rnd, tree, users, client_for, api_for, constant_queries):
    client = client_for(users["city_admin"])
    constant_queries(client, "/reports/")
    constant_queries(client, "/reports/rounds/")
    constant_queries(api_for(users["city_admin"]), "/api/v1/reports/", param="page_size")


def test_xlsx_export_one_sheet_per_table(rnd, tree, users, client_for):
    report = fill(users["ea1_staff"], report_of(rnd, tree["EA1"]))
    r = client_for(users["ea1_staff"]).get(f"/reports/{report.pk}/xlsx/")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(wb.sheetnames) == len(ri.tables())
    cells = [c.value for row in wb.worksheets[-1].iter_rows() for c in row]
    assert tree["EA1"].name + "（C01EA1）" in cells
    members_sheet = next(ws for ws in wb.worksheets if any(
        c.value == 2 for row in ws.iter_rows() for c in row))
    assert members_sheet is not None
    assert AuditLog.objects.filter(action="export", object_id=str(report.pk)).exists()


def test_api_cycle_with_400_and_409(rnd, tree, users, api_for, a1_staff):
    report = report_of(rnd, tree["EA1"])
    api = api_for(users["ea1_staff"])
    url = f"/api/v1/reports/{report.pk}/"
    r = api.post(url + "submit/")
    assert r.status_code == 400 and "fulltime_cadres" in r.json()
    r = api.patch(url, {"values": {"members": {"value": 9}}}, format="json")
    assert r.status_code == 400 and "members" in r.json()
    r = api.patch(url, {"values": {"fulltime_cadres": {"value": 2}, "funds_income": {"value": "10.5"},
                                   "workers_homes": {"value": 0}}}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["values"]["funds_income"]["value"] == "10.50"
    assert api.post(url + "submit/").status_code == 200
    assert api.post(url + "submit/").status_code == 409
    assert api.post(url + "accept/").status_code == 403
    reviewer = api_for(a1_staff)
    assert reviewer.post(url + "return/", {"comment": ""}, format="json").status_code == 400
    assert reviewer.post(url + "accept/", {}, format="json").status_code == 200
    assert api_for(users["a_staff"]).post(url + "accept/", {}, format="json").status_code == 409
    data = api.get(url).json()
    assert data["status"] == "accepted" and data["figures"]["members"] == 2
    assert data["values"]["members"]["reported"] == 2
    rounds = api.get("/api/v1/report-rounds/").json()
    assert [r["id"] for r in rounds["results"]] == [rnd.pk]  # the city's round reaches into EA1


def test_api_open_round(tree, users, api_for, members):
    api = api_for(users["a_staff"])
    r = api.post("/api/v1/report-rounds/", {"org_code": "C01A", "year": YEAR, "deadline": "2025-03-31"}, format="json")
    assert r.status_code == 201, r.json()
    assert api.post("/api/v1/report-rounds/", {"org_code": "C01A", "year": YEAR, "deadline": "2025-03-31"},
                    format="json").status_code == 400
    assert api.post("/api/v1/report-rounds/", {"org_code": "C01B", "year": YEAR, "deadline": "2025-03-31"},
                    format="json").status_code == 400


def test_round_filter_opens_the_round_reports_on_the_page_and_in_the_api(rnd, tree, users, client_for, api_for):
    """The round board's links filter by ``round``: the filter's choices are the rounds the user may see (they were
    fixed to none when the form was styled before the filterset set them, so every round was refused)."""
    expected = set(Report.objects.filter(round=rnd, org__path__startswith=tree["A"].path).values_list("pk", flat=True))
    page = client_for(users["a_staff"]).get(f"/reports/?round={rnd.pk}&per_page=100")
    assert page.status_code == 200
    assert {r.record.pk for r in page.context["table"].page.object_list} == expected
    api = api_for(users["a_staff"]).get(f"/api/v1/reports/?round={rnd.pk}&page_size=100")
    assert api.status_code == 200, api.content
    assert {r["id"] for r in api.json()["results"]} == expected
    # A round the user cannot see is not a choice: the API says so, the page lists nothing.
    assert api_for(users["a_staff"]).get("/api/v1/reports/?round=999999").status_code == 400

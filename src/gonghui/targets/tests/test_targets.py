import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.models import AuditLog
from gonghui.members.services import create_member
from gonghui.stats.periods import Period
from gonghui.stats.registry import get
from gonghui.targets import selectors, services
from gonghui.targets.models import ResponsibilityLetter, Target
from gonghui.targets.testing import PDF_BYTES, pdf_upload
from gonghui.tools.testing import member_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
YEAR = TODAY.year


def _errors(exc):
    return exc.value.message_dict


# --- validation -----------------------------------------------------------------------------------------


def test_set_targets_validates_each_field(tree, users):
    root = users["root"]
    with pytest.raises(ValidationError) as e:
        services.set_target(root, tree["A1"], YEAR, tree["EA1"], "no_such_indicator", 5)
    assert "indicator" in _errors(e)
    with pytest.raises(ValidationError) as e:
        services.set_target(root, tree["A1"], YEAR, tree["EA1"], "new_members", -1)
    assert "value" in _errors(e)
    with pytest.raises(ValidationError) as e:
        services.set_target(root, tree["A1"], YEAR, tree["EA1"], "membership_rate", "100.5")
    assert "value" in _errors(e)
    with pytest.raises(ValidationError) as e:  # a grandchild is not a direct child
        services.set_target(root, tree["A"], YEAR, tree["EA1"], "new_members", 5)
    assert "org" in _errors(e)
    with pytest.raises(ValidationError) as e:  # the sibling district's union
        services.set_target(root, tree["A1"], YEAR, tree["EB1"], "new_members", 5)
    assert "org" in _errors(e)
    assert Target.objects.count() == 0
    assert services.set_target(root, tree["A1"], YEAR, tree["EA1"], "membership_rate", "100").value == Decimal("100")


def test_a_bad_row_writes_nothing(tree, users):
    rows = [{"org": tree["A"], "indicator": "new_members", "value": 10, "key": "ok"},
            {"org": tree["B1"], "indicator": "new_members", "value": 10, "key": "bad"}]
    with pytest.raises(ValidationError) as e:
        services.set_targets(users["root"], tree["city"], YEAR, rows)  # B1 is not a child of the city
    assert list(_errors(e)) == ["bad"]
    assert Target.objects.count() == 0


def test_rights_are_checked_at_the_issuer(tree, users):
    with pytest.raises(PermissionDenied):
        services.set_target(users["a_viewer"], tree["A"], YEAR, tree["A1"], "new_members", 5)
    with pytest.raises(PermissionDenied):  # A's staff cannot set the targets the city hands down to A
        services.set_target(users["a_staff"], tree["city"], YEAR, tree["A"], "new_members", 5)
    t = services.set_target(users["a_staff"], tree["A"], YEAR, tree["A1"], "new_members", 5)
    assert t.issuer == tree["A"]


def test_set_update_clear_are_audited_with_before_and_after(tree, users):
    staff = users["a_staff"]
    t = services.set_target(staff, tree["A1"], YEAR, tree["EA1"], "new_members", 10)
    services.set_targets(staff, tree["A1"], YEAR, [{"org": tree["EA1"], "indicator": "new_members", "value": "12"}])
    entries = list(AuditLog.objects.filter(object_id=str(t.pk), content_type__model="target").order_by("id"))
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before["value"] == "10.00" and entries[1].after["value"] == "12.00"
    assert entries[1].org_id == tree["EA1"].pk
    services.set_targets(staff, tree["A1"], YEAR, [{"org": tree["EA1"], "indicator": "new_members", "value": ""}])
    assert not Target.objects.filter(pk=t.pk).exists()
    assert AuditLog.objects.filter(object_id=str(t.pk), content_type__model="target", action="delete").exists()


def test_letter_validation_and_attachment_refusals(tree, users):
    root = users["root"]
    data = {"issuer_signatory": "王主席", "org_signatory": "李主席", "signed_on": TODAY + datetime.timedelta(days=1)}
    with pytest.raises(ValidationError) as e:
        services.create_letter(root, tree["A1"], tree["EA1"], YEAR, data)
    assert "signed_on" in _errors(e)
    data["signed_on"] = TODAY
    html = SimpleUploadedFile("letter.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        services.create_letter(root, tree["A1"], tree["EA1"], YEAR, data, attachment=html)
    assert "attachment" in _errors(e)
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (services.attachment_max_bytes()),
                             content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        services.create_letter(root, tree["A1"], tree["EA1"], YEAR, data, attachment=big)
    assert "attachment" in _errors(e)
    with pytest.raises(ValidationError) as e:
        services.create_letter(root, tree["A1"], tree["EB1"], YEAR, data)
    assert "org" in _errors(e)
    assert ResponsibilityLetter.objects.count() == 0
    letter = services.create_letter(root, tree["A1"], tree["EA1"], YEAR, data, attachment=pdf_upload("责任状.pdf"))
    assert letter.file_type == "application/pdf"
    with pytest.raises(ValidationError) as e:
        services.create_letter(root, tree["A1"], tree["EA1"], YEAR, data)
    assert "org" in _errors(e)
    assert AuditLog.objects.filter(content_type__model="responsibilityletter", action="create").count() == 1


def test_letter_download_is_an_attachment_and_scoped(tree, users, client_for):
    letter = services.create_letter(users["root"], tree["A1"], tree["EA1"], YEAR,
                                    {"issuer_signatory": "王", "org_signatory": "李", "signed_on": TODAY},
                                    attachment=pdf_upload("scan.pdf"))
    response = client_for(users["ea1_staff"]).get(f"/targets/letters/{letter.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert client_for(users["b_staff"]).get(f"/targets/letters/{letter.pk}/download/").status_code == 404
    # uploading HTML through the page is refused next to the field
    client = client_for(users["a_staff"])
    response = client.post(f"/targets/letters/{letter.pk}/edit/", {
        "issuer_signatory": "王", "org_signatory": "李", "signed_on": TODAY.isoformat(),
        "attachment": SimpleUploadedFile("x.pdf", b"<!DOCTYPE html><html></html>")})
    assert response.status_code == 200 and "attachment" in response.context["form"].errors
    letter.refresh_from_db()
    assert letter.file_name == "scan.pdf"


# --- scope --------------------------------------------------------------------------------------------


@pytest.fixture
def handed(tree, users):
    root = users["root"]
    return {
        "city_A": services.set_target(root, tree["city"], YEAR, tree["A"], "new_members", 100),
        "A_A1": services.set_target(root, tree["A"], YEAR, tree["A1"], "new_members", 50),
        "B_B1": services.set_target(root, tree["B"], YEAR, tree["B1"], "new_members", 40),
        "A1_EA1": services.set_target(root, tree["A1"], YEAR, tree["EA1"], "new_members", 3),
        "A1_EA2": services.set_target(root, tree["A1"], YEAR, tree["EA2"], "new_members", 4),
    }


def test_scope_of_targets(handed, users, client_for, api_for):
    a_ids = set(selectors.targets_for(users["a_staff"]).values_list("pk", flat=True))
    assert a_ids == {handed[k].pk for k in ("city_A", "A_A1", "A1_EA1", "A1_EA2")}
    ea1 = set(selectors.targets_for(users["ea1_staff"]).values_list("pk", flat=True))
    assert ea1 == {handed["A1_EA1"].pk}
    b = handed["B_B1"]
    assert client_for(users["a_staff"]).get(f"/targets/{b.pk}/").status_code == 404
    assert client_for(users["ea1_staff"]).get(f"/targets/{handed['A1_EA2'].pk}/").status_code == 404
    assert client_for(users["ea1_staff"]).get(f"/targets/{handed['A1_EA1'].pk}/").status_code == 200
    api = api_for(users["a_staff"])
    assert api.get(f"/api/v1/targets/{b.pk}/").status_code == 404
    assert api.patch(f"/api/v1/targets/{b.pk}/", {"value": "1"}, format="json").status_code == 404
    # visible but handed down from above: A's staff may not change it
    assert api.patch(f"/api/v1/targets/{handed['city_A'].pk}/", {"value": "1"}, format="json").status_code == 403
    ids = {r["id"] for r in api.get("/api/v1/targets/").json()["results"]}
    assert ids == a_ids
    # progress: the sibling district's board is not found
    assert client_for(users["a_staff"]).get("/targets/progress/?issuer=C01B").status_code == 404
    assert api.get("/api/v1/targets/progress/?issuer=C01B").status_code == 404
    assert client_for(users["a_staff"]).get("/targets/grid/?issuer=C01B").status_code == 404
    # a child sees its own targets and progress
    own = api_for(users["ea1_staff"]).get(f"/api/v1/targets/progress/?org=C01EA1&year={YEAR}").json()
    assert [r["org_code"] for s in own["indicators"] for r in s["rows"]] == ["C01EA1"]
    assert client_for(users["ea1_staff"]).get(f"/targets/progress/?org=C01EA1&year={YEAR}").status_code == 200


def test_api_create_and_update_go_through_the_service(tree, users, api_for):
    api = api_for(users["a_staff"])
    r = api.post("/api/v1/targets/", {"year": YEAR, "issuer": tree["A1"].pk, "org": tree["EA1"].pk,
                                      "indicator": "unionisation_rate", "value": "120"}, format="json")
    assert r.status_code == 400 and "value" in r.json()
    r = api.post("/api/v1/targets/", {"year": YEAR, "issuer": tree["A1"].pk, "org": tree["EA1"].pk,
                                      "indicator": "unionisation_rate", "value": "85.5"}, format="json")
    assert r.status_code == 201, r.content
    r2 = api.patch(f"/api/v1/targets/{r.json()['id']}/", {"value": "90"}, format="json")
    assert r2.status_code == 200 and r2.json()["value"] == "90.00"
    assert api.delete(f"/api/v1/targets/{r.json()['id']}/").status_code == 204
    assert not Target.objects.exists()


# --- progress -----------------------------------------------------------------------------------------


def _join(org, user, n, employment_type="regular"):
    for i in range(n):
        day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=i)
        create_member(user, org, member_data(name=f"会员{org.code}{i}", join_date=min(day, TODAY),
                                             employment_type=employment_type))


def test_progress_equals_the_recount(tree, users, api_for):
    root = users["root"]
    _join(tree["EA1"], root, 3)
    _join(tree["EA2"], root, 1, "migrant")
    services.set_targets(root, tree["A1"], YEAR, [
        {"org": tree["EA1"], "indicator": "new_members", "value": 4},
        {"org": tree["EA2"], "indicator": "new_members", "value": 1},
        {"org": tree["EA2"], "indicator": "new_migrant_members", "value": 2},
        {"org": tree["EA1"], "indicator": "membership_rate", "value": 80},
    ])
    board = selectors.progress_board(root, tree["A1"], YEAR)
    period = Period.year(YEAR)
    seen = 0
    for s in board["sections"]:
        ind = get(s["key"])
        for r in s["rows"]:
            assert r.actual == ind.recount(r.org, period), (s["key"], r.org.code)
            seen += 1
    assert seen == 6
    nm = next(s for s in board["sections"] if s["key"] == "new_members")
    assert [(r.org.code, r.actual, r.completion, r.rank) for r in nm["rows"]] == [
        ("C01EA2", 1, Decimal("100.0"), 1), ("C01EA1", 3, Decimal("75.0"), 2)]
    data = api_for(users["a_staff"]).get(f"/api/v1/targets/progress/?issuer=C01A1&year={YEAR}").json()
    row = next(s for s in data["indicators"] if s["key"] == "new_members")["rows"][1]
    assert row["actual"] == 3 and row["completion"] == "75.0" and row["rank"] == 2
    assert "joined_from" in row["url"]


def test_behind_pace_with_fixed_dates():
    count = get("new_members")
    rate = get("membership_rate")
    tol = Decimal(5)
    mid = Period.year(2025).elapsed_share(datetime.date(2025, 7, 2))  # 183/365
    # counts: completion below the elapsed share (50.1%) minus 5 points
    assert selectors.is_behind(count, 40, Decimal(100), Decimal("40.0"), mid, tol)
    assert not selectors.is_behind(count, 46, Decimal(100), Decimal("46.0"), mid, tol)
    assert not selectors.is_behind(count, 0, Decimal(100), Decimal("0.0"), 0.0, tol)  # the year has not begun
    # rates: below target × elapsed share during the year, below the target once it is over
    assert selectors.is_behind(rate, Decimal("39.0"), Decimal(80), Decimal("48.8"), mid, tol)
    assert not selectors.is_behind(rate, Decimal("41.0"), Decimal(80), Decimal("51.2"), mid, tol)
    assert selectors.is_behind(rate, Decimal("79.9"), Decimal(80), Decimal("99.9"), 1.0, tol)
    assert not selectors.is_behind(rate, Decimal("80.0"), Decimal(80), Decimal("100.0"), 1.0, tol)


def test_behind_pace_on_the_board_and_the_list_filter(tree, users, client_for):
    root = users["root"]
    _join(tree["EA1"], root, 1)
    services.set_targets(root, tree["A1"], YEAR, [
        {"org": tree["EA1"], "indicator": "new_members", "value": 100},
        {"org": tree["EA2"], "indicator": "new_members", "value": 0},
    ])
    end = selectors.progress_board(root, tree["A1"], YEAR, today=datetime.date(YEAR, 12, 31))
    rows = {r.org.code: r for r in end["sections"][0]["rows"]}
    assert rows["C01EA1"].behind and not rows["C01EA2"].behind
    start = selectors.progress_board(root, tree["A1"], YEAR, today=datetime.date(YEAR - 1, 12, 31))
    assert not any(r.behind for r in start["sections"][0]["rows"])
    page = client_for(users["a_staff"]).get("/targets/?behind=yes&export=csv")
    body = b"".join(page.streaming_content).decode("utf-8-sig") if page.streaming else page.content.decode("utf-8-sig")
    if TODAY.timetuple().tm_yday > 20:  # 1 of 100 is behind once more than 6% of the year has passed
        assert "C01EA1" in body and "C01EA2" not in body


# --- pages ----------------------------------------------------------------------------------------------


def test_grid_page_sets_targets_and_shows_errors_next_to_cells(tree, users, client_for):
    client = client_for(users["a_staff"])
    url = f"/targets/grid/?issuer=C01A1&year={YEAR}"
    page = client.get(url)
    assert page.status_code == 200
    ea1, ea2 = tree["EA1"].pk, tree["EA2"].pk
    bad = client.post(url, {"grid": "1", f"t_{ea1}_new_members": "-3", f"t_{ea2}_membership_rate": "101"})
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert f"t_{ea1}_new_members" in errors and f"t_{ea2}_membership_rate" in errors
    assert Target.objects.count() == 0
    ok = client.post(url, {"grid": "1", f"t_{ea1}_new_members": "30", f"t_{ea2}_membership_rate": "85"})
    assert ok.status_code == 302
    assert {(t.org_id, t.indicator, t.value) for t in Target.objects.all()} == {
        (ea1, "new_members", Decimal("30")), (ea2, "membership_rate", Decimal("85"))}
    # a viewer cannot post
    assert client_for(users["a_viewer"]).post(url, {"grid": "1", f"t_{ea1}_new_members": "1"}).status_code == 403
    assert Target.objects.get(org_id=ea1).value == Decimal("30")


def test_progress_page_links_actuals_to_the_drilldown(handed, users, client_for):
    page = client_for(users["a_staff"]).get(f"/targets/progress/?issuer=C01A1&year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/members/?within=C01EA1" in html and "joined_from" in html


# The lists join each row's organisation: a page reads its keys first (core.paging.keys_first).
PINNED = {"target_list": 6, "letter_list": 6, "api_targets": 5}


def test_query_counts_are_pinned(tree, users, client_for, api_for, constant_queries):
    root = users["root"]
    for ind in ("new_members", "new_migrant_members", "new_unions"):
        services.set_targets(root, tree["A1"], YEAR, [{"org": tree["EA1"], "indicator": ind, "value": 5},
                                                     {"org": tree["EA2"], "indicator": ind, "value": 5}])
    signed = {"issuer_signatory": "王", "org_signatory": "李", "signed_on": TODAY}
    for org in ("EA1", "EA2"):
        services.create_letter(root, tree["A1"], tree[org], YEAR, dict(signed))
    services.create_letter(root, tree["A"], tree["A1"], YEAR, dict(signed))
    client = client_for(users["a_staff"])
    assert constant_queries(client, "/targets/?sort=org") == PINNED["target_list"], connection.vendor
    assert constant_queries(client, "/targets/letters/") == PINNED["letter_list"]
    assert constant_queries(api_for(users["a_staff"]), "/api/v1/targets/", param="page_size") == PINNED["api_targets"]


def test_progress_board_query_count_does_not_grow_with_children(tree, users, client_for):
    root = users["root"]
    client = client_for(users["a_staff"])
    services.set_target(root, tree["A"], YEAR, tree["A1"], "new_members", 5)
    services.set_targets(root, tree["A1"], YEAR, [
        {"org": tree[o], "indicator": i, "value": 5} for o in ("EA1", "EA2")
        for i in ("new_members", "new_migrant_members", "membership_rate")])
    counts = []
    for issuer in ("C01A", "C01A1"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/targets/progress/?issuer={issuer}&year={YEAR}").status_code == 200
        counts.append(len(ctx.captured_queries))
    # 11: the counters of the children, and one grouped query for the members their unions hold themselves
    # (members are counted at the ancestors of their union; see gonghui.stats.counters)
    assert counts[0] == counts[1] == 11, counts


def test_every_page_renders(handed, tree, users, client_for):
    letter = services.create_letter(users["root"], tree["A1"], tree["EA1"], YEAR,
                                    {"issuer_signatory": "王", "org_signatory": "李", "signed_on": TODAY})
    client = client_for(users["a_staff"])
    t = handed["A1_EA1"]
    for url in ("/targets/", "/targets/add/", "/targets/grid/", f"/targets/grid/?issuer=C01A1&year={YEAR}",
                "/targets/progress/", f"/targets/progress/?org=C01A&year={YEAR}", f"/targets/{t.pk}/",
                f"/targets/{t.pk}/edit/", f"/targets/{t.pk}/delete/", "/targets/letters/", "/targets/letters/add/",
                f"/targets/letters/{letter.pk}/", f"/targets/letters/{letter.pk}/edit/", "/targets/?export=xlsx",
                f"/targets/?year={YEAR}&indicator=new_members&issuer=C01A1&behind=no&sort=-value"):
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.post(f"/targets/{t.pk}/edit/", {"value": "7", "note": "调整"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.value == Decimal("7") and t.note == "调整"
    response = client.post("/targets/letters/add/", {
        "issuer": "C01A1", "org": "C01EA2", "year": YEAR, "issuer_signatory": "王", "org_signatory": "赵",
        "signed_on": TODAY.isoformat(), "attachment": SimpleUploadedFile("s.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)})
    assert response.status_code == 302, response.context["form"].errors
    assert ResponsibilityLetter.objects.get(org=tree["EA2"]).file_type == "image/png"
    assert client.post(f"/targets/{t.pk}/delete/").status_code == 302
    assert not Target.objects.filter(pk=t.pk).exists()


def test_list_filters_on_the_page_and_in_the_api(handed, tree, users, client_for, api_for):
    """``issuer`` and ``org`` name that very union, ``within`` its subtree, ``has_attachment`` a scan or none."""
    root = users["root"]
    signed = {"issuer_signatory": "王", "org_signatory": "李", "signed_on": TODAY}
    scanned = services.create_letter(root, tree["A1"], tree["EA1"], YEAR, dict(signed), attachment=pdf_upload())
    plain = services.create_letter(root, tree["A1"], tree["EA2"], YEAR, dict(signed))
    client, api = client_for(users["a_staff"]), api_for(users["a_staff"])

    def page_ids(url):
        response = client.get(url + "&per_page=100")
        assert response.status_code == 200, url
        return {row.record.pk for row in response.context["table"].page.object_list}

    def api_ids(url):
        response = api.get(url + "&page_size=100")
        assert response.status_code == 200, url
        return {row["id"] for row in response.json()["results"]}

    cases = [
        ("/targets/?issuer=C01A1", {handed["A1_EA1"].pk, handed["A1_EA2"].pk}),
        ("/targets/?org=C01A", {handed["city_A"].pk}),
        ("/targets/?within=C01A1", {handed["A_A1"].pk, handed["A1_EA1"].pk, handed["A1_EA2"].pk}),
        ("/targets/?within=C01EA2", {handed["A1_EA2"].pk}),
        ("/targets/?issuer=C01B", set()),  # out of scope: not found, so nothing
        ("/targets/?q=C01EA", {handed["A1_EA1"].pk, handed["A1_EA2"].pk}),
        ("/targets/letters/?has_attachment=yes", {scanned.pk}),
        ("/targets/letters/?has_attachment=no", {plain.pk}),
        ("/targets/letters/?org=C01EA2", {plain.pk}),
        ("/targets/letters/?q=李", {scanned.pk, plain.pk}),
    ]
    for url, expected in cases:
        assert page_ids(url) == expected, url
        api_url = url.replace("/targets/letters/", "/api/v1/responsibility-letters/")
        api_url = api_url.replace("/targets/?", "/api/v1/targets/?")
        assert api_ids(api_url) == expected, api_url


def test_values_never_read_in_scientific_notation(tree, users, client_for, api_for):
    # Decimal("300").normalize() is 3E+2: pages, forms and the API print 300.
    target = services.set_target(users["root"], tree["city"], YEAR, tree["A"], "new_members", Decimal("300"))
    Target.objects.filter(pk=target.pk).update(value=Decimal("3E+2"))
    client = client_for(users["root"])
    for url in (target.get_absolute_url(), f"/targets/progress/?issuer={tree['city'].code}&year={YEAR}",
                f"/targets/?year={YEAR}"):
        html = client.get(url).content.decode()
        assert "E+" not in html and "300" in html, url
    rows = api_for(users["root"]).get(f"/api/v1/targets/progress/?issuer={tree['city'].code}&year={YEAR}").json()
    assert "E+" not in str(rows)

"""Side doors past the household privacy rule (issue 15, part 3): the change log and the aggregates."""

import pytest

from gonghui.hardship import selectors, services
from gonghui.hardship.testing import active_archive, threshold

pytestmark = pytest.mark.django_db


@pytest.fixture
def archives(tree, users):
    root = users["root"]
    threshold(root, tree["city"])
    return {"a": active_archive(root, tree["EA1"], name="甲户", address="QXADDR幸福路9号", household=[]),
            "b": active_archive(root, tree["EB1"], name="丙户", household=[])}


def test_a_viewer_reads_no_household_details_through_the_change_log(archives, users, api_for, client_for):
    archive = archives["a"]
    viewer = api_for(users["a_viewer"])
    assert viewer.get(f"/api/v1/hardship-archives/{archive.pk}/").status_code == 403
    body = viewer.get("/api/v1/audit-log/?content_type=hardship.hardshiparchive&per_page=100").json()["results"]
    assert body, "the viewer still learns that changes happened"
    for entry in body:
        assert entry["before"] is None and entry["after"] is None and entry["note"] == ""
        assert "甲户" not in entry["object_repr"]
    text = str(body)
    for secret in ("QXADDR", "household_income", "housing", "income_per_person"):
        assert secret not in text
    page = client_for(users["a_viewer"]).get("/audit-log/?content_type=hardship.hardshiparchive").content.decode()
    assert "QXADDR" not in page and "甲户" not in page
    # A search of the log by name does not tell that the household has an archive.
    assert viewer.get("/api/v1/audit-log/?q=甲户").json()["count"] == 0
    assert archive.archive_no not in client_for(users["a_viewer"]).get("/audit-log/?q=甲户").content.decode()
    assert archive.archive_no in client_for(users["a_staff"]).get("/audit-log/?q=甲户").content.decode()
    assert api_for(users["a_staff"]).get("/api/v1/audit-log/?q=甲户").json()["count"] > 0
    # Those who assist read it in full.
    staff = api_for(users["a_staff"]).get("/api/v1/audit-log/?content_type=hardship.hardshiparchive&per_page=100")
    assert "QXADDR" in str(staff.json()["results"])


def test_campaign_progress_lists_only_the_readers_part_of_the_tree(tree, users, archives, api_for, client_for):
    c = services.open_campaign(users["root"], tree["city"],
                               {"kind": "warmth", "name": "送温暖", "budget": "20000", "standard_amount": "500"},
                               [(tree["A"], "7000"), (tree["B"], "13000")])
    services.propose_recipient(users["root"], c, tree["EA1"], archive=archives["a"])
    services.propose_recipient(users["root"], c, tree["EB1"], archive=archives["b"])
    rows = selectors.campaign_progress(c, users["a_viewer"])
    codes = {r["org"].code for r in rows}
    assert "C01A" in codes and "C01EA1" in codes
    assert not codes & {"C01", "C01B", "C01B1", "C01EB1"}, codes  # no other district, no city-wide sum
    api = api_for(users["a_viewer"]).get(f"/api/v1/aid-campaigns/{c.pk}/progress/")
    assert api.status_code == 200
    assert {r["org_code"] for r in api.json()} == codes
    assert "13000" not in api.content.decode()
    page = client_for(users["a_viewer"]).get(f"/hardship/campaigns/{c.pk}/").content.decode()
    assert tree["B"].name not in page and "13000" not in page
    # The city sees every level.
    assert {"C01", "C01A", "C01B"} <= {r["org"].code for r in selectors.campaign_progress(c, users["root"])}


def test_other_aggregates_stay_in_scope(tree, users, api_for, client_for):
    """The dashboard, the targets progress board and a report round's board refuse an organisation outside the
    reader's part of the tree (404), as the records do."""
    api = api_for(users["a_viewer"])
    assert api.get("/api/v1/stats/dashboard/?org=C01B").status_code == 404
    assert api.get("/api/v1/stats/dashboard/?org=C01").status_code == 404
    assert api.get("/api/v1/targets/progress/?issuer=C01B").status_code == 404
    assert api.get("/api/v1/targets/progress/?org=C01EB1").status_code in (400, 404)
    assert client_for(users["a_viewer"]).get("/stats/?org=C01B").status_code == 404

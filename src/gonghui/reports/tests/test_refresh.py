"""Prefilled figures go stale: a report still being prepared takes them again from the indicators (page and
API), says when they were taken, logs the refresh; a submitted report's figures stay frozen."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditLog
from gonghui.members.services import create_member
from gonghui.reports import indicators as ri
from gonghui.reports import services
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext
from gonghui.tools.testing import member_data

from .conftest import YEAR, fill, report_of

pytestmark = pytest.mark.django_db


def _taken_by_indicators(report):
    ctx = StatsContext(Period.year(YEAR), "total").load([report.org_id])
    return {ind.key: ri.to_stored(ind, ctx.value(ind, report.org_id) or 0)
            for ind in ri.stored_items() if ind.derived}


def _derived(report):
    return {ind.key: report.data[ind.key]["d"] for ind in ri.stored_items() if ind.derived}


def test_refresh_takes_the_figures_again_and_logs_what_changed(rnd, tree, users):
    report = report_of(rnd, tree["EA1"])
    taken = report.figures_taken_at
    assert taken is not None and report.data["members"]["d"] == 2
    report = fill(users["ea1_staff"], report)  # entered figures stay through a refresh
    create_member(users["root"], tree["EA1"], member_data(name="新会员", join_date=report.round.opened_at.date()
                                                          .replace(year=YEAR)))
    report = services.refresh_figures(users["ea1_staff"], report)
    assert report.data["members"]["d"] == 3
    assert _derived(report) == _taken_by_indicators(report)
    assert report.data["fulltime_cadres"]["v"] == 1
    assert report.figures_taken_at > taken
    entry = AuditLog.objects.filter(object_id=str(report.pk), transition="refresh").get()
    assert "2 → 3" in entry.note and entry.user == users["ea1_staff"]


def test_refresh_is_refused_once_submitted_and_outside_the_scope(rnd, tree, users):
    report = fill(users["ea1_staff"], report_of(rnd, tree["EA1"]))
    with pytest.raises(PermissionDenied):
        services.refresh_figures(users["b_staff"], report)
    with pytest.raises(PermissionDenied):
        services.refresh_figures(users["a_viewer"], report)
    report = services.submit_report(users["ea1_staff"], report)
    frozen = dict(report.final)
    create_member(users["root"], tree["EA1"], member_data(name="迟到", join_date=report.round.opened_at.date()
                                                          .replace(year=YEAR)))
    with pytest.raises(WorkflowConflict):
        services.refresh_figures(users["ea1_staff"], report)
    report.refresh_from_db()
    assert report.final == frozen and report.data["members"]["d"] == 2
    assert not AuditLog.objects.filter(object_id=str(report.pk), transition="refresh").exists()


def test_the_page_and_the_api(rnd, tree, users, client_for, api_for):
    report = report_of(rnd, tree["EA1"])
    client = client_for(users["ea1_staff"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="figures-taken-at"' in page and "数据取于" in page
    assert reverse("reports:report_refresh", args=[report.pk]) in page  # the button
    create_member(users["root"], tree["EA1"], member_data(name="网页", join_date=report.round.opened_at.date()
                                                          .replace(year=YEAR)))
    response = client.post(reverse("reports:report_refresh", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.data["members"]["d"] == 3

    api = api_for(users["ea1_staff"])
    url = f"/api/v1/reports/{report.pk}/refresh-figures/"
    response = api.post(url, {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["figures_taken_at"]
    assert api_for(users["b_staff"]).post(url, {}, format="json").status_code == 404  # outside the scope
    services.submit_report(users["ea1_staff"], fill(users["ea1_staff"], report))
    assert api.post(url, {}, format="json").status_code == 409
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:report_refresh", args=[report.pk]) not in page


def test_an_upper_unions_report_takes_its_own_figures_again(rnd, tree, users, a1_staff):
    report = report_of(rnd, tree["A1"])
    assert not report.is_grassroots
    report = services.refresh_figures(a1_staff, report)
    ctx = StatsContext(Period.year(YEAR), "own").load([report.org_id])
    assert _derived(report) == {ind.key: ri.to_stored(ind, ctx.value(ind, report.org_id) or 0)
                                for ind in ri.stored_items() if ind.derived}


def test_the_workbook_says_when_the_figures_were_taken(rnd, tree, users, client_for):
    import io

    import openpyxl
    from django.utils import timezone

    report = report_of(rnd, tree["EA1"])
    response = client_for(users["ea1_staff"]).get(reverse("reports:report_xlsx", args=[report.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                              if response.streaming else response.content)).worksheets[0]
    assert sheet["D2"].value == "取数时间"
    assert sheet["E2"].value == timezone.localtime(report.figures_taken_at).strftime("%Y-%m-%d %H:%M")

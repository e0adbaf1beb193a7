"""Bank statements (银行流水): a CSV statement (UTF-8 with BOM, GBK) through the import engine, lines matched by
reference or by payer and amount within the official's subtree, the same statement again changing nothing, and a
line matched by hand on its page and through the API."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.testing import ModelViewTests
from gonghui.funds import services
from gonghui.funds.models import BankLine, LedgerEntry, Remittance
from gonghui.imports.services import import_file_sync

pytestmark = pytest.mark.django_db

HEADER = "交易日期,金额,付款人名称,付款人账号,摘要\n"


def _remittance(user, org, employer, base="100000"):
    return services.save_remittance(user, None, org=org, employer=employer, year=2025, payroll_base=base,
                                    rate=None, memo="")


def _statement(path, lines, encoding):
    path.write_bytes((HEADER + "".join(line + "\n" for line in lines)).encode(encoding))
    return path


@pytest.fixture
def due(tree, users):
    staff = users["a_staff"]
    return {"by_ref": _remittance(staff, tree["EA1"], "东方机械厂"),  # 2,000.00 due
            "by_payer": _remittance(staff, tree["EA2"], "新华印刷厂", "50000"),  # 1,000.00 due
            "outside": _remittance(users["b_staff"], tree["EB1"], "外区工厂", "50000")}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_statement_matched_booked_once_and_unmatched_kept(tree, users, due, tmp_path, encoding):
    staff, code = users["a_staff"], tree["EA1"].code
    lines = [f"2025-06-01,\"2,000.00\",东方机械集团,6222020200112233,拨缴经费 {code}",
             "2025-06-02,1000.00,新华印刷厂,6222020200445566,工会经费",
             "2025-06-03,1000.00,外区工厂,6222020200778899,工会经费",  # EB1: outside the subtree
             "2025-06-04,-300.00,某供应商,6222,付款"]  # a debit: skipped
    path = _statement(tmp_path / "statement.csv", lines, encoding)
    job = import_file_sync(staff, "funds_bank_statement", path, tree["A"], mode="skip_invalid")
    assert (job.created, job.unchanged, job.error_rows) == (3, 1, 0)
    lines_by_payer = {b.payer_name: b for b in BankLine.objects.all()}
    assert lines_by_payer["东方机械集团"].remittance == due["by_ref"]
    assert lines_by_payer["东方机械集团"].matched_by == "reference"
    assert lines_by_payer["新华印刷厂"].matched_by == "payer"
    assert lines_by_payer["外区工厂"].status == "unmatched" and lines_by_payer["外区工厂"].remittance is None
    for key, received in (("by_ref", "2000.00"), ("by_payer", "1000.00"), ("outside", "0.00")):
        assert Remittance.objects.get(pk=due[key].pk).received == Decimal(received)
    booked = LedgerEntry.objects.filter(kind="remittance").count()
    assert "6222020200445566" not in BankLine.objects.get(payer_name="新华印刷厂").payer_account_masked

    again = import_file_sync(staff, "funds_bank_statement", path, tree["A"], mode="skip_invalid")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert BankLine.objects.count() == 3 and LedgerEntry.objects.filter(kind="remittance").count() == booked


def test_unmatched_line_matched_by_hand_within_the_subtree(tree, users, due, client_for, api_for):
    staff = users["a_staff"]
    line = BankLine.objects.get(pk=_line(staff, tree["A"], "不明付款人").pk)
    client = client_for(staff)
    page = client.get(reverse("funds:bankline_match", args=[line.pk]))
    assert page.status_code == 200 and "新华印刷厂" in page.text and "外区工厂" not in page.text
    refused = client.post(reverse("funds:bankline_match", args=[line.pk]), {"remittance": due["outside"].pk})
    assert refused.status_code == 200 and BankLine.objects.get(pk=line.pk).status == "unmatched"
    done = client.post(reverse("funds:bankline_match", args=[line.pk]), {"remittance": due["by_payer"].pk})
    assert done.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.matched_by, line.remittance_id) == ("matched", "manual", due["by_payer"].pk)
    assert Remittance.objects.get(pk=due["by_payer"].pk).received == Decimal("100.00")

    other = _line(staff, tree["A"], "另一付款人")
    api = api_for(staff)
    bad = api.post(f"/api/v1/bank-statement-lines/{other.pk}/match/", {"remittance": due["outside"].pk},
                   format="json")
    assert bad.status_code == 400 and "remittance" in bad.json()
    ok = api.post(f"/api/v1/bank-statement-lines/{other.pk}/match/", {"remittance": due["by_ref"].pk},
                  format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "matched"
    again = api.post(f"/api/v1/bank-statement-lines/{other.pk}/match/", {"remittance": due["by_ref"].pk},
                     format="json")
    assert again.status_code in (400, 409)
    assert Remittance.objects.get(pk=due["by_ref"].pk).received == Decimal("100.00")


def _line(user, org, payer):
    from gonghui.funds.bank import fingerprint, record_line

    day, amount = datetime.date(2025, 6, 5), Decimal("100.00")
    return record_line(user, org, {"date": day, "amount": amount, "payer_name": payer, "payer_account": "",
                                   "reference": "", "fingerprint": fingerprint(day, amount, payer, "", "")})


class TestBankLineViews(ModelViewTests):
    model = BankLine
    list_url_name, detail_url_name = "funds:bankline_list", "funds:bankline_detail"
    api_path = ""  # read-only but for the match step (the scope matrix covers its API)


def test_payer_account_revealed_only_with_the_right_and_audited(tree, users, client_for):
    from gonghui.core.models import AuditLog

    line = BankLine.objects.get(pk=_line(users["a_staff"], tree["EA1"], "付款单位").pk)
    BankLine.objects.filter(pk=line.pk).update(payer_account="6222020200112233")
    url = reverse("funds:bankline_reveal", args=[line.pk])
    page = client_for(users["a_staff"]).get(reverse("funds:bankline_detail", args=[line.pk]))
    assert "6222020200112233" not in page.text
    assert client_for(users["a_viewer"]).post(url).status_code == 403
    assert client_for(users["b_staff"]).post(url).status_code == 404
    shown = client_for(users["a_staff"]).post(url)
    assert shown.status_code == 200 and "6222020200112233" in shown.text
    assert AuditLog.objects.filter(action="reveal", object_id=str(line.pk)).exists()

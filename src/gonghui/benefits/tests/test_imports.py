"""The bank's return file of service cards: cards issued (and activated) per member number; bad rows refused."""

import openpyxl
import pytest

from gonghui.benefits.models import ServiceCard
from gonghui.imports.services import import_file_sync

pytestmark = pytest.mark.django_db


def _sheet(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_bank_return_file(tree, users, members, tmp_path):
    staff = users["a_staff"]
    header = ["会员编号", "卡号", "发卡银行", "发卡日期", "批次", "激活日期"]
    a, b = members["ea1_a"], members["ea1_b"]
    path = _sheet(tmp_path / "cards.xlsx", [
        header,
        [a.member_no, "6217 0000 2222 3333", "工商银行", "2025-03-01", "2025-01", "2025-03-10"],
        [b.member_no, "6217000022224444", "工商银行", "2025-03-01", "2025-01", ""],
    ])
    job = import_file_sync(staff, "service_cards", path, tree["A"])
    assert job.status == "done", job.preview
    assert ServiceCard.objects.get(member=a).status == "active"
    assert ServiceCard.objects.get(member=b).status == "issued"
    bad = _sheet(tmp_path / "bad.xlsx", [header, [members["eb1_a"].member_no, "6217000022225555", "工商银行",
                                                   "2025-03-01", "", ""],
                                         [a.member_no, "6217000022226666", "工商银行", "2025-03-01", "", ""]])
    job = import_file_sync(staff, "service_cards", bad, tree["A"], mode="skip_invalid")
    assert ServiceCard.objects.count() == 2 and job.error_rows == 2

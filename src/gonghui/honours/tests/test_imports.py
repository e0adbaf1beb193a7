"""Excel import of an existing model-worker registry: archives opened and titles added; bad rows refused."""

import openpyxl
import pytest

from gonghui.core.testing import make_id_number
from gonghui.honours.models import ModelWorker, Title
from gonghui.imports.services import import_file_sync

pytestmark = pytest.mark.django_db


def _sheet(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_registry_sheet(tree, users, tmp_path):
    staff = users["a_staff"]
    one, two = make_id_number(seq=301), make_id_number(seq=302)
    header = ["姓名", "身份证号", "工作单位", "荣誉称号", "级别", "授予年度", "证书编号", "状态"]
    path = _sheet(tmp_path / "lm.xlsx", [
        header,
        ["张建国", one, "东方机械厂", "市劳动模范", "市级", 2015, "SLM2015-01", "退休"],
        ["张建国", one, "东方机械厂", "省劳动模范", "省级", 2020, "PLM2020-07", "退休"],
        ["李秀英", two, "第一纺织厂", "区劳动模范", "区级", 2022, "", "在职"],
    ])
    job = import_file_sync(staff, "model_workers", path, tree["A"])
    assert job.status == "done", job.preview
    zhang = ModelWorker.objects.get(name="张建国")
    assert zhang.status == "retired" and zhang.level == "provincial" and zhang.titles.count() == 2
    assert Title.objects.count() == 3
    bad = _sheet(tmp_path / "bad.xlsx", [header, ["王五", "110101199001011234", "某厂", "区劳动模范", "区级", 2022,
                                                  "", ""]])
    job = import_file_sync(staff, "model_workers", bad, tree["A"], mode="skip_invalid")
    assert job.error_rows == 1 and not ModelWorker.objects.filter(name="王五").exists()

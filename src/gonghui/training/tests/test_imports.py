"""Excel import of completions and certificates: a trainee found by the course number and ID number completes
through the service (the attendance rule holds), a wrong name or an unknown trainee is refused with its message."""

import datetime

import openpyxl
import pytest

from gonghui.imports.services import import_file_sync
from gonghui.training import services
from gonghui.training.models import Enrolment
from gonghui.training.testing import make_member, open_course

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
HEADER = ["课程编号", "姓名", "身份证号", "结业日期", "证书编号", "证书等级"]


def _sheet(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_certificates_sheet(tree, users, tmp_path):
    root, staff = users["root"], users["a_staff"]
    course = open_course(root, tree["EA1"], number="DG-2026")
    members = [make_member(root, tree["EA1"], name) for name in ("张伟", "李娜", "王强")]
    enrolments = [services.enrol(root, course, m) for m in members]
    course = services.start_course(root, course)
    services.record_session(root, course, TODAY, "实操", present=enrolments[:2])
    ids = [m.id_number for m in members]
    path = _sheet(tmp_path / "ok.xlsx", [HEADER, ["DG-2026", "张伟", ids[0], TODAY.isoformat(), "ZS-001", "中级工"]])
    job = import_file_sync(staff, "training_certificates", path, tree["A"])
    assert job.status == "done", job.preview
    done = Enrolment.objects.get(pk=enrolments[0].pk)
    assert (done.status, done.certificate_no, done.certificate_level) == ("completed", "ZS-001", "4")

    bad = _sheet(tmp_path / "bad.xlsx", [
        HEADER,
        ["DG-2026", "李四", ids[1], TODAY.isoformat(), "ZS-002", "四级"],  # the name differs
        ["DG-2026", "王强", ids[2], TODAY.isoformat(), "ZS-003", "四级"],  # did not attend enough
        ["NO-SUCH", "李娜", ids[1], TODAY.isoformat(), "ZS-004", "四级"],  # no such course
    ])
    job = import_file_sync(staff, "training_certificates", bad, tree["A"], mode="skip_invalid")
    assert job.error_rows == 3, job.preview
    assert not Enrolment.objects.filter(certificate_no__in=["ZS-002", "ZS-003", "ZS-004"]).exists()
    preview = str(job.preview)
    assert "出勤" in preview


def test_attendance_sheet(tree, users, tmp_path):
    root, staff = users["root"], users["a_staff"]
    course = open_course(root, tree["EA1"], number="KQ-2026")
    members = [make_member(root, tree["EA1"], name) for name in ("赵敏", "钱坤")]
    enrolments = [services.enrol(root, course, m) for m in members]
    course = services.start_course(root, course)
    services.record_session(root, course, TODAY, "理论", present=[])
    ids = [m.id_number for m in members]
    header = ["课程编号", "上课日期", "姓名", "身份证号", "出勤"]
    path = _sheet(tmp_path / "kq.xlsx", [header, ["KQ-2026", TODAY.isoformat(), "赵敏", ids[0], "是"],
                                         ["KQ-2026", TODAY.isoformat(), "钱坤", ids[1], "缺勤"]])
    job = import_file_sync(staff, "training_attendance", path, tree["A"])
    assert job.status == "done", job.preview
    assert [Enrolment.objects.get(pk=e.pk).sessions_attended for e in enrolments] == [1, 0]
    other_day = TODAY - datetime.timedelta(days=1)
    bad = _sheet(tmp_path / "bad.xlsx", [header, ["KQ-2026", other_day.isoformat(), "钱坤", ids[1], "是"]])
    job = import_file_sync(staff, "training_attendance", bad, tree["A"], mode="skip_invalid")
    assert job.error_rows == 1 and Enrolment.objects.get(pk=enrolments[1].pk).sessions_attended == 0

"""The import engine: classification, errors with row/column/message, values, scope, audit, idempotence."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core import pii
from gonghui.core.models import AuditLog
from gonghui.core.testing import make_credit_code, make_id_number, make_phone
from gonghui.imports import services
from gonghui.imports.choices import ImportMode, ImportStatus
from gonghui.imports.models import ImportRowError
from gonghui.members.models import Member, MemberEvent

from .sheets import HEADER, member_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGHUI_IMPORT_BATCH_ROWS = 4
    from django.utils import translation

    with translation.override("en"):
        yield


def run(user, org, path, mode=ImportMode.SKIP_INVALID, kind="members", dry_run=False):
    return services.import_file_sync(user, kind, path, org, mode, dry_run=dry_run)


def errors_of(job):
    return list(ImportRowError.objects.filter(job=job).order_by("row", "id").values_list("row", "column", "message"))


def test_create_then_reimport_updates_without_duplicates(tree, users, tmp_path):
    rows = [member_row(k) for k in range(10)]
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, rows)
    job = run(users["root"], tree["EA1"], path)
    assert job.status == ImportStatus.DONE, job.message
    assert (job.created, job.updated, job.skipped) == (10, 0, 0)
    assert Member.objects.filter(org=tree["EA1"]).count() == 10
    assert all(m.events.exists() for m in Member.objects.all())
    # Same file again: unchanged, nothing duplicated.
    job = run(users["root"], tree["EA1"], path, mode=ImportMode.ALL_OR_NOTHING)
    assert job.status == ImportStatus.DONE and job.unchanged == 10 and job.created == 0
    assert Member.objects.count() == 10
    # Change two rows: the check shows updates with before → after (phone masked), the import applies them.
    rows[0][9] = "焊工"
    rows[1][7] = make_phone(99999)
    path = write_xlsx(tmp_path / "m2.xlsx", HEADER, rows)
    job = run(users["root"], tree["EA1"], path, mode=ImportMode.ALL_OR_NOTHING, dry_run=True)
    assert (job.to_create, job.to_update, job.unchanged, job.error_rows) == (0, 2, 8, 0)
    changes = {c["field"]: c for u in job.preview["updates"] for c in u["changes"]}
    assert changes["job"]["after"] == "焊工"
    assert "****" in changes["mobile phone"]["after"]
    job = services.start_import(users["root"], job)
    job = services.run_import(job.pk)
    assert (job.status, job.updated) == (ImportStatus.DONE, 2)
    assert Member.objects.get(id_hash=pii.id_hash(rows[0][1])).job_title == "焊工"
    assert MemberEvent.objects.filter(kind="edited").count() == 2


def test_each_error_names_row_column_and_problem(tree, users, members, tmp_path):
    good = member_row(1)
    bad_checksum = member_row(2)
    bad_checksum[1] = bad_checksum[1][:17] + ("0" if bad_checksum[1][17] != "0" else "1")
    wrong_gender = member_row(3)
    wrong_gender[2] = "女" if wrong_gender[2] == "男" else "男"
    wrong_birth = member_row(4)
    wrong_birth[3] = datetime.date(1999, 1, 1)
    duplicate = list(good)
    bad_phone = member_row(5)
    bad_phone[7] = "12345"
    bad_date = member_row(6)
    bad_date[12] = "明年"
    missing = member_row(7)
    missing[0] = ""
    bad_choice = member_row(8)
    bad_choice[5] = "博士后研究员"
    no_union = member_row(9, org="NOPE")
    other_district = member_row(10)
    other_district[1] = members["eb1_a"].id_number
    other_district[2] = "男" if members["eb1_a"].gender == "M" else "女"
    other_district[3] = members["eb1_a"].birth_date
    no_unit = member_row(11, unit="不存在的公司")
    rows = [good, bad_checksum, wrong_gender, wrong_birth, duplicate, bad_phone, bad_date, missing, bad_choice,
            no_union, other_district, no_unit]
    path = write_xlsx(tmp_path / "e.xlsx", HEADER, rows)
    job = run(users["a_staff"], tree["EA1"], path, mode=ImportMode.ALL_OR_NOTHING, dry_run=True)
    assert job.status == ImportStatus.VALIDATED
    assert (job.to_create, job.error_rows) == (1, 11)
    errs = errors_of(job)
    by_row = {}
    for row, column, message in errs:
        by_row.setdefault(row, []).append((column, message))
    assert by_row[3][0][0] == "居民身份证号" and "check digit" in by_row[3][0][1]
    assert by_row[4][0][0] == "性别" and "gender does not match" in by_row[4][0][1]
    assert by_row[5][0][0] == "出生日期" and "does not match the ID number" in by_row[5][0][1]
    assert by_row[6][0][0] == "居民身份证号" and "row 2" in by_row[6][0][1]
    assert by_row[7][0][0] == "手机号码"
    assert by_row[8][0][0] == "入会日期" and "not a date" in by_row[8][0][1]
    assert by_row[9][0][0] == "姓名" and "required" in by_row[9][0][1]
    assert by_row[10][0][0] == "学历" and "Allowed" in by_row[10][0][1] and "Bachelor" in by_row[10][0][1]
    assert by_row[11][0][0] == "所属工会" and "NOPE" in by_row[11][0][1]
    # Person in district B's union: refused without naming it (a_staff cannot see district B).
    column, message = by_row[12][0]
    assert column == "居民身份证号" and "another union" in message and tree["EB1"].name not in message
    assert by_row[13][0][0] == "工作单位"
    # all-or-nothing refuses to start; the preview lists the first errors.
    with pytest.raises(ValidationError):
        services.start_import(users["a_staff"], job)
    assert job.preview["errors"][0]["row"] == 3


def test_labels_codes_and_text_forms(tree, users, tmp_path):
    r1 = member_row(1, gender="M")
    r1[2:7] = ["M", r1[3].strftime("%Y年%m月%d日"), "01", "bachelor", "cpc"]
    r1[10] = "migrant"
    r1[12] = "2024/3/1"
    r2 = member_row(2, gender="F")
    r2[2:7] = ["女", r2[3].strftime("%Y%m%d"), "汉", "本科", "党员"]
    r2[10] = "农民工"
    r2[12] = "2024.3.1"
    r3 = member_row(3)
    r3[4] = 1.0  # Excel dropped the leading zero of 01
    r3[7] = float(r3[7])  # phone stored as a number
    path = write_xlsx(tmp_path / "v.xlsx", HEADER, [r1, r2, r3])
    job = run(users["root"], tree["EA1"], path)
    assert (job.status, job.created, job.error_rows) == (ImportStatus.DONE, 3, 0), errors_of(job)
    from gonghui.core import pii

    m = Member.objects.get(id_hash=pii.id_hash(r1[1]))
    assert (m.ethnicity, m.education, m.political_status, m.employment_type) == ("01", "bachelor", "cpc", "migrant")
    assert m.join_date == datetime.date(2024, 3, 1)


def test_id_number_stored_as_float_is_refused(tree, users, tmp_path):
    r = member_row(1)
    r[1] = float(r[1])
    path = write_xlsx(tmp_path / "f.xlsx", HEADER, [r])
    job = run(users["root"], tree["EA1"], path, dry_run=True)
    (_row, column, message), = errors_of(job)
    assert column == "居民身份证号" and "Text" in message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_encodings(tree, users, tmp_path, encoding):
    rows = [member_row(k) for k in range(3)]
    path = write_csv(tmp_path / "m.csv", HEADER, rows, encoding=encoding)
    job = run(users["root"], tree["EA1"], path)
    assert (job.status, job.created) == (ImportStatus.DONE, 3), job.message
    assert job.file_format == "csv"
    assert Member.objects.filter(name=rows[0][0]).exists()


def test_header_aliases_fullwidth_and_unknown_columns(tree, users, tmp_path):
    header = [" 姓 名 ", "身份证号码", "ＩＤ", "手机", "所属工会代码", "用工形式", "备注"]
    r = member_row(1)
    rows = [[r[0], r[1], "", r[7], "", "农民工", "随便"]]
    header[2] = "性别（男/女）"
    rows[0][2] = r[2]
    path = write_xlsx(tmp_path / "h.xlsx", header, rows)
    job = run(users["root"], tree["EA1"], path)
    assert job.status == ImportStatus.DONE and job.created == 1, (job.message, errors_of(job))
    assert job.unknown_columns == ["备注"]
    assert job.preview["unknown_columns"] == ["备注"]


def test_english_headers(tree, users, tmp_path):
    r = member_row(1)
    header = ["NAME", "ID Number", "Mobile phone", "Employment type"]
    path = write_xlsx(tmp_path / "en.xlsx", header, [[r[0], r[1], r[7], "Migrant worker"]])
    job = run(users["root"], tree["EA1"], path)
    assert job.created == 1, errors_of(job)


def test_missing_required_columns_fail_the_job(tree, users, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", ["姓名", "岗位"], [["张三", "工人"]])
    job = run(users["root"], tree["EA1"], path)
    assert job.status == ImportStatus.FAILED
    assert "居民身份证号" in job.message and "手机号码" in job.message


def test_skip_invalid_imports_the_valid_rows(tree, users, tmp_path):
    rows = [member_row(k) for k in range(6)]
    rows[2][7] = "bad"
    path = write_xlsx(tmp_path / "s.xlsx", HEADER, rows)
    job = run(users["a_staff"], tree["EA1"], path, mode=ImportMode.ALL_OR_NOTHING)
    assert job.status == ImportStatus.VALIDATED and job.error_rows == 1
    assert Member.objects.count() == 0
    job = run(users["a_staff"], tree["EA1"], path, mode=ImportMode.SKIP_INVALID)
    assert (job.status, job.created, job.skipped, job.error_rows) == (ImportStatus.DONE, 5, 1, 1)
    # Audit: one bulk entry per committed batch (batches of 4 rows: 2 batches), each with counts.
    entries = AuditLog.objects.filter(action="bulk", after__job=str(job.uid))
    assert entries.count() == 2
    assert sum(e.count for e in entries) == 5
    assert MemberEvent.objects.filter(kind="joined").count() == 5
    report = services.error_report(job)
    import io

    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(report)).get_sheet_by_index(0).to_python()
    assert sheet[0][:len(HEADER)] == HEADER and len(sheet) == 2
    assert "手机号码" in sheet[1][len(HEADER)]


def test_union_and_unit_from_columns_within_scope(tree, users, tmp_path):
    from gonghui.orgs.services import create_unit

    root = users["root"]
    unit_a = create_unit(root, name="甲公司", credit_code=make_credit_code(1), ownership="private", industry="C",
                         area_org=tree["A1"], union=tree["EA2"])
    unit_b = create_unit(root, name="乙公司", credit_code=make_credit_code(2), ownership="private", industry="C",
                         area_org=tree["B1"], union=tree["EB1"])
    rows = [member_row(1, org="C01EA2", unit=unit_a.credit_code), member_row(2, org="C01EA1", unit="甲公司"),
            member_row(3, org="C01EB1"), member_row(4, unit=unit_b.credit_code), member_row(5, org="C01A")]
    path = write_xlsx(tmp_path / "u.xlsx", HEADER, rows)
    job = run(users["a_staff"], tree["A1"], path, mode=ImportMode.ALL_OR_NOTHING, dry_run=True)
    errs = {row: (column, message) for row, column, message in errors_of(job)}
    assert set(errs) == {4, 5, 6}
    assert "C01EB1" in errs[4][1]  # outside the scope: "not found"
    assert errs[5][0] == "工作单位"  # unit of district B: not found
    assert "C01A" in errs[6][1]  # above the import's organisation: not found either
    federation = write_xlsx(tmp_path / "f.xlsx", HEADER, [member_row(6, org="C01A")])
    job = run(users["a_staff"], tree["A"], federation, dry_run=True)
    assert "federation" in errors_of(job)[0][2]
    job = run(users["a_staff"], tree["A1"], path, mode=ImportMode.SKIP_INVALID)
    assert job.created == 2
    m = Member.objects.get(org=tree["EA2"])
    assert m.unit_id == unit_a.pk


def test_withdrawn_member_rejoins(tree, users, members, tmp_path):
    from gonghui.members.services import withdraw_member

    m = members["ea1_a"]
    withdraw_member(users["root"], m, "离职")
    r = member_row(1, org="C01EA2", birth=m.birth_date, gender=m.gender)
    r[1] = m.id_number
    path = write_xlsx(tmp_path / "r.xlsx", HEADER, [r])
    job = run(users["root"], tree["A1"], path)
    assert job.updated == 1, errors_of(job)
    m.refresh_from_db()
    assert (m.status, m.org_id) == ("active", tree["EA2"].pk)
    assert m.events.filter(kind="rejoined").exists()


def test_hash_matches_pii(settings):
    from gonghui.core import pii
    from gonghui.members.rules import id_number_info

    n = make_id_number()
    assert id_number_info(n)[0] == n
    import hmac

    assert hmac.digest(settings.HASH_KEY.encode(), n.encode(), "sha256").hex() == pii.id_hash(n)


def test_orgs_and_units_import(tree, users, tmp_path):
    header = ["组织代码", "工会名称", "上级工会", "组织类型", "成立日期", "工会主席"]
    rows = [["C01A9", "新工会", "C01A1", "企业工会", datetime.date(2020, 1, 1), "王五"],
            ["C01A9B", "新分工会", "C01A9", "分工会/车间工会", "", ""],
            ["C01B1", "改名", "", "", "", ""]]
    path = write_xlsx(tmp_path / "o.xlsx", header, rows)
    job = run(users["a_admin"], tree["A"], path, kind="orgs")
    assert (job.created, job.error_rows) == (2, 1), errors_of(job)
    from gonghui.orgs.models import Organisation

    child = Organisation.objects.get(code="C01A9B")
    assert child.get_parent().code == "C01A9"
    job = run(users["a_admin"], tree["A"], write_xlsx(tmp_path / "o2.xlsx", header[:2] + ["工会主席"],
                                                        [["C01A9", "新工会", "赵六"]]), kind="orgs")
    assert job.updated == 1 and Organisation.objects.get(code="C01A9").chair_name == "赵六"

    header = ["统一社会信用代码", "单位名称", "经济类型", "行业", "职工人数", "覆盖工会"]
    code = make_credit_code(7)
    rows = [[code, "丙公司", "民营", "C", 50, "C01EA1"],
            [make_credit_code(8), "丁公司", "私营", "制造业", 10, "C01EB1"]]
    job = run(users["a_staff"], tree["A1"], write_xlsx(tmp_path / "u.xlsx", header, rows), kind="units")
    assert (job.created, job.error_rows) == (1, 1), errors_of(job)
    from gonghui.orgs.models import EmployerUnit

    unit = EmployerUnit.objects.get(credit_code=code)
    assert (unit.ownership, unit.area_org_id, unit.union_id, unit.employee_count) == (
        "private", tree["A1"].pk, tree["EA1"].pk, 50)


def test_template_and_export_round_trip(tree, users, tmp_path):
    import io

    from python_calamine import CalamineWorkbook

    for kind in ("members", "orgs", "units"):
        for lang in ("zh-hans", "en"):
            data = services.template_workbook(kind, lang)
            wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
            assert len(wb.sheet_names) >= 2
    template = CalamineWorkbook.from_filelike(io.BytesIO(services.template_workbook("members")))
    head = template.get_sheet_by_index(0).to_python()[0]
    assert head[:2] == ["姓名", "居民身份证号"]
    rows = [member_row(k) for k in range(5)]
    run(users["root"], tree["EA1"], write_xlsx(tmp_path / "m.xlsx", HEADER, rows))
    out = tmp_path / "out.xlsx"
    assert services.export_file(users["a_staff"], "members", tree["A"], out) == 5
    data = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert "*" in data[1][1]  # masked
    out = tmp_path / "out.csv"
    services.export_file(users["root"], "members", tree["EA1"], out, reveal=True)
    job = run(users["root"], tree["EA1"], out, mode=ImportMode.ALL_OR_NOTHING)
    assert (job.status, job.unchanged, job.created) == (ImportStatus.DONE, 5, 0), errors_of(job)
    with pytest.raises(PermissionDenied):
        services.export_file(users["a_viewer"], "members", tree["A"], tmp_path / "x.csv", reveal=True)

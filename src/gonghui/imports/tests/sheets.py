"""Builders of test sheets (XlsxWriter, csv) with valid member rows."""

import csv
import datetime

import xlsxwriter

from gonghui.core.testing import make_id_number, make_phone

HEADER = ["姓名", "居民身份证号", "性别", "出生日期", "民族", "学历", "政治面貌", "手机号码", "工作单位", "岗位",
          "用工类型", "所属工会", "入会日期"]


def member_row(k, *, org="", unit="", birth=None, gender=None):
    birth = birth or datetime.date(1970, 1, 1) + datetime.timedelta(days=(k * 37) % 12000)
    gender = gender or ("M" if k % 2 else "F")
    number = make_id_number(birth, gender, region=f"{320300 + (k // 500) % 99:06d}", seq=k)
    return ["张三" if gender == "M" else "李梅", number, "男" if gender == "M" else "女", birth, "汉族", "大学本科",
            "群众", make_phone(k), unit, "工人", "农民工", org, datetime.date(2024, 3, 1)]


def write_xlsx(path, header, rows, *, constant_memory=True):
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory, "strings_to_numbers": False})
    ws = wb.add_worksheet()
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, datetime.date):
                ws.write_datetime(r, c, datetime.datetime.combine(v, datetime.time()), date)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v)
            elif v is not None:
                ws.write_string(r, c, v)
    wb.close()
    return path


def write_csv(path, header, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for row in rows:
            w.writerow([v.isoformat() if isinstance(v, datetime.date) else v for v in row])
    return path

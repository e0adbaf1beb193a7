"""The annual report workbook writes a formula-like union name inert (issue 15, part 4)."""

from gonghui.core.tests.injection import PAYLOADS, assert_xlsx_inert
from gonghui.orgs.models import Organisation as Org

from .conftest import fill, report_of


def test_annual_report_xlsx_is_inert(rnd, tree, users, client_for):
    report = fill(users["ea1_staff"], report_of(rnd, tree["EA1"]))
    client = client_for(users["ea1_staff"])
    for payload in PAYLOADS:
        Org.objects.filter(code="C01EA1").update(name=payload)
        r = client.get(f"/reports/{report.pk}/xlsx/")
        assert r.status_code == 200
        book = assert_xlsx_inert(r.content, [payload + "（C01EA1）"])
    sheet = book.worksheets[0]  # still printable: A4 portrait, the header row repeated, a merged title
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "portrait")
    assert sheet.print_title_rows == "$5:$5" and "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}

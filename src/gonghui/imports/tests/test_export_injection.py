"""The CLI export (``gonghui export``, services.export_file) writes formula-like names inert (issue 15, part 4)."""

import pytest
from django.core.management import call_command

from gonghui.core.tests.injection import PAYLOADS, assert_csv_inert, assert_xlsx_inert
from gonghui.members.models import Member
from gonghui.members.services import create_member
from gonghui.orgs.models import Organisation as Org
from gonghui.tools.testing import member_data


@pytest.fixture
def named(tree, users):
    for payload in PAYLOADS:
        member = create_member(users["root"], tree["EA1"], member_data(name="张三"))
        Member.objects.filter(pk=member.pk).update(name=payload)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cli_member_export_is_inert(named, users, tmp_path, fmt):
    out = tmp_path / f"members.{fmt}"
    call_command("export", "members", "--org", "C01EA1", "--user", users["root"].username, "-o", str(out))
    (assert_csv_inert if fmt == "csv" else assert_xlsx_inert)(out.read_bytes())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cli_org_export_is_inert(tree, users, tmp_path, fmt):
    from gonghui.imports import services

    for payload, code in zip(PAYLOADS, ["C01A", "C01B", "C01A1", "C01B1", "C01EA1"]):
        Org.objects.filter(code=code).update(name=payload)
    out = tmp_path / f"orgs.{fmt}"
    assert services.export_file(users["root"], "orgs", tree["city"], out) >= len(PAYLOADS)
    (assert_csv_inert if fmt == "csv" else assert_xlsx_inert)(out.read_bytes())

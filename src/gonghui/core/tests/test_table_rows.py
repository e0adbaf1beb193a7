"""The site's table template writes its rows in Python (core.templatetags.table_rows): the same HTML as the
django-tables2 Bootstrap 5 template it extends, for tables with links, masked data, badges, dates and empty cells."""

import re

import pytest
from django.test import RequestFactory
from django_tables2 import RequestConfig

from gonghui.core.models import AuditLog
from gonghui.core.tables import AuditLogTable
from gonghui.members import selectors
from gonghui.members.tables import MemberTable
from gonghui.orgs.models import EmployerUnit, Organisation
from gonghui.orgs.tables import EmployerUnitTable, OrganisationTable

pytestmark = pytest.mark.django_db


def _tbody(table, template):
    html = _render(table, template)
    body = re.search(r"<tbody.*?</tbody>", html, re.S).group(0)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)).strip()


def _render(table, template):
    table.template_name = template
    return table.as_html(table.request)


@pytest.mark.parametrize("make", [
    lambda user: MemberTable(selectors.members_for(user)),
    lambda user: OrganisationTable(Organisation.objects.all()),
    lambda user: EmployerUnitTable(EmployerUnit.objects.none()),  # the empty text
    lambda user: AuditLogTable(AuditLog.objects.all()),
])
def test_rows_equal_the_library_template(users, members, make):
    request = RequestFactory().get("/")
    request.user = users["root"]
    table = make(users["root"])
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    ours, library = _tbody(table, "core/table.html"), _tbody(table, "django_tables2/bootstrap5.html")
    assert ours == library
    assert ours.count("<tr ") >= 2 or "colspan" in ours  # rows were rendered, or the empty text

"""The import kinds come from the areas (``AreaConfig.import_kinds``), and an importer refuses a row with the same
message as the staff form and the API (the member rules, ``members.rules``)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.registry import registry
from gonghui.core.testing import make_id_number
from gonghui.imports import engine, services
from gonghui.imports.choices import ImportMode
from gonghui.imports.models import ImportRowError
from gonghui.members.services import clean_person
from gonghui.tools.testing import member_data

from .sheets import HEADER, member_row, write_xlsx


def test_every_import_kind_is_declared_by_an_area():
    assert {"members", "orgs", "units"} <= set(registry.import_kinds)
    for kind in registry.import_kinds:
        importer = engine.importer_class(kind)
        assert importer.kind == kind and importer.columns and importer.model is not None


@pytest.mark.django_db
def test_a_row_is_refused_with_the_message_of_the_form_and_the_api(tree, users, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    birth = datetime.date(1990, 5, 6)
    number = make_id_number(birth, "F")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    cases = {  # field: (the form's data, the sheet's column and cell)
        "gender": ({"gender": "M"}, 2, "男"),
        "birth_date": ({"birth_date": datetime.date(1990, 5, 7)}, 3, datetime.date(1990, 5, 7)),
        "phone": ({"phone": "12345"}, 7, "12345"),
        "join_date": ({"join_date": tomorrow}, 12, tomorrow),
    }
    rows = []
    for k, (_field, (_data, column, cell)) in enumerate(cases.items()):
        row = member_row(k, birth=birth, gender="F")
        row[1] = make_id_number(birth, "F", seq=k + 1)
        row[column] = cell
        rows.append(row)
    job = services.import_file_sync(users["root"], "members", write_xlsx(tmp_path / "m.xlsx", HEADER, rows),
                                    tree["EA1"], ImportMode.ALL_OR_NOTHING, dry_run=True)
    errors = {e.row: (e.field, e.message) for e in ImportRowError.objects.filter(job=job)}
    assert len(errors) == len(cases)
    for k, (field, (data, _column, _cell)) in enumerate(cases.items()):
        with pytest.raises(ValidationError) as exc:
            clean_person(member_data(id_number=number, **data))
        assert errors[k + 2] == (field, exc.value.message_dict[field][0])


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(registry.import_kinds))
def test_every_declared_kind_has_its_template_on_the_page_and_the_api(kind, users, client_for, api_for):
    """A kind is a key of the registry only (no choice set to extend): its empty workbook downloads from the import
    page and the API, and a job can be filtered by it ("disclosure_items" once fell to the API's URL pattern)."""
    import io

    import openpyxl

    page = client_for(users["a_staff"]).get(f"/imports/template/?kind={kind}")
    api = api_for(users["a_staff"]).get(f"/api/v1/import-templates/{kind}/?lang=en")
    for response in (page, api):
        assert response.status_code == 200, (kind, response.status_code)
        header = [c.value for c in openpyxl.load_workbook(io.BytesIO(b"".join(response) if hasattr(
            response, "streaming_content") else response.content)).active[1]]
        assert any(header), kind
    listed = {k["kind"] for k in api_for(users["a_staff"]).get("/api/v1/import-templates/").json()}
    assert kind in listed
    assert api_for(users["a_staff"]).get(f"/api/v1/import-jobs/?kind={kind}").status_code == 200

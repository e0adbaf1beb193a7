"""Targets and responsibility letters through the generic page and API checks (gonghui.core.testing)."""

import datetime
from decimal import Decimal

from gonghui.core.testing import ModelViewTests
from gonghui.targets.models import ResponsibilityLetter, Target

TODAY = datetime.date.today()


class TestTargetViews(ModelViewTests):
    model = Target
    list_url_name = "targets:target_list"
    detail_url_name = "targets:target_detail"
    edit_url_name = "targets:target_edit"
    delete_url_name = "targets:target_delete"
    api_path = "/api/v1/targets/"
    api_fields = ["id", "url", "year", "issuer", "issuer_code", "org", "org_code", "org_name", "indicator",
                  "indicator_name", "unit", "value", "note", "created_at", "updated_at"]

    def form_data(self, obj, marker):
        return {"value": "12", "note": marker}

    def check_saved(self, obj, marker):
        assert obj.value == Decimal("12") and obj.note == marker

    def api_payload(self, tree, marker):
        return {"year": TODAY.year, "issuer": tree["A1"].pk, "org": tree["EA2"].pk, "indicator": "new_members",
                "value": "5", "note": marker}

    def api_update(self, obj, marker):
        return {"value": "8", "note": marker}


class TestLetterViews(ModelViewTests):
    model = ResponsibilityLetter
    list_url_name = "targets:letter_list"
    detail_url_name = "targets:letter_detail"
    edit_url_name = "targets:letter_edit"
    delete_url_name = "targets:letter_delete"
    api_path = "/api/v1/responsibility-letters/"
    api_fields = ["id", "url", "year", "issuer", "issuer_code", "org", "org_code", "issuer_signatory",
                  "issuer_signatory_title", "org_signatory", "org_signatory_title", "signed_on", "note",
                  "has_attachment", "attachment_name", "attachment_type", "download_url", "created_at", "updated_at"]

    def form_data(self, obj, marker):
        return {"issuer_signatory": obj.issuer_signatory, "org_signatory": marker, "signed_on": TODAY.isoformat(),
                "note": "换届后重签"}

    def check_saved(self, obj, marker):
        assert obj.org_signatory == marker and obj.note == "换届后重签" and obj.file_name  # the scan stays

    def api_payload(self, tree, marker):
        return {"year": TODAY.year, "issuer": tree["A1"].pk, "org": tree["EA2"].pk, "issuer_signatory": "王主席",
                "org_signatory": marker, "signed_on": TODAY.isoformat()}

    def api_update(self, obj, marker):
        return {"note": marker}

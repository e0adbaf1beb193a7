"""Every model's pages and API through the kit's generic checks (gonghui.core.testing.ModelViewTests)."""

from gonghui.building.models import Approval, ArchiveDocument, Cadre, Election, Term
from gonghui.core.testing import ModelViewTests

DAY = "2025-03-01"


class TestCadreViews(ModelViewTests):
    model = Cadre
    list_url_name, detail_url_name, edit_url_name = ("building:cadre_list", "building:cadre_detail",
                                                     "building:cadre_edit")
    delete_url_name = "building:cadre_delete"
    api_path = "/api/v1/union-cadres/"

    def form_data(self, obj, marker):
        return {"name": marker[:50], "position": "vice_chair", "engagement": "full_time", "rank": "副科级",
                "appointed_on": DAY}

    def check_saved(self, obj, marker):
        assert (obj.position, obj.engagement) == ("vice_chair", "full_time")

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker[:50], "position": "social_worker", "engagement": "full_time",
                "appointed_on": DAY}

    def api_update(self, obj, marker):
        return {"rank": marker[:40]}


class TestElectionViews(ModelViewTests):
    model = Election
    list_url_name, detail_url_name, edit_url_name = ("building:election_list", "building:election_detail",
                                                     "building:election_edit")
    api_path = "/api/v1/union-elections/"

    def form_data(self, obj, marker):
        return {"term_number": "7", "term_years": "3", "planned_on": "2026-06-01"}

    def check_saved(self, obj, marker):
        assert (obj.term_number, obj.term_years) == (7, 3)

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "term_years": 5}

    def api_update(self, obj, marker):
        return {"term_years": 4}


class TestTermViews(ModelViewTests):
    model = Term
    list_url_name, detail_url_name, edit_url_name = ("building:term_list", "building:term_detail",
                                                     "building:term_edit")
    api_path = "/api/v1/union-terms/"

    def form_data(self, obj, marker):
        return {"number": obj.number, "started_on": DAY, "ends_on": "2028-03-01", "note": marker}

    def check_saved(self, obj, marker):
        assert obj.ends_on.year == 2028

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "number": 3, "started_on": DAY, "ends_on": "2030-03-01", "note": marker}

    def api_update(self, obj, marker):
        return {"note": marker}


class TestApprovalViews(ModelViewTests):
    model = Approval
    list_url_name, detail_url_name, edit_url_name = ("building:approval_list", "building:approval_detail",
                                                     "building:approval_edit")
    api_path = "/api/v1/union-approvals/"

    def form_data(self, obj, marker):
        return {"kind": "change", "subject": marker, "requested_on": DAY, "note": marker}

    def check_saved(self, obj, marker):
        assert obj.kind == "change"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "kind": "founding", "subject": marker, "requested_on": DAY}

    def api_update(self, obj, marker):
        return {"subject": marker}


class TestDocumentViews(ModelViewTests):
    model = ArchiveDocument
    list_url_name, detail_url_name, edit_url_name = ("building:document_list", "building:document_detail",
                                                     "building:document_edit")
    delete_url_name = "building:document_delete"
    api_path = "/api/v1/organisation-archive/"

    def form_data(self, obj, marker):
        return {"kind": "bank_account", "title": marker, "number": "6222 0000", "issued_on": DAY}

    def check_saved(self, obj, marker):
        assert obj.kind == "bank_account"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "kind": "registration", "title": marker, "number": "工法证字123"}

    def api_update(self, obj, marker):
        return {"title": marker}

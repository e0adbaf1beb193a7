"""The open-affairs pages and API through the generic checks (gonghui.core.testing.ModelViewTests)."""

import datetime

from gonghui.core.testing import ModelViewTests, make_credit_code
from gonghui.orgs.models import EmployerUnit

from ..models import DisclosureItem, Inspection, OpenAffairsSystem, Posting, Problem

TODAY = datetime.date.today()


class TestSystemViews(ModelViewTests):
    model = OpenAffairsSystem
    list_url_name = "openaffairs:system_list"
    detail_url_name = "openaffairs:system_detail"
    edit_url_name = "openaffairs:system_edit"
    delete_url_name = "openaffairs:system_delete"
    api_path = "/api/v1/open-affairs-systems/"

    def form_data(self, obj, marker):
        return {"kind": "factory", "established": "on", "established_on": "2024-03-01", "leading_group": marker}

    def check_saved(self, obj, marker):
        assert obj.leading_group == marker

    def api_payload(self, tree, marker):
        unit = EmployerUnit.objects.create(name=f"{marker}学校", credit_code=make_credit_code(), ownership="public",
                                           industry="P", employee_count=80, area_org=tree["A1"], union=tree["EA2"])
        return {"unit": unit.pk, "kind": "school", "established": False}

    def api_update(self, obj, marker):
        return {"leading_group": marker}


class TestItemViews(ModelViewTests):
    model = DisclosureItem
    list_url_name = "openaffairs:item_list"
    detail_url_name = "openaffairs:item_detail"
    edit_url_name = "openaffairs:item_edit"
    delete_url_name = "openaffairs:item_delete"
    api_path = "/api/v1/disclosure-items/"

    def form_data(self, obj, marker):
        return {"title": marker, "category": "welfare", "department": "工会", "frequency": obj.frequency,
                "form": "board", "since": obj.since.isoformat(), "active": "on"}

    def check_saved(self, obj, marker):
        assert obj.title == marker and obj.category == "welfare"

    def api_payload(self, tree, marker):
        system = OpenAffairsSystem.objects.filter(org=tree["EA1"]).first()
        return {"system": system.pk, "title": marker, "category": "safety", "department": "安全环保部",
                "frequency": "quarterly", "form": "meeting", "since": "2026-01-01"}

    def api_update(self, obj, marker):
        return {"department": marker}


class TestPostingViews(ModelViewTests):
    model = Posting
    list_url_name = "openaffairs:posting_list"
    detail_url_name = "openaffairs:posting_detail"
    api_path = "/api/v1/disclosure-postings/"

    def api_payload(self, tree, marker):
        item = DisclosureItem.objects.filter(org=tree["EA1"], frequency="yearly").first()
        return {"item": item.pk, "period": "2024", "posted_on": "2024-12-20", "form": "board", "place": marker}

    def api_update(self, obj, marker):
        return {"place": marker}


class TestInspectionViews(ModelViewTests):
    model = Inspection
    list_url_name = "openaffairs:inspection_list"
    detail_url_name = "openaffairs:inspection_detail"
    edit_url_name = "openaffairs:inspection_edit"
    delete_url_name = "openaffairs:inspection_delete"
    api_path = "/api/v1/open-affairs-inspections/"

    def form_data(self, obj, marker):
        return {"inspected_on": obj.inspected_on.isoformat(), "inspectors": marker, "summary": "公开栏内容齐全"}

    def check_saved(self, obj, marker):
        assert obj.inspectors == marker

    def api_payload(self, tree, marker):
        system = OpenAffairsSystem.objects.filter(org=tree["EA1"]).first()
        return {"system": system.pk, "inspected_on": TODAY.isoformat(), "inspectors": marker}

    def api_update(self, obj, marker):
        return {"inspectors": marker}


class TestProblemViews(ModelViewTests):
    model = Problem
    list_url_name = "openaffairs:problem_list"
    detail_url_name = "openaffairs:problem_detail"
    edit_url_name = "openaffairs:problem_edit"
    delete_url_name = "openaffairs:problem_delete"
    api_path = "/api/v1/open-affairs-problems/"

    def form_data(self, obj, marker):
        return {"description": marker, "deadline": obj.deadline.isoformat()}

    def check_saved(self, obj, marker):
        assert obj.description == marker

    def api_payload(self, tree, marker):
        inspection = Inspection.objects.filter(org=tree["EA1"]).first()
        return {"inspection": inspection.pk, "description": marker, "deadline": "2026-03-01"}

    def api_update(self, obj, marker):
        return {"description": marker}

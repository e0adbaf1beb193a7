"""Every model's pages and API through the kit's generic checks (gonghui.core.testing.ModelViewTests)."""

import datetime

from django.utils import timezone

from gonghui.appraisals.models import Appraisal, RatingRound, Scheme
from gonghui.core.testing import ModelViewTests


class TestSchemeViews(ModelViewTests):
    model = Scheme
    list_url_name, detail_url_name, edit_url_name = ("appraisals:scheme_list", "appraisals:scheme_detail",
                                                     "appraisals:scheme_edit")
    api_path = "/api/v1/appraisal-schemes/"

    def form_data(self, obj, marker):
        return {"name": marker, "kind": "home", "level": "city", "grades": "合格,先进", "pass_score": "70",
                "eligible_types": ["enterprise"], "valid_years": 3, "recheck_months": 12, "note": ""}

    def check_saved(self, obj, marker):
        assert (obj.name, obj.eligible_list, obj.grade_list) == (marker, ["enterprise"], ["合格", "先进"])

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "kind": "six_good", "level": "county", "grades": "合格,模范",
                "pass_score": "60.0", "eligible_types": ["township"], "valid_years": 3, "recheck_months": 12}

    def api_update(self, obj, marker):
        return {"name": marker}


class TestAppraisalViews(ModelViewTests):
    model = Appraisal
    list_url_name, detail_url_name, edit_url_name = ("appraisals:appraisal_list", "appraisals:appraisal_detail",
                                                     "appraisals:appraisal_edit")
    api_path = "/api/v1/appraisals/"

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        self.scheme = obj.scheme
        return obj

    def form_data(self, obj, marker):
        return {"grade_sought": "模范", "note": marker}

    def check_saved(self, obj, marker):
        assert (obj.grade_sought, obj.note) == ("模范", marker)

    def api_payload(self, tree, marker):
        return {"scheme": self.scheme.pk, "org": tree["EA2"].pk, "year": 2024, "grade_sought": "", "note": marker}

    def api_update(self, obj, marker):
        return {"note": marker}


class TestRoundViews(ModelViewTests):
    model = RatingRound
    list_url_name, detail_url_name, edit_url_name = ("appraisals:round_list", "appraisals:round_detail",
                                                     "appraisals:round_edit")
    api_path = "/api/v1/rating-rounds/"

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        self.scheme = obj.scheme
        return obj

    def form_data(self, obj, marker):
        return {"title": marker, "opens_on": obj.opens_on.isoformat(), "closes_on": obj.closes_on.isoformat()}

    def api_payload(self, tree, marker):
        today = timezone.localdate()
        return {"org": tree["EA2"].pk, "scheme": self.scheme.pk, "title": marker, "opens_on": today.isoformat(),
                "closes_on": (today + datetime.timedelta(days=7)).isoformat()}

    def api_update(self, obj, marker):
        return {"title": marker}

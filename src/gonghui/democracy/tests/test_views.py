"""Every model's pages and API through the kit's generic checks (gonghui.core.testing.ModelViewTests)."""

import datetime

from django.contrib.auth import get_user_model

from gonghui.core.testing import ModelViewTests
from gonghui.democracy import testing as dt
from gonghui.democracy.models import AgendaItem, Congress, Delegate, EmployerRule, Motion, Session, Setup, StarRating

DAY = "2025-03-01"


def _root():
    return get_user_model().objects.get(username="root")


def _congress(tree):
    return dt.congress(_root(), tree["EA2"], term=Congress.objects.filter(org=tree["EA2"]).count() + 1)


class Prepared(ModelViewTests):
    """The records an API payload refers to are built with the object under test (before any check takes its
    snapshot of the change log): ``prepare(tree, marker)``."""

    def build(self, org, actor, marker):
        from gonghui.orgs.models import Organisation

        obj = super().build(org, actor, marker)
        tree = {o.code.removeprefix("C01"): o for o in Organisation.objects.filter(code__in=["C01EA2"])}
        self.prepared = self.prepare(tree, marker)
        return obj

    def prepare(self, tree, marker):
        return {}


class TestSetupViews(Prepared):
    model = Setup
    list_url_name, detail_url_name, edit_url_name = ("democracy:setup_list", "democracy:setup_detail",
                                                     "democracy:setup_edit")
    api_path = "/api/v1/congress-systems/"

    def form_data(self, obj, marker):
        return {"form": "regional", "body": "teachers", "established_on": DAY, "note": marker}

    def check_saved(self, obj, marker):
        assert (obj.form, obj.body, obj.note) == ("regional", "teachers", marker)

    def prepare(self, tree, marker):
        return {"unit": dt.employer(_root(), tree["EA2"], name=f"{marker}厂")}

    def api_payload(self, tree, marker):
        return {"unit": self.prepared["unit"].pk, "org": tree["EA2"].pk, "form": "own", "body": "workers",
                "established_on": DAY, "note": marker}

    def api_update(self, obj, marker):
        return {"note": marker}


class TestCongressViews(ModelViewTests):
    model = Congress
    list_url_name, detail_url_name, edit_url_name = ("democracy:congress_list", "democracy:congress_detail",
                                                     "democracy:congress_edit")
    api_path = "/api/v1/congresses/"

    def form_data(self, obj, marker):
        return {"body": "workers", "title": marker, "term": obj.term, "started_on": DAY, "min_frontline_percent": 60}

    def check_saved(self, obj, marker):
        assert obj.title == marker and obj.min_frontline_percent == 60

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "body": "workers", "title": marker, "term": 3, "started_on": DAY}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestDelegateViews(Prepared):
    model = Delegate
    list_url_name, detail_url_name, edit_url_name, delete_url_name = (
        "democracy:delegate_list", "democracy:delegate_detail", "democracy:delegate_edit", "democracy:delegate_delete")
    api_path = "/api/v1/congress-delegates/"

    def form_data(self, obj, marker):
        return {"member": obj.member_id, "constituency": marker, "category": "technician"}

    def check_saved(self, obj, marker):
        assert obj.constituency == marker and obj.category == "technician"

    def prepare(self, tree, marker):
        from gonghui.members.services import create_member
        from gonghui.members.testing import member_data

        return {"congress": _congress(tree), "member": create_member(_root(), tree["EA2"], member_data(name=marker))}

    def api_payload(self, tree, marker):
        return {"congress": self.prepared["congress"].pk, "member": self.prepared["member"].pk,
                "constituency": "一团", "category": "frontline"}

    def api_update(self, obj, marker):
        return {"constituency": marker}


class TestSessionViews(Prepared):
    model = Session
    list_url_name, detail_url_name, edit_url_name = ("democracy:session_list", "democracy:session_detail",
                                                     "democracy:session_edit")
    api_path = "/api/v1/congress-sessions/"

    def form_data(self, obj, marker):
        return {"number": obj.number, "kind": "plenary", "due_on": "2026-01-31", "note": marker}

    def check_saved(self, obj, marker):
        assert obj.note == marker and obj.due_on == datetime.date(2026, 1, 31)

    def prepare(self, tree, marker):
        return {"congress": _congress(tree)}

    def api_payload(self, tree, marker):
        return {"congress": self.prepared["congress"].pk, "number": 1, "kind": "joint", "note": marker}

    def api_update(self, obj, marker):
        return {"note": marker}


class TestItemViews(Prepared):
    model = AgendaItem
    api_path = "/api/v1/congress-items/"

    def prepare(self, tree, marker):
        from gonghui.democracy import services

        return {"session": services.save_session(_root(), None, congress=_congress(tree), number=1, kind="plenary")}

    def api_payload(self, tree, marker):
        return {"session": self.prepared["session"].pk, "kind": "welfare", "title": marker}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestMotionViews(Prepared):
    model = Motion
    list_url_name, detail_url_name, edit_url_name = ("democracy:motion_list", "democracy:motion_detail",
                                                     "democracy:motion_edit")
    api_path = "/api/v1/congress-motions/"

    def form_data(self, obj, marker):
        return {"title": marker, "content": "修改后的内容", "filer": obj.filer_id, "filed_on": DAY}

    def check_saved(self, obj, marker):
        assert obj.title == marker and obj.content == "修改后的内容"

    def prepare(self, tree, marker):
        c = _congress(tree)
        return {"congress": c, "filer": dt.delegates(_root(), c, 1, name=f"{marker}人")[0]}

    def api_payload(self, tree, marker):
        return {"congress": self.prepared["congress"].pk, "filer": self.prepared["filer"].pk, "title": marker,
                "content": "建议", "filed_on": DAY}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestRuleViews(Prepared):
    model = EmployerRule
    list_url_name, detail_url_name, edit_url_name = ("democracy:rule_list", "democracy:rule_detail",
                                                     "democracy:rule_edit")
    api_path = "/api/v1/employer-rules/"

    def form_data(self, obj, marker):
        return {"kind": "wages", "title": marker, "adopted_on": DAY, "item": "", "note": ""}

    def check_saved(self, obj, marker):
        assert obj.title == marker and obj.kind == "wages"

    def prepare(self, tree, marker):
        return {"unit": dt.employer(_root(), tree["EA2"], name=f"{marker}厂")}

    def api_payload(self, tree, marker):
        return {"unit": self.prepared["unit"].pk, "kind": "rules", "title": marker, "adopted_on": DAY}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestStarViews(Prepared):
    model = StarRating
    list_url_name, detail_url_name, edit_url_name = ("democracy:star_list", "democracy:star_detail",
                                                     "democracy:star_edit")
    api_path = "/api/v1/star-congresses/"

    def form_data(self, obj, marker):
        return {"year": obj.year, "stars": 5, "rated_on": DAY, "evidence": marker}

    def check_saved(self, obj, marker):
        assert obj.stars == 5 and obj.evidence == marker

    def prepare(self, tree, marker):
        return {"congress": _congress(tree)}

    def api_payload(self, tree, marker):
        return {"congress": self.prepared["congress"].pk, "year": 2025, "stars": 3, "rated_on": DAY, "evidence": marker}

    def api_update(self, obj, marker):
        return {"evidence": marker}

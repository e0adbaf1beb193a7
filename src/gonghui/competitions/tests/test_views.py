"""Every model's pages and API through the kit's generic checks (gonghui.core.testing.ModelViewTests)."""

from django.contrib.auth import get_user_model

from gonghui.competitions import testing as ct
from gonghui.competitions.models import (
    Competition,
    Contest,
    Entrant,
    Innovation,
    Mentorship,
    Participant,
    Proposal,
    Studio,
    TechAssociation,
)
from gonghui.core.testing import ModelViewTests

DAY = "2025-03-01"


def _root():
    return get_user_model().objects.get(username="root")


class Prepared(ModelViewTests):
    """The records an API payload refers to are built with the object under test (before any check takes its
    snapshot of the change log)."""

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        self.prepared = self.prepare(org.get_parent(), org, marker)
        return obj

    def prepare(self, parent, org, marker):
        return None


class TestCompetitionViews(ModelViewTests):
    model = Competition
    list_url_name, detail_url_name, edit_url_name = ("competitions:competition_list",
                                                     "competitions:competition_detail",
                                                     "competitions:competition_edit")
    delete_url_name = "competitions:competition_delete"
    api_path = "/api/v1/labour-competitions/"

    def form_data(self, obj, marker):
        return {"title": marker, "kind": "energy", "starts_on": DAY, "ends_on": "2025-12-31"}

    def check_saved(self, obj, marker):
        assert (obj.title, obj.kind) == (marker, "energy")

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "title": marker, "kind": "post", "starts_on": DAY}

    def api_update(self, obj, marker):
        return {"results": marker}


class TestParticipantViews(Prepared):
    model = Participant
    list_url_name, detail_url_name, edit_url_name = ("competitions:participant_list",
                                                     "competitions:participant_detail",
                                                     "competitions:participant_edit")
    delete_url_name = "competitions:participant_delete"
    api_path = "/api/v1/competition-participants/"

    def form_data(self, obj, marker):
        return {"kind": "team", "name": marker, "headcount": 12, "rank": 1}

    def check_saved(self, obj, marker):
        assert (obj.name, obj.headcount, obj.rank) == (marker, 12, 1)

    def api_payload(self, tree, marker):
        return {"competition": self.prepared.pk, "org": tree["EA2"].pk, "kind": "worker", "name": marker,
                "headcount": 1}

    def api_update(self, obj, marker):
        return {"result": marker}

    def prepare(self, parent, org, marker):  # a higher union's competition, joined by EA2
        return ct.competition(_root(), parent.get_parent(), title=f"{marker}赛")


class TestContestViews(ModelViewTests):
    model = Contest
    list_url_name, detail_url_name, edit_url_name = ("competitions:contest_list", "competitions:contest_detail",
                                                     "competitions:contest_edit")
    api_path = "/api/v1/skill-contests/"

    def form_data(self, obj, marker):
        return {"title": marker, "trade": "焊工", "level": "enterprise", "held_on": DAY}

    def check_saved(self, obj, marker):
        assert (obj.title, obj.trade) == (marker, "焊工")

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "title": marker, "trade": "车工", "level": "enterprise", "held_on": DAY}

    def api_update(self, obj, marker):
        return {"note": marker}


class TestEntrantViews(Prepared):
    model = Entrant
    list_url_name, detail_url_name, edit_url_name = ("competitions:entrant_list", "competitions:entrant_detail",
                                                     "competitions:entrant_edit")
    delete_url_name = "competitions:entrant_delete"
    api_path = "/api/v1/contest-entrants/"

    def form_data(self, obj, marker):
        return {"worker_name": marker, "employer_name": obj.employer_name, "round": 1, "score": "95.5", "rank": 1,
                "title": "champion", "grade_before": "中级工", "grade_after": "高级工"}

    def check_saved(self, obj, marker):
        assert (obj.worker_name, obj.rank, obj.title, obj.upgraded) == (marker, 1, "champion", True)

    def api_payload(self, tree, marker):
        return {"contest": self.prepared.pk, "worker_name": marker, "employer_name": "乙厂", "round": 1}

    def api_update(self, obj, marker):
        return {"worker_name": marker}

    def prepare(self, parent, org, marker):
        return ct.contest(_root(), parent, title=f"{marker}赛")


class TestProposalViews(ModelViewTests):
    model = Proposal
    list_url_name, detail_url_name, edit_url_name = ("competitions:proposal_list", "competitions:proposal_detail",
                                                     "competitions:proposal_edit")
    api_path = "/api/v1/rationalisation-proposals/"

    def form_data(self, obj, marker):
        return {"title": marker, "content": "内容", "category": "safety", "author_name": "张三", "filed_on": DAY}

    def check_saved(self, obj, marker):
        assert (obj.title, obj.category) == (marker, "safety")

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "title": marker, "content": "内容", "category": "energy",
                "author_name": "张三", "filed_on": DAY}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestInnovationViews(ModelViewTests):
    model = Innovation
    list_url_name, detail_url_name, edit_url_name = ("competitions:innovation_list",
                                                     "competitions:innovation_detail",
                                                     "competitions:innovation_edit")
    delete_url_name = "competitions:innovation_delete"
    api_path = "/api/v1/innovations/"

    def form_data(self, obj, marker):
        return {"kind": "patent", "title": marker, "workers": "王大力", "achieved_on": DAY,
                "patent_number": "ZL202510000001.2", "benefit": "1000"}

    def check_saved(self, obj, marker):
        assert (obj.title, obj.patent_number) == (marker, "ZL202510000001.2")

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "kind": "method", "title": marker, "workers": "王大力",
                "named_after": "王大力", "achieved_on": DAY, "benefit": "200.00"}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestStudioViews(ModelViewTests):
    model = Studio
    list_url_name, detail_url_name, edit_url_name = ("competitions:studio_list", "competitions:studio_detail",
                                                     "competitions:studio_edit")
    api_path = "/api/v1/innovation-studios/"

    def form_data(self, obj, marker):
        return {"name": marker, "kind": "worker", "lead_name": "赵工", "level": "district", "recognised_on": DAY}

    def check_saved(self, obj, marker):
        assert (obj.name, obj.level) == (marker, "district")

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "kind": "craftsman", "lead_name": "赵工", "level": "city",
                "recognised_on": DAY}

    def api_update(self, obj, marker):
        return {"note": marker}


class TestAssociationViews(ModelViewTests):
    model = TechAssociation
    list_url_name, detail_url_name, edit_url_name = ("competitions:association_list",
                                                     "competitions:association_detail",
                                                     "competitions:association_edit")
    delete_url_name = "competitions:association_delete"
    api_path = "/api/v1/technical-associations/"

    def form_data(self, obj, marker):
        return {"name": marker, "member_count": 45, "founded_on": DAY}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "member_count": 10, "founded_on": DAY}

    def api_update(self, obj, marker):
        return {"note": marker}


class TestMentorshipViews(ModelViewTests):
    model = Mentorship
    list_url_name, detail_url_name, edit_url_name = ("competitions:mentorship_list",
                                                     "competitions:mentorship_detail",
                                                     "competitions:mentorship_edit")
    delete_url_name = "competitions:mentorship_delete"
    api_path = "/api/v1/master-apprentice-pairs/"

    def form_data(self, obj, marker):
        return {"master_name": marker, "apprentice_name": "小王", "starts_on": DAY, "ends_on": "2026-03-01"}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "master_name": marker, "apprentice_name": "小张", "starts_on": DAY}

    def api_update(self, obj, marker):
        return {"outcome": marker}

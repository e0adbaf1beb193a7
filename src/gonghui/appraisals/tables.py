import django_tables2 as tables

from gonghui.core.tables import BaseTable, StatusColumn, table_for

from .models import Appraisal, Criterion, MemberRating, RatingRound, Scheme, Score

SchemeTable = table_for(Scheme, ("name", "org", "kind", "level", "grades", "status"), styles=Scheme.status_styles)
CriterionTable = table_for(Criterion, ("title", "scheme", "section", "weight", "source", "indicator"))
ScoreTable = table_for(Score, ("criterion", "appraisal", "self_score", "inspection_score"))
RoundTable = table_for(RatingRound, ("title", "org", "scheme", "opens_on", "closes_on", "members_total", "status"),
                       styles=RatingRound.status_styles)
RatingTable = table_for(MemberRating, ("round", "member", "average", "rated_on"))


class AppraisalTable(BaseTable):
    org = tables.Column(linkify=lambda record: record.get_absolute_url())
    status = StatusColumn(Appraisal.status_styles)

    class Meta:
        model = Appraisal
        fields = ("org", "scheme", "year", "grade_sought", "status", "self_score", "inspection_score", "grade",
                  "awarded_on", "recheck_due")

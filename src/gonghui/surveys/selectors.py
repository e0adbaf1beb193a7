"""Reads: surveys in an official's scope, the surveys a member may answer, and the results of a survey."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import pooling, scope
from gonghui.core.workbench import todo_item
from gonghui.members.choices import COUNTED_MEMBER_STATUSES
from gonghui.members.models import Member

from .choices import HELD_STATUSES, QuestionKind, SurveyStatus
from .models import Participation, Response, Survey

PATH_STEP = 4  # characters of an organisation's path per level of the tree
CLOSING_SOON_DAYS = 3
LOW_RESPONSE_PERCENT = 50


def surveys_for(user):
    return Survey.objects.for_user(user).select_related("org")


def target_paths(survey):
    """The paths of the subtrees the survey is sent to: the chosen unions, else the organising union's."""
    chosen = [o.path for o in survey.target_orgs.all()]
    return chosen or [survey.org.path]


def target_q(survey, field="org"):
    q = Q(pk__in=[])
    for path in target_paths(survey):
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def targeted_members(survey):
    """The members the survey is sent to now (those the statistics count)."""
    return Member.objects.filter(target_q(survey), status__in=COUNTED_MEMBER_STATUSES)


def _ancestor_paths(path):
    return [path[:n] for n in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def member_surveys(member):
    """The surveys sent (open or closed) to the member's union: the member's own union or one above it is the
    organising union (no chosen unions) or one of the chosen unions."""
    paths = _ancestor_paths(member.org.path)
    return (Survey.objects.filter(status__in=HELD_STATUSES)
            .filter(Q(target_orgs__isnull=True, org__path__in=paths) | Q(target_orgs__path__in=paths))
            .distinct().select_related("org").order_by("closes_on", "pk"))


def member_survey(member, key):
    """The survey sent to the member with this portal key, or None (not sent to the member, or no such survey)."""
    try:
        return member_surveys(member).filter(key=key).first()
    except (ValueError, TypeError):
        return None


def has_answered(survey, member):
    return Participation.objects.filter(survey=survey, member=member).exists()


def answered_ids(member):
    return set(Participation.objects.filter(member=member).values_list("survey_id", flat=True))


def questions_of(survey):
    return list(survey.questions.all())


# --- results ---------------------------------------------------------------------------------------------------


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def response_rate(survey):
    return percent(survey.response_count, survey.target_count)


def _answered(value):
    return value not in (None, "", [])


def results(survey, questions=None):
    """Per question: how many answered it; for choices and the scale, the count and share of each option (of those
    who answered the question: several options of a multiple choice add up to more than 100%), the scale's
    average; for text questions, the answers."""
    questions = questions_of(survey) if questions is None else questions
    out = []
    tallies = {q.pk: {"question": q, "answered": 0, "counts": {}, "texts": [], "sum": 0} for q in questions}
    for answers in pooling.stream(Response.objects.filter(survey=survey).order_by("submitted_on", "pk").values_list(
            "answers", flat=True), 2000):
        for q in questions:
            value = (answers or {}).get(str(q.pk))
            if not _answered(value):
                continue
            t = tallies[q.pk]
            t["answered"] += 1
            if q.kind == QuestionKind.TEXT:
                t["texts"].append(str(value))
                continue
            for v in (value if isinstance(value, list) else [value]):
                t["counts"][v] = t["counts"].get(v, 0) + 1
            if q.kind == QuestionKind.SCALE:
                t["sum"] += int(value)
    for q in questions:
        t = tallies[q.pk]
        if q.is_choice:
            labels = list(enumerate(q.options))
        elif q.kind == QuestionKind.SCALE:
            labels = [(n, scale_label(q, n)) for n in range(1, 6)]
        else:
            labels = []
        rows = [{"label": label, "count": t["counts"].get(value, 0),
                 "percent": percent(t["counts"].get(value, 0), t["answered"])} for value, label in labels]
        average = None
        if q.kind == QuestionKind.SCALE and t["answered"]:
            average = (Decimal(t["sum"]) / t["answered"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        out.append({"question": q, "answered": t["answered"], "rows": rows, "average": average, "texts": t["texts"]})
    return out


def scale_label(question, n):
    end = question.low_label if n == 1 else question.high_label if n == 5 else ""
    return f"{n} · {end}" if end else str(n)


def chart_data(result):
    """What the page's script draws: one bar chart per choice or scale question."""
    return [{"id": f"chart-q{r['question'].pk}", "title": r["question"].text,
             "labels": [str(row["label"]) for row in r["rows"]], "counts": [row["count"] for row in r["rows"]]}
            for r in result if r["rows"]]


# --- the workbench ---------------------------------------------------------------------------------------------


def closing_soon_q(today):
    """Open, closing within three days, and answered by fewer than half of the members targeted."""
    return Q(status=SurveyStatus.OPEN, closes_on__gte=today,
             closes_on__lte=today + datetime.timedelta(days=CLOSING_SOON_DAYS),
             target_count__gt=F("response_count") * (100 // LOW_RESPONSE_PERCENT))


def workbench_todo(user, today):
    if not scope.can(user, "change", None):
        return []
    qs = surveys_for(user).filter(closing_soon_q(today)).order_by("closes_on", "pk")
    return [todo_item("surveys_low_response", _("Surveys closing soon with few responses"), qs,
                      f"{reverse('surveys:survey_list')}?closing_soon=yes", urgency="due", when="closes_on")]

"""A survey's results and raw responses as CSV or XLSX, through the one export writer (``gonghui.core.exports``).
The raw responses of an anonymous survey carry nothing about the member; text answers are masked as on the page
(ID and mobile numbers typed into them) unless the reader may reveal personal data at the survey's union."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core import audit, pii, pooling, scope
from gonghui.core.exports import rows_response
from gonghui.core.models import AuditAction

from . import selectors
from .choices import QuestionKind
from .models import Response


def result_rows(survey, can_reveal):
    yield [_("Question"), pgettext("survey", "Answer"), _("Count"), _("Share (%)")]
    for r in selectors.results(survey):
        q = r["question"]
        for row in r["rows"]:
            yield [q.text, str(row["label"]), row["count"], row["percent"]]
        if r["average"] is not None:
            yield [q.text, _("Average"), r["average"], None]
        for text in r["texts"]:
            yield [q.text, text if can_reveal else pii.mask_free_text(text), None, None]
        yield [q.text, pgettext("survey", "Answered"), r["answered"], None]
    yield [_("Responses"), "", survey.response_count, None]
    yield [_("Members targeted"), "", survey.target_count, selectors.response_rate(survey)]


def _answer_text(q, value, can_reveal):
    if value in (None, "", []):
        return ""
    if q.kind == QuestionKind.SINGLE:
        return q.options[value] if 0 <= value < len(q.options) else ""
    if q.kind == QuestionKind.MULTIPLE:
        return "；".join(q.options[v] for v in value if 0 <= v < len(q.options))
    if q.kind == QuestionKind.SCALE:
        return value
    return value if can_reveal else pii.mask_free_text(value)


def response_rows(survey, can_reveal):
    questions = selectors.questions_of(survey)
    named = not survey.anonymous
    header = [_("No."), _("Submitted on")]
    if named:
        header += [_("Member"), _("member number")]
    yield header + [f"{n}. {q.text}" for n, q in enumerate(questions, 1)]
    responses = Response.objects.filter(survey=survey)
    # Anonymous responses in the order of their random keys, not the order members answered in.
    responses = responses.select_related("member").order_by("submitted_on", "pk") if named else responses.order_by("pk")
    for n, r in enumerate(pooling.stream(responses, 2000), 1):
        row = [n, r.submitted_on]
        if named:
            row += [r.member.name if r.member else "", r.member.member_no if r.member else ""]
        yield row + [_answer_text(q, (r.answers or {}).get(str(q.pk)), can_reveal) for q in questions]


def survey_export(user, survey, what, fmt):
    can_reveal = scope.can(user, "reveal_pii", survey.org)
    rows = result_rows(survey, can_reveal) if what == "results" else response_rows(survey, can_reveal)
    audit.record(AuditAction.EXPORT, survey, user=user, count=survey.response_count, note=f"{fmt} {what}")
    return rows_response(rows, fmt, f"survey-{survey.pk}-{what}")

"""Pages of standards and appraisal: schemes and their criteria, appraisals from the self-check to the award and its
re-checks, the ranking of an annual assessment, member rating rounds."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from gonghui.core import audit, scope
from gonghui.core.exports import rows_response
from gonghui.core.forms import ReasonForm, apply_validation_error
from gonghui.core.models import AuditAction
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
    ScopedObjectMixin,
)

from . import forms, selectors, services
from .filtersets import AppraisalFilterSet, RatingFilterSet, RoundFilterSet, SchemeFilterSet
from .models import EvidenceFile
from .tables import AppraisalTable, RatingTable, RoundTable, SchemeTable


class PrefillMixin:
    prefill = ()

    def get_initial(self):
        return {name: self.request.GET[name] for name in self.prefill if self.request.GET.get(name, "").isdigit()}


# --- schemes ------------------------------------------------------------------------------------------------------


class SchemeListView(ObjectListView):
    title = _("Appraisal schemes")
    export_name = "appraisal-schemes"
    selector = staticmethod(selectors.schemes_for)
    filterset_class, table_class = SchemeFilterSet, SchemeTable
    add_url_name = "appraisals:scheme_add"


class SchemeDetailView(ObjectDetailView):
    selector = staticmethod(selectors.schemes_for)
    template_name = "appraisals/scheme_detail.html"
    list_url_name, edit_url_name = "appraisals:scheme_list", "appraisals:scheme_edit"

    def get_object_context(self, scheme):
        criteria = list(scheme.criteria.all())
        return {"criteria": criteria, "weight_total": sum(c.weight for c in criteria),
                "draft": scheme.status == "draft" and self.context["can_change"],
                "in_use": scheme.status == "published" and self.context["can_change"],
                "appraisals": scheme.appraisals.values("status").annotate(n=Count("pk")).order_by("status")}


class SchemeEditView(ObjectEditView):
    selector = staticmethod(selectors.schemes_for)
    form_class, list_url_name = forms.SchemeForm, "appraisals:scheme_list"
    title_add, title_edit = _("Define an appraisal scheme"), _("Edit the scheme")


class SchemePublishView(ObjectActionView):
    selector = staticmethod(selectors.schemes_for)
    transition = "publish"
    message = _("A scheme in use keeps its criteria: the unions below apply for it and are scored on them.")
    success_message = _("The scheme is in use.")
    service = services.publish_scheme


class SchemeRetireView(ObjectActionView):
    selector = staticmethod(selectors.schemes_for)
    transition = "retire"
    danger = True
    message = _("No new appraisal can start against a retired scheme; awards already made stay.")
    success_message = _("The scheme is retired.")
    service = services.retire_scheme


class CriterionEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.criteria_for)
    form_class, list_url_name = forms.CriterionForm, "appraisals:scheme_list"
    title_add, title_edit = _("Add a criterion"), _("Edit the criterion")
    prefill = ("scheme",)


class CriterionDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.criteria_for)
    list_url_name = "appraisals:scheme_list"
    service = services.delete_criterion

    def success_url(self, obj, result):
        return obj.scheme.get_absolute_url()


# --- appraisals ---------------------------------------------------------------------------------------------------


class AppraisalListView(ObjectListView):
    title = _("Appraisals")
    export_name = "appraisals"
    selector = staticmethod(selectors.appraisals_for)
    filterset_class, table_class = AppraisalFilterSet, AppraisalTable
    add_url_name = "appraisals:appraisal_add"


class AppraisalDetailView(ObjectDetailView):
    selector = staticmethod(selectors.appraisals_for)
    template_name = "appraisals/appraisal_detail.html"
    list_url_name, edit_url_name = "appraisals:appraisal_list", "appraisals:appraisal_edit"

    def get_object_context(self, appraisal):
        rating_round = services.latest_round(appraisal)
        files = services.evidence_of(appraisal)
        scores = services.scores_of(appraisal)
        for score in scores:
            score.evidence_files = files.get(score.pk, [])
        return {"scores": scores,
                "self_checking": appraisal.status == "self_check" and self.context["can_change"],
                "rating_round": rating_round,
                "rating": services.round_result(rating_round) if rating_round else None}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = ctx["can_change"] and ctx["object"].status == "self_check"
        return ctx


class AppraisalEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.appraisals_for)
    form_class, list_url_name = forms.AppraisalForm, "appraisals:appraisal_list"
    title_add, title_edit = _("Start a self-check"), _("Edit the appraisal")
    prefill = ("scheme",)


class ScoreSheetMixin:
    score_field, note_field, required = "self_score", "evidence", False
    note_label = _("Evidence")

    def form_kwargs(self, obj):
        return {"scores": services.scores_of(obj), "score_field": self.score_field, "note_field": self.note_field,
                "note_label": self.note_label, "required": self.required}


class AppraisalSelfCheckView(ScoreSheetMixin, ObjectActionView):
    """The union's own scores with their evidence (while it checks itself)."""

    selector = staticmethod(selectors.appraisals_for)
    form_class = forms.ScoreSheetForm
    title = _("Self-check scores")
    message = _("Score each criterion up to its weight and say what evidence you hold. Criteria from indicators "
                "and from the member rating are scored by themselves.")
    success_message = _("The self-check scores are saved.")

    def perform(self, obj, form):
        return services.self_check(self.request.user, obj, form.score_map())


class AppraisalEvidenceView(ObjectActionView):
    """Attach a file of evidence to a criterion (while the union checks itself)."""

    selector = staticmethod(selectors.appraisals_for)
    form_class = forms.EvidenceForm
    title = _("Attach evidence")
    message = _("The union above sees the files at the inspection. They are only ever downloaded.")
    success_message = _("The evidence file is attached.")

    def form_kwargs(self, obj):
        return {"scores": services.scores_of(obj)}

    def initial(self, obj):
        criterion = self.request.GET.get("criterion", "")
        return {"criterion": int(criterion)} if criterion.isdigit() else {}

    def perform(self, obj, form):
        services.attach_evidence(self.request.user, obj, form.cleaned_data["criterion"], form.cleaned_data["file"])
        return obj


class EvidenceDownloadView(DownloadView):
    """An evidence file of an appraisal, for those who may read the appraisal (the union and those above it)."""

    selector = staticmethod(selectors.appraisals_for)
    file_model, file_parent = EvidenceFile, "score__appraisal"


class EvidenceDeleteView(ObjectActionView):
    """Remove a file of evidence after confirming, while the union checks itself; in the change log."""

    selector = staticmethod(selectors.appraisals_for)
    title = _("Remove the evidence file")
    danger = True
    success_message = _("The evidence file is removed.")

    def check(self, obj):
        super().check(obj)  # the right to change the appraisal at its union (403 otherwise)
        self.evidence = get_object_or_404(EvidenceFile.objects.select_related("score__criterion"),
                                          pk=self.kwargs["file"], score__appraisal=obj)
        if obj.status != "self_check":
            raise PermissionDenied(gettext("Evidence can only be removed during the self-check."))

    def context(self, obj, form):
        message = gettext("Remove “%(file)s” from “%(criterion)s”? This cannot be undone.") % {
            "file": self.evidence.file_name, "criterion": self.evidence.score.criterion.title}
        return {**super().context(obj, form), "message": message}

    def perform(self, obj, form):
        return services.delete_evidence(self.request.user, obj, self.evidence)


class AppraisalApplyView(ObjectActionView):
    selector = staticmethod(selectors.appraisals_for)
    transition = "apply"
    message = _("The union above inspects the application. Every criterion must be scored.")
    success_message = _("The application is sent to the union above.")
    service = services.apply


class AppraisalInspectView(ScoreSheetMixin, ObjectActionView):
    selector = staticmethod(selectors.appraisals_for)
    transition = "inspect"
    form_class = forms.InspectForm
    score_field, note_field, required = "inspection_score", "finding", True
    note_label = _("Finding")
    message = _("Your score for every criterion, up to its weight. Automatic criteria are scored by themselves.")
    success_message = _("The inspection is recorded.")
    template_name = "appraisals/inspect.html"

    def context(self, obj, form):
        files = services.evidence_of(obj)
        rows = []
        for score in services.scores_of(obj):
            if files.get(score.pk):
                score.evidence_files = files[score.pk]
                rows.append(score)
        return {**super().context(obj, form), "evidence_rows": rows}

    def perform(self, obj, form):
        return services.inspect(self.request.user, obj, form.score_map(), findings=form.cleaned_data["findings"],
                                inspected_on=form.cleaned_data["inspected_on"])


class AppraisalAcceptView(ObjectActionView):
    selector = staticmethod(selectors.appraisals_for)
    transition = "accept"
    form_class = forms.AcceptForm
    success_message = _("The appraisal is accepted.")
    service, service_fields = services.accept, ("accepted_on",)


class AppraisalSendBackView(ObjectActionView):
    selector = staticmethod(selectors.appraisals_for)
    transition = "send_back"
    form_class = ReasonForm
    danger = True
    message = _("The union checks itself again and applies anew.")
    success_message = _("The appraisal is returned for rework.")
    service, service_fields = services.send_back, ("reason",)


class AppraisalAwardView(ObjectActionView):
    selector = staticmethod(selectors.appraisals_for)
    transition = "award"
    form_class = forms.AwardForm
    success_message = _("The grade is awarded.")
    service, service_fields = services.award, ("grade", "certificate_no", "awarded_on")

    def form_kwargs(self, obj):
        return {"grades": obj.scheme.grade_list}

    def initial(self, obj):
        return {"grade": obj.grade_sought}


class AppraisalRecheckView(ObjectActionView):
    selector = staticmethod(selectors.appraisals_for)
    transition = "recheck"
    form_class = forms.RecheckForm
    message = _("The union still meets the standard: the next re-check falls due a period later.")
    success_message = _("The re-check is recorded.")
    service, service_fields = services.recheck, ("rechecked_on", "note")


class AppraisalRevokeView(ObjectActionView):
    selector = staticmethod(selectors.appraisals_for)
    transition = "revoke"
    form_class = ReasonForm
    danger = True
    success_message = _("The award is revoked.")
    service, service_fields = services.revoke, ("reason",)


class AssessmentStartView(OfficialRequiredMixin, View):
    """Start the annual 百分制 assessment of the unions directly below a union."""

    template_name = "core/object_edit.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not scope.is_unrestricted(user) and not (
                scope.orgs_for(user).filter(scope.action_filter(user, "change", "")).exists()):
            raise PermissionDenied(gettext("Your role does not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form):
        title = gettext("Start an annual assessment")
        return render(self.request, self.template_name, {"form": form, "title": title,
                                                         "cancel_url": reverse("appraisals:appraisal_list")})

    def get(self, request):
        scheme = request.GET.get("scheme", "")
        initial = {"scheme": scheme} if scheme.isdigit() else {}
        return self.render_form(forms.AssessmentForm(user=request.user, initial=initial))

    def post(self, request):
        form = forms.AssessmentForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                started = services.start_assessment(request.user, form.cleaned_data["scheme"],
                                                    form.cleaned_data["org"], form.cleaned_data["year"])
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                messages.success(request, gettext("%(n)s unions are to be assessed.") % {"n": len(started)})
                scheme = form.cleaned_data["scheme"]
                return redirect(f"{scheme_ranking_url(scheme)}?year={form.cleaned_data['year']}")
        return self.render_form(form)


def scheme_ranking_url(scheme):
    return reverse("appraisals:scheme_ranking", args=[scheme.pk])


class RankingView(ScopedObjectMixin, View):
    """The unions appraised against a scheme in a year, ranked by score (the annual assessment's ranking)."""

    template_name = "appraisals/ranking.html"
    selector = staticmethod(selectors.ranking_schemes)

    def get(self, request, pk):
        scheme = self.get_object()
        years = sorted(set(selectors.appraisals_for(request.user).filter(scheme=scheme)
                           .values_list("year", flat=True)), reverse=True)
        year = request.GET.get("year", "")
        year = int(year) if year.isdigit() else (years[0] if years else None)
        appraisals = selectors.appraisals_for(request.user).filter(scheme=scheme, year=year)
        rows = services.ranking(appraisals)
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            audit.record(AuditAction.EXPORT, scheme, user=request.user, count=len(rows))
            header = [gettext("Rank"), gettext("Union"), gettext("Self-check score"), gettext("Inspection score"),
                      gettext("Status"), gettext("Grade")]
            return rows_response([header]
                                 + [[rank, a.org.name, a.self_score, a.inspection_score, a.get_status_display(),
                                     a.grade] for rank, a in rows], fmt, f"ranking-{scheme.pk}-{year}")
        return render(request, self.template_name, {"scheme": scheme, "year": year, "years": years, "rows": rows,
                                                    "title": gettext("Ranking: %(scheme)s") % {"scheme": scheme.name}})


class ScoreSheetExportView(ScopedObjectMixin, View):
    """An appraisal's score sheet (评分表) as CSV or XLSX: each criterion with its weight, the self-check score, the
    evidence (and the files' names), the inspection score and finding; the totals below. Audited as an export."""

    selector = staticmethod(selectors.appraisals_for)

    def get(self, request, pk):
        appraisal = self.get_object()
        fmt = request.GET.get("export", "xlsx")
        fmt = fmt if fmt in ("csv", "xlsx") else "xlsx"
        files = services.evidence_of(appraisal)
        header = [gettext("Section"), gettext("Criterion"), gettext("Weight"), gettext("Self-check score"),
                  gettext("Evidence"), gettext("Evidence files"), gettext("Inspection score"), gettext("Finding")]
        rows = [[s.criterion.section, s.criterion.title, s.criterion.weight, s.self_score, s.evidence,
                 "、".join(f.file_name for f in files.get(s.pk, [])), s.inspection_score, s.finding]
                for s in services.scores_of(appraisal)]
        total = [gettext("Total"), "", sum(r[2] for r in rows), appraisal.self_score, "", "",
                 appraisal.inspection_score, appraisal.findings]
        audit.record(AuditAction.EXPORT, appraisal, user=request.user, count=len(rows))
        return rows_response([header, *rows, total], fmt, f"score-sheet-{appraisal.pk}")


# --- member rating rounds -------------------------------------------------------------------------------------------


class RoundListView(ObjectListView):
    title = _("Member rating (会员评家)")
    export_name = "member-rating-rounds"
    selector = staticmethod(selectors.rounds_for)
    filterset_class, table_class = RoundFilterSet, RoundTable
    add_url_name = "appraisals:round_add"


class RoundDetailView(ObjectDetailView):
    selector = staticmethod(selectors.rounds_for)
    template_name = "appraisals/round_detail.html"
    list_url_name, edit_url_name = "appraisals:round_list", "appraisals:round_edit"

    def get_object_context(self, rating_round):
        return {"result": services.round_result(rating_round),
                "criteria": services.member_criteria(rating_round.scheme),
                "ratings": list(rating_round.ratings.select_related("member").order_by("-rated_on", "-id")[:50])}


class RoundEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.rounds_for)
    form_class, list_url_name = forms.RoundForm, "appraisals:round_list"
    title_add, title_edit = _("Open a member rating"), _("Edit the rating round")
    prefill = ("appraisal", "scheme")


class RoundCloseView(ObjectActionView):
    selector = staticmethod(selectors.rounds_for)
    transition = "close"
    danger = True
    message = _("Members can no longer rate; the result feeds the appraisal.")
    success_message = _("The rating is closed.")
    service = services.close_round




class RatingListView(ObjectListView):
    title = _("Member ratings")
    export_name = "member-ratings"
    selector = staticmethod(selectors.ratings_for)
    filterset_class, table_class = RatingFilterSet, RatingTable

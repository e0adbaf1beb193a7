"""Pages of spreadsheet imports: upload, the check (dry run) with its preview, the import with a live
progress bar, cancel, the error report, and the import templates.

The work itself is done by the engine (:mod:`gonghui.imports.services`) in background jobs
(:mod:`gonghui.core.jobs`): the pages only start jobs and show what they have written on the job record,
so the user may leave and come back at any time.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.core import audit, jobs, scope
from gonghui.core.models import AuditAction
from gonghui.core.views import ObjectActionView, ObjectListView, OfficialRequiredMixin, ScopedObjectMixin, save_valid

from .choices import ImportMode, ImportStatus, is_import_kind
from .filtersets import ImportJobFilterSet
from .forms import ImportJobForm
from .selectors import jobs_for  # noqa: F401  (the API imports it from here too)
from .tables import ImportJobTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WAITING_STATUSES = (ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.IMPORTING)
CANCELLABLE_STATUSES = (ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.VALIDATED, ImportStatus.IMPORTING)
TEMPLATE_LANGUAGES = ("zh-hans", "en")
PREVIEW_ERRORS = 50
PREVIEW_UPDATES = 10

CHECK_JOB = "gonghui.imports.services.check_job"
RUN_IMPORT = "gonghui.imports.services.run_import"


def mark_stale():
    """A job whose worker died shows as failed (with how far it got); cheap enough for every page view."""
    # The pages (and the API, and the upload form) import the services when they call them: their tests put a
    # stand-in engine in its place (tests/fake_engine.py).
    from . import services

    services.mark_stale_jobs_failed()


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"{filename}\""
    response["Cache-Control"] = "no-store"
    return response


def progress(job):
    """Rows done / total, percent, rate (rows/s) and seconds left of the job's current phase."""
    done, total = job.rows_done or 0, job.rows_total or 0
    percent = min(100, int(done * 100 / total)) if total else 0
    rate = seconds_left = None
    if job.phase_started_at and done:
        end = job.finished_at if job.status not in WAITING_STATUSES and job.finished_at else timezone.now()
        elapsed = (end - job.phase_started_at).total_seconds()
        if elapsed > 0:
            rate = done / elapsed
            if total > done and job.status in WAITING_STATUSES:
                seconds_left = int((total - done) / rate) if rate else None
    return {"done": done, "total": total, "percent": percent, "rate": rate, "seconds_left": seconds_left}


def _change_pairs(item):
    """(field, before, after) triples from one entry of ``preview["updates"]``, whatever its exact shape."""
    changes = item.get("changes")
    if isinstance(changes, dict):
        pairs = []
        for field, value in changes.items():
            if isinstance(value, dict):
                pairs.append((field, value.get("before"), value.get("after")))
            elif isinstance(value, (list, tuple)) and len(value) == 2:
                pairs.append((field, value[0], value[1]))
            else:
                pairs.append((field, "", value))
        return pairs
    if isinstance(changes, list):
        return [(c.get("field") or c.get("column"), c.get("before"), c.get("after")) for c in changes
                if isinstance(c, dict)]
    before, after = item.get("before"), item.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        return [(k, before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)]
    return []


def preview_context(job):
    preview = job.preview if isinstance(job.preview, dict) else {}
    errors = preview.get("errors") or []
    updates = []
    for item in (preview.get("updates") or [])[:PREVIEW_UPDATES]:
        if isinstance(item, dict):
            label = item.get("label") or item.get("name") or item.get("member_no") or item.get("code") or ""
            updates.append({"row": item.get("row"), "label": label, "changes": _change_pairs(item)})
    return {
        "errors": errors[:PREVIEW_ERRORS],
        "more_errors": max(0, job.error_rows - min(len(errors), PREVIEW_ERRORS)),
        "updates": updates,
        "unknown_columns": preview.get("unknown_columns") or job.unknown_columns or [],
    }


def job_context(request, job):
    user = request.user
    can_change = scope.can(user, "change", job.org)
    start_blocked = job.mode == ImportMode.ALL_OR_NOTHING and job.error_rows > 0
    return {
        "job": job,
        "object": job,
        "title": str(job),
        "progress": progress(job),
        "polling": job.status in WAITING_STATUSES,
        "waiting_for_worker": job.status == ImportStatus.UPLOADED
        and (timezone.now() - job.created_at).total_seconds() > 10,
        "can_change": can_change,
        "can_start": can_change and job.status == ImportStatus.VALIDATED and not start_blocked,
        "can_resume": can_change and can_resume(job),
        "start_blocked": job.status == ImportStatus.VALIDATED and start_blocked,
        "can_cancel": can_change and job.status in CANCELLABLE_STATUSES and not job.cancel_requested,
        "can_download_errors": can_change and job.error_rows > 0 and job.status != ImportStatus.UPLOADED,
        "checked": job.status not in (ImportStatus.UPLOADED, ImportStatus.VALIDATING),
        **preview_context(job),
    }


class ImportJobListView(ObjectListView):
    title = gettext_lazy("Imports")
    export_name = "imports"
    selector = staticmethod(jobs_for)
    filterset_class = ImportJobFilterSet
    table_class = ImportJobTable
    add_url_name = "imports:job_new"
    actions_template = "imports/partials/list_actions.html"

    def get(self, request, *args, **kwargs):
        mark_stale()
        return super().get(request, *args, **kwargs)


class ImportJobNewView(OfficialRequiredMixin, View):
    template_name = "imports/job_new.html"

    def _require(self):
        if not scope.can(self.request.user, "change", None):
            raise PermissionDenied(_("Your role does not allow importing."))

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "title": _("New import")})

    def get(self, request):
        self._require()
        initial = {}
        if is_import_kind(request.GET.get("kind")):
            initial["kind"] = request.GET["kind"]
        home = getattr(request.user, "home_org", None)
        if home is not None and scope.can(request.user, "change", home):
            initial["org"] = home
        return self.render_form(ImportJobForm(initial=initial, user=request.user))

    def post(self, request):
        self._require()
        form = ImportJobForm(request.POST, request.FILES, user=request.user)
        ok, job = save_valid(form)
        if ok:
            jobs.enqueue(CHECK_JOB, job.pk)
            return HttpResponseRedirect(job.get_absolute_url())
        return self.render_form(form)


class ImportJobDetailView(ScopedObjectMixin, View):
    """The job's state; while it runs, htmx asks for it again every second (the ``job-state`` fragment)."""

    selector = staticmethod(jobs_for)
    template_name = "imports/job_detail.html"

    def get(self, request, pk):
        mark_stale()
        job = self.get_object()
        ctx = job_context(request, job)
        if request.htmx:
            return render(request, "imports/partials/job_state.html", ctx)
        return render(request, self.template_name, ctx)


class ImportJobActionView(ObjectActionView):
    selector = staticmethod(jobs_for)

    def check(self, obj):
        self.require("change", obj.org)


class ImportJobStartView(ImportJobActionView):
    template_name = "imports/job_start.html"
    title = gettext_lazy("Import the checked rows")
    success_message = gettext_lazy("The import has started.")

    def context(self, obj, form):
        ctx = super().context(obj, form)
        ctx.update(job_context(self.request, obj))
        return ctx

    def perform(self, obj, form):
        return start_or_resume(self.request.user, obj)


def can_resume(job):
    """An import that stopped half-way (worker killed): running it again continues after the committed rows."""
    return job.status == ImportStatus.FAILED and (job.preview or {}).get("phase") == "import"


def start_or_resume(user, job):
    from . import services

    if can_resume(job):
        if not scope.can(user, "change", job.org):
            raise PermissionDenied
        jobs.enqueue(RUN_IMPORT, job.pk)  # run_import claims failed → importing, race-safe
        job.refresh_from_db()
        return job
    job = services.start_import(user, job)
    jobs.enqueue(RUN_IMPORT, job.pk)
    return job


class ImportJobCancelView(ImportJobActionView):
    title = gettext_lazy("Cancel the import")
    message = gettext_lazy("The job stops after the batch it is working on; rows already imported stay imported.")
    danger = True
    success_message = gettext_lazy("Cancelling.")

    def perform(self, obj, form):
        from . import services

        return services.request_cancel(self.request.user, obj)


class ImportJobErrorsView(ScopedObjectMixin, View):
    """The error report: the rows with errors as uploaded, with a column saying what is wrong (xlsx)."""

    selector = staticmethod(jobs_for)

    def get(self, request, pk):
        from . import services

        job = self.get_object()
        self.require("change", job.org)
        content = services.error_report(job)
        audit.record(AuditAction.EXPORT, job, user=request.user, count=job.error_rows, note="import error report")
        return xlsx_response(content, f"import-errors-{job.pk}.xlsx")


def template_filename(kind, language):
    return f"gonghui-import-{kind}-{language}.xlsx"


class ImportTemplateView(OfficialRequiredMixin, View):
    """``?kind=members|orgs|units&lang=zh-hans|en``: an empty import workbook with its explanations."""

    def get(self, request):
        from . import services

        kind = request.GET.get("kind", "members")
        if not is_import_kind(kind):
            raise Http404
        lang = (request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "") or "zh-hans").lower()
        lang = lang if lang in TEMPLATE_LANGUAGES else "zh-hans"
        return xlsx_response(services.template_workbook(kind, lang), template_filename(kind, lang))


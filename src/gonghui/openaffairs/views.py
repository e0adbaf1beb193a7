"""Pages of open affairs: employers and their set-up, the catalogue, the posting log, inspections and problems."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import ReasonForm
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from gonghui.orgs.models import EmployerUnit

from . import periods, selectors, services
from .choices import SCHEDULED, PostingStatus
from .filtersets import (
    EmployerFilterSet,
    InspectionFilterSet,
    ItemFilterSet,
    PostingFilterSet,
    ProblemFilterSet,
    SystemFilterSet,
)
from .forms import InspectionForm, ItemForm, PostingForm, ProblemForm, RectifyForm, SystemForm
from .tables import EmployerTable, InspectionTable, ItemTable, PostingTable, ProblemTable, SystemTable

# --- employers and their set-up ---------------------------------------------------------------------------------


class EmployerListView(ObjectListView):
    """Employers that should have the system (those with a union) and whether they have it: the 建制率 list."""

    title = _("Open affairs: employers")
    export_name = "open-affairs-employers"
    selector = staticmethod(selectors.employers_for)
    filterset_class = EmployerFilterSet
    table_class = EmployerTable
    add_url_name = "openaffairs:system_add"


class SystemListView(ObjectListView):
    title = _("Open-affairs systems")
    export_name = "open-affairs-systems"
    selector = staticmethod(selectors.systems_for)
    filterset_class = SystemFilterSet
    table_class = SystemTable
    add_url_name = "openaffairs:system_add"


class SystemDetailView(ObjectDetailView):
    template_name = "openaffairs/system_detail.html"
    selector = staticmethod(selectors.systems_for)
    list_url_name = "openaffairs:system_list"
    edit_url_name, delete_url_name = "openaffairs:system_edit", "openaffairs:system_delete"
    fields = ("unit", "org", "kind", "established", "established_on", "leading_group", "notes")

    def get_object_context(self, system):
        user = self.request.user
        return {"items": selectors.items_for(user).filter(system=system),
                "inspections": selectors.inspections_for(user).filter(system=system)[:12]}


class SystemEditView(ObjectEditView):
    selector = staticmethod(selectors.systems_for)
    form_class = SystemForm
    list_url_name = "openaffairs:system_list"
    title_add = _("Record an employer's open-affairs system")
    title_edit = _("Edit the open-affairs system")

    def get_initial(self):
        unit = EmployerUnit.objects.for_user(self.request.user).filter(pk=self.request.GET.get("unit") or 0).first()
        return {"unit": unit} if unit is not None else {}


class SystemDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.systems_for)
    list_url_name = "openaffairs:system_list"
    message = _("The set-up, its catalogue, postings and inspections are removed. The change log keeps them.")


class SystemDownloadView(DownloadView):
    selector = staticmethod(selectors.systems_for)


# --- the catalogue ----------------------------------------------------------------------------------------------


class ItemListView(ObjectListView):
    title = _("Disclosure catalogue")
    export_name = "disclosure-catalogue"
    selector = staticmethod(selectors.items_for)
    filterset_class = ItemFilterSet
    table_class = ItemTable
    add_url_name = "openaffairs:item_add"


class ItemDetailView(ObjectDetailView):
    template_name = "openaffairs/item_detail.html"
    selector = staticmethod(selectors.items_for)
    list_url_name = "openaffairs:item_list"
    edit_url_name, delete_url_name = "openaffairs:item_edit", "openaffairs:item_delete"
    fields = ("system", "title", "category", "department", "frequency", "form", "since", "active", "notes")

    def get_object_context(self, item):
        return {"postings": selectors.postings_for(self.request.user).filter(item=item)[:24]}


class ItemEditView(ObjectEditView):
    selector = staticmethod(selectors.items_for)
    form_class = ItemForm
    list_url_name = "openaffairs:item_list"
    title_add = _("Add a disclosure item")
    title_edit = _("Edit the disclosure item")

    def get_initial(self):
        system = selectors.systems_for(self.request.user).filter(pk=self.request.GET.get("system") or 0).first()
        return {"system": system} if system is not None else {}


class ItemDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.items_for)
    list_url_name = "openaffairs:item_list"
    message = _("The item and its postings are removed. The change log keeps them.")


class ItemPostView(ObjectActionView):
    """Record a posting of the item for a period (the period's due posting, or a new one)."""

    selector = staticmethod(selectors.items_for)
    form_class = PostingForm
    title = _("Record a posting")
    success_message = _("The posting has been recorded.")
    service = services.record_posting
    service_fields = ("period", "posted_on", "form", "place", "note", "evidence")

    def initial(self, item):
        """The period asked for, else the item's oldest period still to be posted, else the current one."""
        today = timezone.localdate()
        period = self.request.GET.get("period", "")
        if not period and item.frequency in SCHEDULED:
            due = item.postings.filter(status=PostingStatus.DUE).order_by("period_start").first()
            period = due.period if due is not None else periods.token_of(item.frequency, today)
        return {"form": item.form, "posted_on": today, "period": period}

    def success_url(self, item, posting):
        return posting.get_absolute_url()


# --- the posting log --------------------------------------------------------------------------------------------


class PostingListView(ObjectListView):
    title = _("Open-affairs postings")
    export_name = "open-affairs-postings"
    selector = staticmethod(selectors.postings_for)
    filterset_class = PostingFilterSet
    table_class = PostingTable


class PostingDetailView(ObjectDetailView):
    template_name = "openaffairs/posting_detail.html"
    selector = staticmethod(selectors.postings_for)
    list_url_name = "openaffairs:posting_list"
    fields = ("item", (_("employer unit"), "item__system__unit"), "period", "period_start", "period_end",
              "posted_on", "form", "place", "posted_by", "note")


class PostingPostView(ObjectActionView):
    selector = staticmethod(selectors.postings_for)
    transition = "post"
    form_class = PostingForm
    success_message = _("The posting has been recorded.")
    service = services.post
    service_fields = ("posted_on", "form", "place", "note", "evidence")

    def form_kwargs(self, posting):
        return {"with_period": False}

    def initial(self, posting):
        return {"form": posting.item.form, "posted_on": min(timezone.localdate(), posting.period_end)}


class PostingDownloadView(DownloadView):
    selector = staticmethod(selectors.postings_for)


# --- inspections and problems -----------------------------------------------------------------------------------


class InspectionListView(ObjectListView):
    title = _("Open-affairs inspections")
    export_name = "open-affairs-inspections"
    selector = staticmethod(selectors.inspections_for)
    filterset_class = InspectionFilterSet
    table_class = InspectionTable
    add_url_name = "openaffairs:inspection_add"


class InspectionDetailView(ObjectDetailView):
    template_name = "openaffairs/inspection_detail.html"
    selector = staticmethod(selectors.inspections_for)
    list_url_name = "openaffairs:inspection_list"
    edit_url_name, delete_url_name = "openaffairs:inspection_edit", "openaffairs:inspection_delete"
    fields = ("system", "inspected_on", "inspectors", "summary", "recorded_by")

    def get_object_context(self, inspection):
        return {"problems": selectors.problems_for(self.request.user).filter(inspection=inspection)}


class InspectionEditView(ObjectEditView):
    selector = staticmethod(selectors.inspections_for)
    form_class = InspectionForm
    list_url_name = "openaffairs:inspection_list"
    title_add = _("Record an inspection")
    title_edit = _("Edit the inspection")

    def get_initial(self):
        system = selectors.systems_for(self.request.user).filter(pk=self.request.GET.get("system") or 0).first()
        initial = {"inspected_on": timezone.localdate()}
        if system is not None:
            initial["system"] = system
        return initial


class InspectionDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.inspections_for)
    list_url_name = "openaffairs:inspection_list"
    message = _("The inspection and its problems are removed. The change log keeps them.")


class ProblemAddView(ObjectActionView):
    """Record a problem the inspection found, with the deadline to fix it."""

    selector = staticmethod(selectors.inspections_for)
    form_class = ProblemForm
    title = _("Record a problem")
    success_message = _("The problem has been recorded.")

    def form_kwargs(self, inspection):
        return {"user": self.request.user, "inspection": inspection}

    def perform(self, inspection, form):
        return form.save()

    def success_url(self, inspection, problem):
        return inspection.get_absolute_url()


class ProblemListView(ObjectListView):
    title = _("Open-affairs problems")
    export_name = "open-affairs-problems"
    selector = staticmethod(selectors.problems_for)
    filterset_class = ProblemFilterSet
    table_class = ProblemTable


class ProblemDetailView(ObjectDetailView):
    selector = staticmethod(selectors.problems_for)
    list_url_name = "openaffairs:problem_list"
    edit_url_name, delete_url_name = "openaffairs:problem_edit", "openaffairs:problem_delete"
    fields = ("description", (_("employer unit"), "inspection__system__unit"), "inspection", "item", "deadline",
              "rectification", "rectified_on", "verified_by", "verified_on")


class ProblemEditView(ObjectEditView):
    selector = staticmethod(selectors.problems_for)
    form_class = ProblemForm
    list_url_name = "openaffairs:problem_list"
    title_edit = _("Edit the problem")


class ProblemDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.problems_for)
    list_url_name = "openaffairs:problem_list"


class ProblemRectifyView(ObjectActionView):
    selector = staticmethod(selectors.problems_for)
    transition = "rectify"
    form_class = RectifyForm
    success_message = _("The rectification has been recorded.")
    service = services.rectify
    service_fields = ("rectification", "rectified_on")

    def initial(self, problem):
        return {"rectified_on": timezone.localdate()}


class ProblemVerifyView(ObjectActionView):
    selector = staticmethod(selectors.problems_for)
    transition = "verify"
    message = _("The inspectors checked the rectification and accept it.")
    success_message = _("The rectification has been verified.")
    service = services.verify


class ProblemReopenView(ObjectActionView):
    selector = staticmethod(selectors.problems_for)
    transition = "reopen"
    form_class = ReasonForm
    success_message = _("The problem is open again.")
    service = services.reopen
    service_fields = ("reason",)

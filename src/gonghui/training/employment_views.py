"""Officials' pages of employment services: job fairs, vacancies, job seekers (with their referrals; steps: refer,
no longer seeking, seeking again), referrals (steps: placed, not placed, follow-up) and trips home."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.views import ObjectActionView, ObjectDetailView, ObjectEditView, ObjectListView, RevealView

from . import employment, forms, selectors
from .filtersets import HomeTripFilterSet, JobFairFilterSet, JobSeekerFilterSet, ReferralFilterSet, VacancyFilterSet
from .tables import HomeTripTable, JobFairTable, JobSeekerTable, ReferralTable, VacancyTable

FAIR_FIELDS = ("org", "title", "held_on", "place", "employers", "vacancies_offered", "visitors", "notes")
VACANCY_FIELDS = ("org", "employer", "title", "positions", "wage", "place", "requirements", "contact", "fair",
                  "published", "open_until")
TRIP_FIELDS = ("org", "travels_on", "route", "transport", "vehicles", "people", "notes")


class JobFairListView(ObjectListView):
    selector = staticmethod(selectors.fairs_for)
    table_class, filterset_class = JobFairTable, JobFairFilterSet
    title, add_url_name, export_name = gettext_lazy("Job fairs"), "training:fair_add", "job-fairs"


class JobFairDetailView(ObjectDetailView):
    selector = staticmethod(selectors.fairs_for)
    list_url_name, edit_url_name = "training:fair_list", "training:fair_edit"
    fields = FAIR_FIELDS


class JobFairEditView(ObjectEditView):
    selector = staticmethod(selectors.fairs_for)
    form_class, list_url_name = forms.JobFairForm, "training:fair_list"
    title_add, title_edit = gettext_lazy("Add a job fair"), gettext_lazy("Edit the job fair")


class VacancyListView(ObjectListView):
    selector = staticmethod(selectors.vacancies_for)
    table_class, filterset_class = VacancyTable, VacancyFilterSet
    title, add_url_name, export_name = gettext_lazy("Vacancies"), "training:vacancy_add", "vacancies"


class VacancyDetailView(ObjectDetailView):
    selector = staticmethod(selectors.vacancies_for)
    list_url_name, edit_url_name = "training:vacancy_list", "training:vacancy_edit"
    fields = VACANCY_FIELDS


class VacancyEditView(ObjectEditView):
    selector = staticmethod(selectors.vacancies_for)
    form_class, list_url_name = forms.VacancyForm, "training:vacancy_list"
    title_add, title_edit = gettext_lazy("Add a vacancy"), gettext_lazy("Edit the vacancy")


class JobSeekerListView(ObjectListView):
    selector = staticmethod(selectors.seekers_for)
    table_class, filterset_class = JobSeekerTable, JobSeekerFilterSet
    title, add_url_name, export_name = gettext_lazy("Job seekers"), "training:seeker_add", "job-seekers"


class JobSeekerDetailView(ObjectDetailView):
    template_name = "training/seeker_detail.html"
    selector = staticmethod(selectors.seekers_for)
    list_url_name, edit_url_name = "training:seeker_list", "training:seeker_edit"
    # The ID number and the phone are shown masked by the template, with "Show" for roles that may reveal them.
    fields = ("org", "member", "name", "migrant_worker", "in_hardship", "desired_job", "wishes", "registered_on",
              "status")

    def get_object_context(self, seeker):
        return {"referrals": selectors.seeker_referrals(seeker)}


class JobSeekerRevealView(RevealView):
    """POST (htmx): the job seeker's ID number and phone in clear, for roles with ``reveal_pii`` at the union;
    audited (``gonghui.core.services.reveal``)."""

    selector = staticmethod(selectors.seekers_for)
    element_id = "seeker-pii"

    def reveal(self, obj):
        return [value or "—" for value in super().reveal(obj)]


class JobSeekerEditView(ObjectEditView):
    selector = staticmethod(selectors.seekers_for)
    form_class, list_url_name = forms.JobSeekerForm, "training:seeker_list"
    title_add, title_edit = gettext_lazy("Register a job seeker"), gettext_lazy("Edit the job seeker")


class SeekerStepView(ObjectActionView):
    selector = staticmethod(selectors.seekers_for)


class ReferView(SeekerStepView):
    transition = "refer"
    form_class = forms.ReferForm
    title = gettext_lazy("Refer to a job")
    success_message = gettext_lazy("The referral has been recorded.")

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def initial(self, obj):
        return {"referred_on": timezone.localdate()}

    def perform(self, obj, form):
        d = form.cleaned_data
        return employment.refer(self.request.user, obj, d["vacancy"], d["employer"], d["job"], d["referred_on"])

    def success_url(self, obj, result):
        return result.get_absolute_url()


class CloseSeekerView(SeekerStepView):
    transition, service = "close", employment.close_seeker


class ReopenSeekerView(SeekerStepView):
    transition, service = "reopen", employment.reopen_seeker


class ReferralListView(ObjectListView):
    selector = staticmethod(selectors.referrals_for)
    table_class, filterset_class = ReferralTable, ReferralFilterSet
    title, export_name = gettext_lazy("Referrals and placements"), "job-referrals"


class ReferralDetailView(ObjectDetailView):
    selector = staticmethod(selectors.referrals_for)
    list_url_name = "training:referral_list"
    fields = ("seeker", "vacancy", "employer", "job", "referred_on", "status", "placed_on", "follow_up_due",
              "followed_up_on", "still_employed", "follow_up_note", "hardship_review_prompted")


class ReferralStepView(ObjectActionView):
    selector = staticmethod(selectors.referrals_for)


class PlaceView(ReferralStepView):
    transition = "place"
    form_class = forms.PlaceForm
    message = gettext_lazy("The placement is followed up three months on; a person in a hardship archive has the "
                           "archive's review prompted.")
    success_message = gettext_lazy("The placement has been recorded.")
    service, service_fields = employment.place, ("placed_on",)

    def initial(self, obj):
        return {"placed_on": timezone.localdate()}


class NotPlacedView(ReferralStepView):
    transition, service = "not_placed", employment.not_placed


class FollowUpView(ReferralStepView):
    transition = "follow_up"
    form_class = forms.FollowUpForm
    success_message = gettext_lazy("The follow-up has been recorded.")
    service, service_fields = employment.follow_up, ("followed_up_on", "still_employed", "note")

    def initial(self, obj):
        return {"followed_up_on": timezone.localdate()}


class HomeTripListView(ObjectListView):
    selector = staticmethod(selectors.trips_for)
    table_class, filterset_class = HomeTripTable, HomeTripFilterSet
    title, add_url_name, export_name = gettext_lazy("Trips home (平安返乡)"), "training:trip_add", "trips-home"


class HomeTripDetailView(ObjectDetailView):
    selector = staticmethod(selectors.trips_for)
    list_url_name, edit_url_name = "training:trip_list", "training:trip_edit"
    fields = TRIP_FIELDS


class HomeTripEditView(ObjectEditView):
    selector = staticmethod(selectors.trips_for)
    form_class, list_url_name = forms.HomeTripForm, "training:trip_list"
    title_add, title_edit = gettext_lazy("Record a trip home"), gettext_lazy("Edit the trip home")

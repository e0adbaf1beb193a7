"""Training (职工培训): courses of a kind run by a union with a training base or partner, their sessions, members'
enrolments (from the portal or by the union) within the course's places, attendance at each session, completion
by the attendance rule and the certificate (职业资格证书) it brings. A member's enrolments are their training
record (培训档案)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import EncryptedCharField, PhoneField
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    DEFAULT_MIN_ATTENDANCE,
    CertificateLevel,
    CourseKind,
    CourseStatus,
    DegreeLevel,
    EnrolmentChannel,
    EnrolmentStatus,
    ReferralStatus,
    SeekerStatus,
    Transport,
)

S = CourseStatus
E = EnrolmentStatus


class Course(ScopedModel):
    """A course (培训班) run by ``org``: enrolment opens, the class runs its sessions, then it finishes."""

    org = org_field(_("organising union"), "training_courses")
    number = models.CharField(_("course number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("course kind"), max_length=16, choices=CourseKind.choices, db_index=True)
    provider = models.CharField(_("training base or partner"), max_length=150, blank=True)
    place = models.CharField(pgettext_lazy("training", "place"), max_length=150, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), db_index=True)
    enrol_by = models.DateField(_("enrolment closes on"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    min_attendance_pct = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"), default=DEFAULT_MIN_ATTENDANCE,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    certificate_name = models.CharField(_("certificate"), max_length=100, blank=True,
                                        help_text=_("The certificate a trainee who completes the course receives; "
                                                    "leave empty when there is none."))
    certificate_level = models.CharField(_("certificate level"), max_length=2, choices=CertificateLevel.choices,
                                         blank=True)
    degree_level = models.CharField(_("degree level"), max_length=10, choices=DegreeLevel.choices, blank=True,
                                    help_text=_("For degree study: the level, which sets the grant on completion."))
    open_in_portal = models.BooleanField(_("members enrol in the portal"), default=True)
    status = models.CharField(_("status"), max_length=12, choices=CourseStatus.choices, default=S.PLANNED,
                              db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "training:course_detail"
    audit_fields = ["org", "number", "title", "kind", "provider", "place", "starts_on", "ends_on", "enrol_by",
                    "capacity", "min_attendance_pct", "certificate_name", "certificate_level", "degree_level",
                    "open_in_portal", "status", "notes"]
    status_styles = {S.PLANNED: "text-bg-secondary", S.OPEN: "text-bg-primary", S.RUNNING: "text-bg-info",
                     S.FINISHED: "text-bg-success", S.CANCELLED: "text-bg-dark"}
    workflow = Workflow(
        Transition("open", sources=[S.PLANNED], target=S.OPEN, label=_("enrolment opened"),
                   button=_("Open enrolment"), url_name="training:course_open", style="primary", api="open"),
        Transition("start", sources=[S.OPEN], target=S.RUNNING, label=_("class started"),
                   button=_("Start the class"), url_name="training:course_start", style="primary", api="start"),
        Transition("enrol", sources=[S.OPEN, S.RUNNING], label=_("trainee enrolled"), button=_("Enrol a member"),
                   url_name="training:course_enrol", style="outline-primary"),
        Transition("session", sources=[S.RUNNING], label=_("session recorded"),
                   button=pgettext_lazy("training", "Record a session"),
                   url_name="training:course_session", style="outline-primary",
                   api="session"),
        Transition("finish", sources=[S.RUNNING], target=S.FINISHED, label=_("class finished"),
                   button=_("Finish the class"), url_name="training:course_finish", api="finish"),
        Transition("cancel", sources=[S.PLANNED, S.OPEN], target=S.CANCELLED,
                   label=pgettext_lazy("training", "cancelled"),
                   button=_("Cancel the course"), url_name="training:course_cancel", style="outline-danger",
                   api="cancel"),
        conflict=_("The course has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="training_course_ends_after_start")]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    @property
    def is_planned(self):
        return self.status == S.PLANNED

    @property
    def gives_certificate(self):
        return bool(self.certificate_name)


class Session(models.Model):
    """A session (课时) of a course held on a day: attendance is taken at each."""

    course = part_of(Course, _("training course"), "sessions")
    held_on = models.DateField(pgettext_lazy("training", "held on"), db_index=True)
    topic = models.CharField(_("topic"), max_length=150)
    created_at = created_field()

    class Meta:
        verbose_name = pgettext_lazy("training", "session")
        verbose_name_plural = pgettext_lazy("training", "sessions")
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class Enrolment(ScopedModel):
    """A member on a course: enrolled, then completed (with the certificate), not completed or withdrawn. Held at
    the course's union."""

    course = models.ForeignKey(Course, verbose_name=_("training course"), on_delete=models.CASCADE,
                               related_name="enrolments")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="training_enrolments")
    channel = models.CharField(_("enrolled through"), max_length=8, choices=EnrolmentChannel.choices,
                               default=EnrolmentChannel.STAFF)
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(_("status"), max_length=14, choices=EnrolmentStatus.choices, default=E.ENROLLED,
                              db_index=True)
    sessions_attended = models.PositiveIntegerField(_("sessions attended"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, db_index=True)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True, db_index=True)
    certificate_level = models.CharField(_("certificate level"), max_length=2, choices=CertificateLevel.choices,
                                         blank=True)
    grant_amount = models.DecimalField(_("degree-study grant (yuan)"), max_digits=10, decimal_places=2, null=True,
                                       blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = user_field(_("recorded by"))
    created_at = created_field()

    scope_org_fields = ("course__org",)
    detail_url_name = "training:enrolment_detail"
    audit_fields = ["course", "member", "channel", "enrolled_on", "status", "sessions_attended", "completed_on",
                    "certificate_no", "certificate_level", "grant_amount", "withdrawn_reason", "notes"]
    status_styles = {E.ENROLLED: "text-bg-primary", E.COMPLETED: "text-bg-success",
                     E.NOT_COMPLETED: "text-bg-warning", E.WITHDRAWN: "text-bg-secondary"}
    workflow = Workflow(
        Transition("complete", sources=[E.ENROLLED], target=E.COMPLETED, label=_("completed"),
                   button=_("Record completion"), url_name="training:enrolment_complete", style="primary",
                   api="complete",
                   when=lambda e: e.course.status in (S.RUNNING, S.FINISHED)),
        Transition("withdraw", sources=[E.ENROLLED], target=E.WITHDRAWN, label=_("withdrew"),
                   button=pgettext_lazy("training", "Withdraw"), url_name="training:enrolment_withdraw",
                   style="outline-danger",
                   api="withdraw"),
        Transition("not_complete", sources=[E.ENROLLED], target=E.NOT_COMPLETED, label=_("did not complete"),
                   system=True),
        conflict=_("The enrolment has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="training_enrol_once")]

    def __str__(self):
        return f"{self.member.name} · {self.course.title}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class Attendance(models.Model):
    """Whether a trainee attended a session."""

    session = part_of(Session, pgettext_lazy("training", "session"), "attendance")
    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="attendance")
    present = models.BooleanField(pgettext_lazy("training", "present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="training_attend_once")]


# Employment services (就业服务): job fairs, vacancies published to members, job seekers with their wishes, referrals
# (职业介绍) and placements followed up after three months, and migrant workers' trips home (平安返乡).

class JobFair(ScopedModel):
    """A job fair (专场招聘会) held by ``org``: the employers who came, the vacancies they offered, the visitors."""

    org = org_field(_("organising union"), "job_fairs")
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("held on"), db_index=True)
    place = models.CharField(pgettext_lazy("training", "place"), max_length=150)
    employers = models.PositiveIntegerField(_("employers taking part"), default=0)
    vacancies_offered = models.PositiveIntegerField(_("vacancies offered"), default=0)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "training:fair_detail"
    audit_exclude = ("created_at", "updated_at")

    class Meta:
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class Vacancy(ScopedModel):
    """A vacancy an employer offers through ``org``; published ones members see in the portal until they close."""

    org = org_field(_("union"), "job_vacancies")
    employer = models.CharField(_("employer"), max_length=150)
    title = models.CharField(_("job"), max_length=100)
    positions = models.PositiveIntegerField(_("positions"), default=1, validators=[MinValueValidator(1)])
    wage = models.CharField(_("wage"), max_length=60, blank=True)
    place = models.CharField(_("place of work"), max_length=150, blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    contact = models.CharField(_("how to apply"), max_length=150, blank=True)
    fair = models.ForeignKey(JobFair, verbose_name=_("job fair"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="vacancies")
    published = models.BooleanField(_("published to members in the portal"), default=True)
    open_until = models.DateField(_("open until"), db_index=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "training:vacancy_detail"
    audit_exclude = ("created_at", "updated_at")

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-open_until", "-id"]

    def __str__(self):
        return f"{self.employer} · {self.title}"


class JobSeeker(ScopedModel):
    """A person seeking work registered at ``org``: a member, or a person by name and ID number (a migrant worker,
    a person in a hardship archive), with their wishes."""

    org = org_field(_("union"), "job_seekers")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="job_seekers")
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    keyed_hashes = {"id_hash": ("id_number",)}
    phone = PhoneField(_("mobile phone"), blank=True)
    migrant_worker = models.BooleanField(_("migrant worker (农民工)"), default=False)
    in_hardship = models.BooleanField(_("in a hardship archive (困难职工)"), default=False)
    desired_job = models.CharField(_("job wanted"), max_length=100)
    wishes = models.TextField(_("wishes (place, wage, hours)"), blank=True)
    registered_on = models.DateField(_("registered on"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=SeekerStatus.choices, default=SeekerStatus.SEEKING,
                              db_index=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "training:seeker_detail"
    audit_exclude = ("id_hash", "created_at", "updated_at")
    reveal_fields = ("id_number", "phone")
    status_styles = {SeekerStatus.SEEKING: "text-bg-primary", SeekerStatus.PLACED: "text-bg-success",
                     SeekerStatus.CLOSED: "text-bg-secondary"}
    workflow = Workflow(
        Transition("refer", sources=[SeekerStatus.SEEKING], label=_("referred to a job"),
                   button=_("Refer to a job"), url_name="training:seeker_refer", style="primary", api="refer"),
        Transition("close", sources=[SeekerStatus.SEEKING], target=SeekerStatus.CLOSED,
                   label=_("no longer seeking"), button=_("No longer seeking"), url_name="training:seeker_close",
                   style="outline-secondary", api="close"),
        Transition("reopen", sources=[SeekerStatus.CLOSED, SeekerStatus.PLACED], target=SeekerStatus.SEEKING,
                   label=_("seeking work again"), button=_("Seeking work again"), url_name="training:seeker_reopen",
                   style="outline-primary", api="reopen"),
        Transition("placed", sources=[SeekerStatus.SEEKING], target=SeekerStatus.PLACED, label=_("placed in a job"),
                   system=True),
        conflict=_("The job seeker has changed in the meantime (now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["-registered_on", "-id"]

    def __str__(self):
        return self.name

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class Referral(ScopedModel):
    """A referral (职业介绍) of a job seeker to an employer's job; when placed, followed up after three months."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="referrals")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="referrals")
    employer = models.CharField(_("employer"), max_length=150)
    job = models.CharField(_("job"), max_length=100)
    referred_on = models.DateField(_("referred on"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices,
                              default=ReferralStatus.REFERRED, db_index=True)
    placed_on = models.DateField(_("placed on"), null=True, blank=True, db_index=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True, db_index=True)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    still_employed = models.BooleanField(_("still in the job"), null=True, blank=True)
    follow_up_note = models.CharField(_("follow-up note"), max_length=200, blank=True)
    follow_up_reminded_for = models.DateField(_("follow-up reminder sent for"), null=True, blank=True)
    hardship_review_prompted = models.BooleanField(_("hardship archive review prompted"), default=False)
    recorded_by = user_field(_("recorded by"))
    created_at = created_field()

    scope_org_fields = ("seeker__org",)
    detail_url_name = "training:referral_detail"
    audit_exclude = ("created_at", "follow_up_reminded_for")
    status_styles = {ReferralStatus.REFERRED: "text-bg-primary", ReferralStatus.PLACED: "text-bg-success",
                     ReferralStatus.NOT_PLACED: "text-bg-secondary"}
    workflow = Workflow(
        Transition("place", sources=[ReferralStatus.REFERRED], target=ReferralStatus.PLACED, label=_("placed"),
                   button=_("Record the placement"), url_name="training:referral_place", style="primary",
                   api="place"),
        Transition("not_placed", sources=[ReferralStatus.REFERRED], target=ReferralStatus.NOT_PLACED,
                   label=_("not placed"), button=_("Not placed"), url_name="training:referral_not_placed",
                   style="outline-secondary", api="not-placed"),
        Transition("follow_up", sources=[ReferralStatus.PLACED], label=_("followed up"),
                   button=_("Record the follow-up"), url_name="training:referral_follow_up",
                   style="outline-primary", api="follow-up", when=lambda r: r.followed_up_on is None),
        conflict=_("The referral has changed in the meantime (now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-id"]

    def __str__(self):
        return f"{self.seeker.name} → {self.employer} · {self.job}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


class HomeTrip(ScopedModel):
    """Migrant workers taken home by chartered transport (平安返乡): the day, the route, the people."""

    org = org_field(_("organising union"), "home_trips")
    travels_on = models.DateField(_("travels on"), db_index=True)
    route = models.CharField(_("route"), max_length=150)
    transport = models.CharField(_("transport"), max_length=8, choices=Transport.choices, default=Transport.BUS)
    vehicles = models.PositiveIntegerField(_("vehicles or ticket groups"), default=1)
    people = models.PositiveIntegerField(_("people taken home"), validators=[MinValueValidator(1)])
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "training:trip_detail"
    audit_exclude = ("created_at", "updated_at")

    class Meta:
        verbose_name = _("trip home")
        verbose_name_plural = _("trips home")
        ordering = ["-travels_on", "-id"]

    def __str__(self):
        return f"{self.travels_on:%Y-%m-%d} {self.route}"

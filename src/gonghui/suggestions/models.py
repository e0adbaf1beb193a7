"""The suggestion box (建议箱): a member writes to their union; the union (or a union above it) answers.

submitted → answered → closed (``Suggestion.workflow``). A suggestion sent anonymously stores no link to the member
at all: no member, no account, no IP in its change-log entry; the member keeps a receipt code (only its keyed hash
is stored) to read the answer. Whatever the officials' pages, API, exports or change log show, they cannot show
what is not there.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.modelfields import org_field, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import mask_free_text
from gonghui.core.workflow import Transition, Workflow

from .choices import Category, SuggestionStatus


class Suggestion(ScopedModel):
    org = org_field(_("union"), "suggestions")
    reference_no = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=100)
    text = models.TextField(_("suggestion"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.OTHER)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Empty for an anonymous suggestion, by design: nothing links it to the member.
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    receipt_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.SUBMITTED, db_index=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = user_field(_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_days = models.DecimalField(_("days to answer"), max_digits=7, decimal_places=1, null=True, blank=True)
    updated_at = updated_field()

    detail_url_name = "suggestions:suggestion_detail"
    audit_fields = ["org", "reference_no", "subject", "text", "category", "anonymous", "status", "answer",
                    "answered_at", "answer_days"]
    audit_exclude = ("member", "receipt_hash")
    status_styles = {SuggestionStatus.SUBMITTED: "text-bg-warning", SuggestionStatus.ANSWERED: "text-bg-success",
                     SuggestionStatus.CLOSED: "text-bg-secondary"}
    workflow = Workflow(
        Transition("answer", sources=[SuggestionStatus.SUBMITTED, SuggestionStatus.ANSWERED],
                   target=SuggestionStatus.ANSWERED, label=_("answered"), button=_("Answer"),
                   url_name="suggestions:suggestion_answer", style="primary", api="answer"),
        Transition("close", sources=[SuggestionStatus.ANSWERED], target=SuggestionStatus.CLOSED,
                   label=pgettext_lazy("suggestion", "closed"), button=pgettext_lazy("suggestion", "Close"),
                   url_name="suggestions:suggestion_close",
                   style="outline-secondary", api="close"),
        conflict=_("The suggestion has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.reference_no} {mask_free_text(self.subject)}"  # a member's words, shown in titles and lists

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    @property
    def author(self):
        """Who wrote it, as officials may know it: the member's name, or "anonymous"."""
        if self.anonymous or self.member_id is None:
            return _("anonymous")
        return self.member.name

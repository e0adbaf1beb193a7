"""Shared models: the base of every scoped record, the change log (审计日志) and number sequences."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from . import changelog, scope
from .modelfields import user_field
from .pii import free_text_fields, mask_free_text
from .querysets import ScopedQuerySet
from .registry import transition_label


def follow(obj, path):
    """The object at ``path`` from ``obj`` (``"case__handling_org"``); None when a link is empty."""
    for part in path.replace("__", ".").split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


_DETAIL_URLS = {}
_SENTINEL = 9_087_654_321_012


def detail_url(name, pk):
    """``reverse(name, args=[pk])`` for an integer ``pk``, from the URL reversed once: a list page links every row
    (twice), and reversing costs more than the rest of a cell."""
    if not isinstance(pk, int) or pk < 0:
        return reverse(name, args=[pk])
    key = (name, get_script_prefix(), get_urlconf())
    parts = _DETAIL_URLS.get(key)
    if parts is None:
        try:
            parts = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
        except NoReverseMatch:  # a pattern that takes no such number: reversed every time
            parts = ()
        _DETAIL_URLS[key] = parts
    if len(parts) != 2:
        return reverse(name, args=[pk])
    return f"{parts[0]}{pk}{parts[1]}"


class ScopedModel(models.Model):
    """The base of every record that sits in the union tree (what NetBox's ``PrimaryModel`` is to NetBox).

    A subclass declares, as class attributes:

    - ``scope_org_fields``: the links to an organisation that place it in the tree (``"org"``,
      ``"case__handling_org"``; ``""`` for the organisation itself). It is visible to a user when any of them is
      in the user's scope (``Model.objects.for_user(user)``).
    - ``audit_org_field``: the organisation that owns the record, whose officials may change it and whose change
      log holds its entries (default: the first scope field); a tuple of links: the first that is set (an
      employer belongs to its covering union, else to the union whose census holds it).
    - ``detail_url_name``: the record's page (``"rights:case_detail"``), or ``detail_via``: a link whose page is
      the record's (a referral shows on its case).
    - ``audit_fields`` (default: every concrete field) and ``audit_exclude`` for the change log; personal-data
      fields are always written masked (``gonghui.core.pii.PersonalDataField``).
    - ``workflow``: its declared transitions (``gonghui.core.workflow``), if it has any.
    - ``read_action`` (default ``"view"``): the right a user needs at the record's organisation to open it at all
      (hardship records: ``"assist"``), and ``restricted_fields``: ``{field: action}`` for fields shown only with
      that right there. The change log applies both to its entries (``audit_visible_fields``).
    """

    scope_org_fields = ("org",)
    audit_org_field = None
    detail_url_name = ""
    detail_via = ""
    audit_fields = None
    audit_exclude = ()
    read_action = "view"
    restricted_fields = {}

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        if self.detail_url_name:
            return detail_url(self.detail_url_name, self.pk)
        if self.detail_via:
            return follow(self, self.detail_via).get_absolute_url()
        raise NoReverseMatch(f"{type(self).__name__} has no page of its own (declare detail_url_name)")

    def _get_FIELD_display(self, field):
        # Django builds the field's whole dict of choices on every call, and a list page asks 200 times.
        labels = field.__dict__.get("_gonghui_choice_labels")
        if labels is None:
            labels = dict(make_hashable(field.flatchoices))
            if isinstance(field.choices, (list, tuple)):  # not a callable's: they may change
                field.__dict__["_gonghui_choice_labels"] = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    def audit_org(self):
        path = self.audit_org_field if self.audit_org_field is not None else self.scope_org_fields[0]
        if isinstance(path, tuple):
            return next((org for org in (follow(self, p) for p in path) if org is not None), None)
        return self if path == "" else follow(self, path)

    @classmethod
    def audit_visible_fields(cls, user, org):
        """What of this model's change-log entries at ``org`` the reader may see: None when the reader may not
        open such a record there at all, else the set of fields hidden from the reader."""
        return audit_hidden_fields(cls, user, org)


def read_action(model):
    """The right needed to open a record of ``model``: its ``read_action``, else that of the record whose page
    shows it (``detail_via``: a visit reads as its archive)."""
    action = getattr(model, "read_action", "view")
    via = getattr(model, "detail_via", "")
    while action == "view" and via:
        model = model._meta.get_field(via.split("__")[0]).related_model
        action, via = getattr(model, "read_action", "view"), getattr(model, "detail_via", "")
    return action


def audit_hidden_fields(model, user, org):
    """``model.audit_visible_fields(user, org)`` for any model, ScopedModel or not (the declarations' defaults)."""
    if not scope.can(user, read_action(model), org):
        return None
    return {name for name, action in getattr(model, "restricted_fields", {}).items()
            if not scope.can(user, action, org)}


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("State changed")
    REVEAL = "reveal", _("Personal data revealed")
    BULK = "bulk", _("Bulk operation")
    LOGIN = "login", _("Signed in")
    EXPORT = "export", _("Exported")


class _ReaderIterable(models.query.ModelIterable):
    def __iter__(self):
        reader = self.queryset._reader
        for entry in super().__iter__():
            yield entry.present_to(reader)


class AuditLogQuerySet(ScopedQuerySet):
    """``for_reader(user)``: every entry fetched is shown as far as the reader may see it (``present_to``)."""

    _reader = None

    def for_reader(self, user):
        qs = self._chain()
        qs._reader = user
        if qs._iterable_class is models.query.ModelIterable:
            qs._iterable_class = _ReaderIterable
        return qs

    def openable_by(self, user):
        """Only entries of records the reader may open (``read_action``): a search of the log by a record's name
        must not tell that such a record exists."""
        if scope.is_unrestricted(user):
            return self
        qs = self
        for model in apps.get_models():
            action = read_action(model)
            if action != "view":
                ct = ContentType.objects.get_for_model(model)
                qs = qs.exclude(Q(content_type=ct) & ~scope.action_filter(user, action, "org"))
        return qs

    def _clone(self):
        clone = super()._clone()
        clone._reader = self._reader
        return clone


class AuditLog(models.Model):
    """One row per change: who, when, what, before and after. Never updated, never deleted by the app."""

    scope_org_fields = ("org",)

    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = user_field(_("user"))
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    transition = models.CharField(_("transition"), max_length=50, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # The organisation the change belongs to: it decides who can read the entry.
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    count = models.PositiveIntegerField(_("records"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditLogQuerySet.as_manager()
    reduced = False  # set by ``present_to`` when the reader may know only that a change happened

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-timestamp"])]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.user_name} {self.get_action_display()} {self.object_repr}"

    def present_to(self, user):
        """The entry as ``user`` may read it (in memory, never saved): the same field-level visibility as the record
        (``audit_visible_fields``: a record the reader may not open leaves only the fact of a change: who, when,
        what kind of record), and ID and mobile numbers in free text masked (entries written before they were
        masked on the way in)."""
        model = self.content_type.model_class() if self.content_type_id else None
        if model is not None and user is not None and not scope.is_unrestricted(user):
            visible = getattr(model, "audit_visible_fields", None)
            org = self.org if self.org_id else None
            hidden = visible(user, org) if visible else audit_hidden_fields(model, user, org)
            if hidden is None:
                self.before = self.after = None
                self.note, self.object_repr, self.reduced = "", str(model._meta.verbose_name), True
                return self
            for data in (self.before, self.after):
                for name in hidden & set(data or ()):
                    del data[name]
        free = {f.name for f in free_text_fields(model)} if model is not None else set()
        for data in (self.before, self.after):
            for name in free & set(data or ()):
                data[name] = mask_free_text(data[name])
        self.note, self.object_repr = mask_free_text(self.note), mask_free_text(self.object_repr)
        return self

    def changed_fields(self):
        """[(label, before, after)] for the fields that differ, in words (``changelog.change_rows``)."""
        return changelog.change_rows(self)

    @cached_property
    def description(self):
        """The entry as sentences in the reader's language (``changelog.describe``): ``headline``, ``details``."""
        return changelog.describe(self)

    @property
    def summary(self):
        return str(self.description)

    @property
    def transition_label(self):
        model = self.content_type.model_class() if self.content_type_id else None
        return transition_label(model, self.transition)


class Sequence(models.Model):
    """Named counters handed out in blocks (member numbers and the like)."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("sequence")


class KeyRecord(models.Model):
    """What keys the data of this database was written with: fingerprints only, never a key (``core.keys``)."""

    name = models.CharField(max_length=30, primary_key=True)
    value = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("key fingerprint")
        verbose_name_plural = _("key fingerprints")


class JobClaim(models.Model):
    """Who runs (or ran) one unit of background work, so that several workers never do it twice (``core.claims``).

    ``key`` names the work: ``task:<Celery task id>`` for one job message, ``daily:<area>:<slot>`` for one area's
    step of the daily round, ``export:<key>`` for one export file.
    """

    key = models.CharField(max_length=200, primary_key=True)
    status = models.CharField(max_length=10, default="running")  # running, done, failed
    worker = models.CharField(max_length=100)
    claimed_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    takeovers = models.PositiveSmallIntegerField(default=0)  # claims taken over from a dead worker

    class Meta:
        verbose_name = _("job claim")
        verbose_name_plural = _("job claims")

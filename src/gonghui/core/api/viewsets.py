"""The base of every API endpoint: the queryset comes from a scoped selector, writes go through services, and a
model's workflow steps are POST actions generated from its declared transitions."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.core.services import delete_object, make_transition

MAX_ID = 2**63 - 1


def is_record_id(value):
    """Whether ``value`` (a URL part) can be the id of a record: digits only, from 1 to the largest 64-bit id."""
    value = str(value)
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


class ScopedViewSetMixin:
    """Subclasses set ``selector`` (``callable(user) -> QuerySet`` already restricted to the scope), or ``model``
    to read ``model.objects.for_user(user)``.

    ``org_of(obj)`` names the organisation that decides write rights on an object. Reads need only
    scope; writes need ``write_action`` ("change" by default) at that organisation.
    """

    selector = None
    model = None
    write_action = "change"
    replica_reads = "list"  # the list action may read from a replica (gonghui.core.dbrouting)

    def initial(self, request, *args, **kwargs):
        """An id in the URL that no record can have (not a whole number, or past 64 bits) is 404 before any
        handler reads it, as an id outside the scope."""
        super().initial(request, *args, **kwargs)
        if self.lookup_field in ("pk", "id"):
            value = kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            if value is not None and not is_record_id(value):
                raise NotFound()

    def get_queryset(self):
        if self.selector is None:
            return self.model.objects.for_user(self.request.user)
        return self.selector(self.request.user)

    def org_of(self, obj):
        return obj.audit_org() if hasattr(obj, "audit_org") else None

    def check_org_permission(self, org, action=None):
        if not scope.can(self.request.user, action or self.write_action, org):
            if org is not None and not scope.in_scope(self.request.user, org):
                raise Http404
            raise PermissionDenied()

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and self.action not in self._workflow_actions():
            self.check_org_permission(self.org_of(obj))
        return obj

    @classmethod
    def _workflow_actions(cls):
        return getattr(cls, "_workflow_action_names", ())


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Without a ``serializer_class``: a ``ScopedModelSerializer`` of ``model``'s ``fields`` (and the id), the
    ``read_only_fields`` among them shown but not written."""

    fields = ()
    read_only_fields = ()

    def perform_destroy(self, instance):
        """Deleting writes the change log and is refused while other records refer to the record."""
        delete_object(self.request.user, instance, action=self.write_action)

    def get_serializer_class(self):
        if self.serializer_class is not None:
            return self.serializer_class
        cls = type(self)
        if "_fields_serializer" not in cls.__dict__:
            meta = type("Meta", (), {"model": self.model, "fields": ["id", *self.fields],
                                     "read_only_fields": list(self.read_only_fields)})
            cls._fields_serializer = type(f"{self.model.__name__}Serializer", (ScopedModelSerializer,), {"Meta": meta})
        return cls._fields_serializer


# --- workflow steps as API actions -------------------------------------------------------------------------------


class NoInput(serializers.Serializer):
    """The body of a step that takes no input: any JSON object (its keys are ignored)."""


@dataclass(frozen=True)
class Step:
    """How the API performs one declared transition.

    ``perform(user, obj, data)`` calls the service with the validated ``serializer`` data (``None``: the step
    takes no input, :class:`NoInput`, and ``data`` is empty); without ``perform`` the step is the bare transition
    (``services.make_transition``). The answer is ``response`` (a serializer class) of what ``perform`` returned,
    with ``status``; by default the viewset's own serializer of the refreshed object. ``error_fields`` renames the
    service's field names in errors to the request's (``{"reason": "comment"}``).
    """

    perform: Callable | None = None  # default: the declared transition and nothing more
    serializer: Any = None
    response: Any = None
    status: int = status.HTTP_200_OK
    error_fields: dict = field(default_factory=dict)
    description: str = ""


class WorkflowActionsMixin:
    """One POST action per transition of ``workflow_model.workflow`` that declares an ``api`` path.

    A subclass maps a transition's name to a :class:`Step` in ``steps`` when the step takes input or calls a
    service; the others are the bare transition. A step without such a transition is an error at import. The
    user needs the transition's own right (403); an object outside the scope is 404, as for every endpoint; a
    body that is not a JSON object is 400.
    """

    workflow_model = None
    steps: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        model = cls.__dict__.get("workflow_model")
        if model is None:
            return
        declared = [t for t in model.workflow.transitions if t.api]
        unknown = [name for name in cls.steps if name not in {t.name for t in declared}]
        if unknown:
            raise ImproperlyConfigured(f"{cls.__name__}: steps without a transition that has an api path: {unknown}")
        names = []
        for t in declared:
            method_name = t.api.replace("-", "_")
            setattr(cls, method_name, _make_action(t, cls.steps.get(t.name) or Step(), method_name))
            names.append(method_name)
        cls._workflow_action_names = tuple(names)

    def run_step(self, request, transition, step):
        if not isinstance(request.data, Mapping):
            raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        obj = self.get_object()
        try:
            type(obj).workflow.require(obj, request.user, transition.name)
        except DjangoPermissionDenied as e:
            self.refuse_step(obj, transition, e)
        ser = (step.serializer or NoInput)(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        try:
            if step.perform is None:
                result = make_transition(request.user, obj, transition.name)
            else:
                result = step.perform(request.user, obj, data)
        except DjangoValidationError as e:
            if step.error_fields and hasattr(e, "error_dict"):
                raise DjangoValidationError({step.error_fields.get(k, k): v for k, v in e.error_dict.items()}) from None
            raise
        if step.response is not None:
            return Response(step.response(result, context=self.get_serializer_context()).data, status=step.status)
        return self.step_response(obj, result, step)

    def refuse_step(self, obj, transition, error):
        """The answer when the user may not make the step: 404 when it is made for a union outside the scope (as
        if not there), else 403. ``error`` is the workflow's refusal (a subclass may answer with its message)."""
        org = transition.org_of(obj)
        if transition.permitted is None and org is not None and not scope.in_scope(self.request.user, org):
            raise Http404 from None
        raise PermissionDenied() from None

    def step_response(self, obj, result, step):
        """The refreshed object as the viewset shows it (``out_of_scope_response`` when it left the scope)."""
        fresh = self.get_queryset().filter(pk=obj.pk).first()
        if fresh is None:
            return self.out_of_scope_response(obj)
        return Response(self.get_serializer(fresh).data, status=step.status)

    def out_of_scope_response(self, obj):
        return Response({"id": obj.pk})


def _make_action(transition, step, method_name):
    def view(self, request, pk=None):
        return self.run_step(request, transition, step)

    view.__name__ = method_name
    view.__doc__ = step.description or str(transition.label or transition.name)
    view = action(detail=True, methods=["post"], url_path=transition.api)(view)
    responses = {step.status: step.response} if step.response else None
    return extend_schema(request=step.serializer, responses=responses)(view)

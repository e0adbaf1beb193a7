"""The OpenAPI schema (drf-spectacular) as the API really answers: every operation documents its error answers,
and a read-only field reached through a link that may be empty (``unit.name``) is nullable."""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from rest_framework import serializers
from rest_framework.fields import empty

ERROR_SCHEMA = {
    "type": "object",
    "description": "``detail`` (a message) or, for 400, the field names with their messages "
                   "(``non_field_errors`` for the request as a whole).",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {},
}
ERRORS = {
    "400": "The request is invalid: the fields and their messages.",
    "401": "Not signed in (no or an invalid token).",
    "403": "The role may not do this.",
    "404": "Not found, or outside the caller's scope.",
    "409": "The record changed in the meantime (another official's step came first).",
    "415": "The request body's media type is not one the API reads (send JSON).",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            if code in ("409", "415") and self.method not in WRITE_METHODS:
                continue
            responses.setdefault(code, {"description": description,
                                        "content": {"application/json": {"schema": ERROR_SCHEMA}}})
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        model_field = _model_field(field)
        if (field.read_only and isinstance(field, serializers.ChoiceField) and model_field is not None
                and getattr(model_field, "blank", False)):  # DRF drops allow_blank from read-only fields
            field.allow_blank = True
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if not isinstance(schema, dict):
            return schema
        if direction == "response" and (
                (field.read_only and (field.default is None or _through_nullable_link(field)))
                or getattr(model_field, "null", False)):
            _make_nullable(schema)
        return schema

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        blank = getattr(field, "allow_blank", False) or getattr(_model_field(field), "blank", False)
        if blank and schema.get("format") == "email":
            del schema["format"]  # "" (no address) is a value too

    def _map_basic_serializer(self, serializer, direction):
        """A read-only field with a default, or reached through a link that may be empty, is left out of a partial
        update's answer (DRF skips it): not required."""
        schema = super()._map_basic_serializer(serializer, direction)
        optional = {f.field_name for f in serializer.fields.values()
                    if f.read_only and (f.default is not empty or _through_nullable_link(f))}
        if schema.get("required"):
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema


def _make_nullable(schema):
    if "$ref" in schema or "allOf" in schema or "oneOf" in schema or "anyOf" in schema:
        inner = dict(schema)
        read_only = inner.pop("readOnly", None)
        schema.clear()
        schema.update({"allOf": [inner], "nullable": True})
        if read_only:
            schema["readOnly"] = True
    else:
        schema["nullable"] = True


def _model_field(field):
    """The model field behind a serializer field with a plain ``source`` (None otherwise)."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source or "." in source or source == "*":
        return None
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None


def _through_nullable_link(field):
    """Whether the field's dotted ``source`` crosses a link that may be empty (its value is then None)."""
    source = getattr(field, "source", "") or ""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if "." not in source or model is None:
        return False
    for part in source.split(".")[:-1]:
        try:
            link = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not link.is_relation or link.related_model is None:
            return False
        if link.null or link.one_to_many or link.many_to_many or getattr(link, "auto_created", False):
            return True
        model = link.related_model
    return False

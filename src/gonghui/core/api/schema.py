"""The OpenAPI schema (drf-spectacular) as the API really answers: every operation documents its error answers,
and a read-only field reached through a link that may be empty (``unit.name``) is nullable."""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi

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
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            if code == "409" and self.method not in WRITE_METHODS:
                continue
            responses.setdefault(code, {"description": description,
                                        "content": {"application/json": {"schema": ERROR_SCHEMA}}})
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if field.read_only and _through_nullable_link(field) and isinstance(schema, dict) and "$ref" not in schema:
            schema["nullable"] = True
        return schema


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

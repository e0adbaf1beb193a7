from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gonghui.core.exceptions import WorkflowConflict


def exception_handler(exc, context):
    """Domain errors become API errors: validation → 400 with field messages, races → 409, a number the database
    cannot hold → 400."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
            detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, WorkflowConflict):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif is_number_out_of_range(exc):
        exc = exceptions.ValidationError({"non_field_errors": [_("A number is out of range.")]})
    return drf_exception_handler(exc, context)


def is_number_out_of_range(exc):
    """A number past what the database stores, that no validator caught: SQLite's 64 bits (OverflowError), a
    PostgreSQL integer or numeric column (DataError: "out of range", "numeric field overflow")."""
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, DataError) and any(s in str(exc) for s in ("out of range", "numeric field overflow"))

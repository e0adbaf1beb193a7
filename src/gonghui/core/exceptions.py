from django.core.exceptions import ValidationError


class WorkflowConflict(Exception):
    """A workflow transition lost a race or is not allowed from the current state.

    The message is for the user (translated); nothing has been changed.
    """


class BusinessRuleError(ValidationError):
    """A domain rule refused the change (a ValidationError, so forms show it next to the field)."""

from .models import AuditLog


def audit_log_for(user):
    """The change log as far as ``user`` may read it: entries in scope, each shown with the record's own visibility."""
    return AuditLog.objects.for_user(user).select_related("user", "content_type", "org").for_reader(user)

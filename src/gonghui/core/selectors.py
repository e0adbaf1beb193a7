from .models import AuditLog


def audit_log_for(user):
    return AuditLog.objects.for_user(user).select_related("user", "content_type", "org")

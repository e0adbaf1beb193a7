from django.utils.translation import gettext_lazy as _

# A scanned responsibility letter: at most this many bytes (settings.GONGHUI_TARGET_ATTACHMENT_MAX_BYTES overrides).
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# "Behind pace" tolerance in percentage points (settings.GONGHUI_TARGET_PACE_TOLERANCE overrides).
DEFAULT_PACE_TOLERANCE = 5

# Accepted scans, recognised by their first bytes (never by the file name).
ATTACHMENT_TYPES = {
    "application/pdf": (b"%PDF-", ".pdf"),
    "image/jpeg": (b"\xff\xd8\xff", ".jpg"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png"),
}
ATTACHMENT_LABEL = _("PDF, JPEG or PNG")

from django.utils.translation import gettext_lazy as _

from gonghui.core.attachments import DOCUMENT_TYPES

# A scanned responsibility letter: at most this many bytes (settings.GONGHUI_TARGET_ATTACHMENT_MAX_BYTES overrides).
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# "Behind pace" tolerance in percentage points (settings.GONGHUI_TARGET_PACE_TOLERANCE overrides).
DEFAULT_PACE_TOLERANCE = 5

# Accepted scans, recognised by their first bytes (never by the file name).
ATTACHMENT_TYPES = DOCUMENT_TYPES
ATTACHMENT_LABEL = _("PDF, JPEG or PNG")

"""Checks on uploaded attachments: type from the content, not only the name."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5

# Detected content type -> extensions a file of that type may carry.
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({".pdf"}),
    "image/jpeg": frozenset({".jpg", ".jpeg"}),
    "image/png": frozenset({".png"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": frozenset({".docx"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": frozenset({".xlsx"}),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": frozenset(
        {".pptx"}
    ),
    "application/vnd.oasis.opendocument.text": frozenset({".odt"}),
    "application/vnd.oasis.opendocument.spreadsheet": frozenset({".ods"}),
}


def clean_filename(name: str) -> str:
    """The last path component, without control characters, at most 150 characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(
        ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C"
    )
    base = re.sub(r"\s+", " ", base).strip() or "bijlage"
    if len(base) > 150:
        stem, dot, ext = base.rpartition(".")
        base = f"{stem[: 150 - len(ext) - 1]}.{ext}" if dot and len(ext) <= 10 else base[:150]
    return base


def validate_attachment(upload: UploadedFile) -> str:
    """Return the detected content type, or raise a Dutch ValidationError."""
    name = clean_filename(upload.name or "")
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("%(name)s is too large (%(size)s). The maximum is %(max)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(MAX_ATTACHMENT_SIZE),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    extension = PurePath(name).suffix.lower()
    if kind is None or kind.mime not in ALLOWED_TYPES or extension not in ALLOWED_TYPES[kind.mime]:
        raise ValidationError(
            _(
                "%(name)s is not allowed. Attach PDF files, photos (JPG, PNG) or office documents (DOCX, XLSX, PPTX, ODT, ODS)."
            )
            % {"name": name}
        )
    return kind.mime

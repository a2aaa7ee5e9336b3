"""Reading a bulk-invitation CSV file into rows with per-row Dutch errors.

Format: a header row, then one person per row. Columns (Dutch or English
names, any order, case-insensitive): ``voornaam``, ``achternaam`` (or one
``naam`` column: the last word is taken as the last name), ``e-mail``,
``organisatie``, ``rol``, optionally ``gebruikersnaam`` (default: the e-mail
address). Separated by ``;`` or ``,``; UTF-8 with or without BOM (Excel's
"CSV UTF-8"), or Windows-1252 (Excel's plain "CSV").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from lelystad_radicalisering.roles import Role
from network.selectors import active_organisations

from .models import User

SIGNING_SALT = "accounts.bulk-invite"
SIGNED_MAX_AGE = 60 * 60  # the preview stays valid for an hour
USERNAME_RE = re.compile(r"^[\w.@+-]+$")

HEADERS = {
    "voornaam": "first_name",
    "first name": "first_name",
    "first_name": "first_name",
    "achternaam": "last_name",
    "last name": "last_name",
    "last_name": "last_name",
    "naam": "name",
    "name": "name",
    "e-mail": "email",
    "email": "email",
    "e-mailadres": "email",
    "organisatie": "organisation",
    "organisation": "organisation",
    "rol": "role",
    "role": "role",
    "gebruikersnaam": "username",
    "username": "username",
}
FIELDS = ("first_name", "last_name", "email", "username", "organisation", "role")


class BulkFileError(Exception):
    """The file as a whole cannot be read; the message is Dutch and shown on the form."""


@dataclass
class BulkRow:
    number: int  # line number in the file, the header being line 1
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise BulkFileError(_("This is not a text file. Save the list as CSV."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BulkFileError(_("The file could not be read. Save it as 'CSV UTF-8'."))


def _role_lookup() -> dict[str, str]:
    """Roles by code, Dutch label or English label, whatever the page's language."""
    lookup = {}
    for language in ("nl", "en"):
        with translation.override(language):
            for value, label in Role.choices:
                lookup[value.lower()] = value
                lookup[str(label).lower()] = value
    return lookup


def read_rows(content: bytes) -> list[dict[str, str]]:
    """The raw values of each row, by field name. Raises BulkFileError."""
    if not content.strip():
        raise BulkFileError(_("The file is empty."))
    if len(content) > settings.BULK_INVITE_MAX_BYTES:
        raise BulkFileError(
            _("The file is too large (at most %(kb)s kB).")
            % {"kb": settings.BULK_INVITE_MAX_BYTES // 1024}
        )
    text = _decode(content)
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        # The file is at most BULK_INVITE_MAX_BYTES: reading every line is bounded.
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
        lines = list(reader)
    except csv.Error as error:
        raise BulkFileError(_("The file is not a valid CSV file.")) from error
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise BulkFileError(_("The file is empty."))
    header = [HEADERS.get(cell.strip().lower()) for cell in lines[0]]
    present = {name for name in header if name}
    has_names = {"first_name", "last_name"} <= present or "name" in present
    if not has_names or not {"email", "organisation", "role"} <= present:
        raise BulkFileError(
            _(
                "The first row must name the columns: voornaam, achternaam (or naam), "
                "e-mail, organisatie and rol; gebruikersnaam is optional."
            )
        )
    if len(lines) - 1 > settings.BULK_INVITE_MAX_ROWS:
        raise BulkFileError(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": settings.BULK_INVITE_MAX_ROWS}
        )
    rows = []
    for line in lines[1:]:
        values = {name: "" for name in FIELDS}
        for name, cell in zip(header, line, strict=False):
            if name == "name":
                parts = cell.strip().rsplit(" ", 1)
                values["first_name"] = parts[0] if len(parts) == 2 else ""
                values["last_name"] = parts[-1]
            elif name:
                values[name] = cell.strip()
        rows.append(values)
    return rows


def validate_rows(raw_rows: list[dict[str, str]]) -> list[BulkRow]:
    """Check every row against the file itself and the database, in a bounded
    number of queries (three, whatever the number of rows)."""
    organisations = {o.name.strip().lower(): o for o in active_organisations()}
    roles = _role_lookup()
    emails = {r.get("email", "").strip().lower() for r in raw_rows} - {""}
    usernames = {(r.get("username") or r.get("email", "")).strip().lower() for r in raw_rows}
    taken_emails = set(
        User.objects.annotate(e=Lower("email")).filter(e__in=emails).values_list("e", flat=True)
    )
    taken_usernames = set(
        User.objects.annotate(u=Lower("username"))
        .filter(u__in=usernames - {""})
        .values_list("u", flat=True)
    )
    seen_emails: set[str] = set()
    seen_usernames: set[str] = set()
    result = []
    for index, raw in enumerate(raw_rows, start=2):
        values = {name: str(raw.get(name, ""))[:300] for name in FIELDS}
        row = BulkRow(number=index, values=values)
        for name, label in (
            ("first_name", _("first name")),
            ("last_name", _("last name")),
            ("email", _("e-mail")),
            ("organisation", _("organisation")),
            ("role", _("role")),
        ):
            if not values[name]:
                row.errors.append(_("The %(column)s is missing.") % {"column": label})
        for name in ("first_name", "last_name"):
            if len(values[name]) > 150 or any(ord(ch) < 32 for ch in values[name]):
                row.errors.append(_("A name is too long or contains invalid characters."))
                break
        email = values["email"].lower()
        if email:
            try:
                validate_email(values["email"])
                if len(values["email"]) > 254:
                    raise ValidationError("too long")
            except ValidationError:
                row.errors.append(_("The e-mail address is not valid."))
            else:
                if email in taken_emails:
                    row.errors.append(_("This e-mail address is already in use."))
                elif email in seen_emails:
                    row.errors.append(_("This e-mail address appears twice in the file."))
            seen_emails.add(email)
        username = (values["username"] or values["email"]).lower()
        values["username"] = username
        if username:
            if len(username) > 150 or not USERNAME_RE.match(username):
                row.errors.append(_("The username may hold only letters, digits and . @ + - _."))
            elif username in taken_usernames:
                row.errors.append(_("This username is already in use."))
            elif username in seen_usernames:
                row.errors.append(_("This username appears twice in the file."))
            seen_usernames.add(username)
        if values["organisation"] and values["organisation"].lower() not in organisations:
            row.errors.append(_("Unknown or inactive organisation."))
        if values["role"] and values["role"].lower() not in roles:
            row.errors.append(_("Unknown role."))
        result.append(row)
    return result


def service_arguments(rows: list[BulkRow]) -> list[dict]:
    """The keyword arguments of ``user_create`` for each valid row."""
    organisations = {o.name.strip().lower(): o for o in active_organisations()}
    roles = _role_lookup()
    return [
        {
            "username": row.values["username"],
            "first_name": row.values["first_name"],
            "last_name": row.values["last_name"],
            "email": row.values["email"],
            "organisation": organisations[row.values["organisation"].lower()],
            "role": roles[row.values["role"].lower()],
        }
        for row in rows
        if row.valid
    ]


def sign_rows(raw_rows: list[dict[str, str]]) -> str:
    return signing.dumps(raw_rows, salt=SIGNING_SALT, compress=True)


def unsign_rows(payload: str) -> list[dict[str, str]] | None:
    """The rows of a preview, or None when the payload was changed or is too old."""
    try:
        rows = signing.loads(payload, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return None
    return rows

"""Messages of Django REST framework whose Dutch translation is missing upstream.

Listing them here lets makemessages put them in our catalogue, which wins
(LOCALE_PATHS comes before the apps' catalogues): a partner's system gets
every error in Dutch.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

UPSTREAM_GAPS = (
    _("Not a valid string."),
    _("Invalid input."),
    _("Ensure this field has at least {min_length} elements."),
    _("Ensure this field has no more than {max_length} elements."),
    _("A page number within the paginated result set."),
    _("This dictionary may not be empty."),
    _("A valid biginteger is required."),
    _("Must be a valid boolean."),
    ngettext_lazy(
        "Expected available in {wait} second.", "Expected available in {wait} seconds.", "wait"
    ),
)

# Django's own msgids that DRF's Dutch catalogue words differently. An app's
# catalogue beats Django's, so without these the browser forms would change
# wording ("vereist" for "verplicht") the day DRF was installed.
DJANGO_WORDING = (
    _("This field is required."),
    _("No file was submitted."),
    _("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    _("Value must be valid JSON."),
)

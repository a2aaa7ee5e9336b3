"""Storage for uploads outside every public path."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Uploads outside every public path, served only by permission-checked
    views. The location is read from settings on every use (no URL at all)."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None


def private_storage() -> PrivateStorage:
    # A callable keeps the deployment's path out of the migrations.
    return PrivateStorage()

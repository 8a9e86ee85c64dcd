"""Where applicants' attachments lie: outside MEDIA and static, never served by URL.

The files are read only through ``views.attachment``, which checks that the user belongs
to the posting organisation (or is the site administrator).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.functional import LazyObject


class _PrivateStorage(LazyObject):
    def _setup(self) -> None:
        # readable by the service user only, whatever the umask
        self._wrapped = FileSystemStorage(
            location=str(settings.TALENT_PRIVATE_ROOT),
            base_url=None,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        )


private_storage = _PrivateStorage()


def attachment_storage() -> Storage:
    """Callable storage for the FileField (keeps the settings' path out of migrations)."""
    return private_storage  # type: ignore[return-value]

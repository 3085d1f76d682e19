"""Certificate PDFs are stored outside MEDIA_ROOT: they are served only through /verify/<code>/pdf.

On one machine they are files under PRIVATE_MEDIA_ROOT; with S3 (ADR 0020) they are private objects under
the bucket's private/ prefix (the "private" entry of settings.STORAGES): not publicly readable, and any URL
the storage hands out is pre-signed and short-lived. The app still streams them through its own view, so the
public /verify/<code>/pdf contract (410 for a revoked certificate) holds on every node.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages


def private_storage():
    """The storage for certificate PDFs (a callable, so migrations do not record a machine's path)."""
    if getattr(settings, "PRIVATE_STORAGE_IN_MEMORY", False):
        return _memory
    if "private" in settings.STORAGES:
        return storages["private"]
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


_memory = InMemoryStorage()

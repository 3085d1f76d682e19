"""Certificate PDFs are stored outside MEDIA_ROOT: they are served only through /verify/<code>/pdf."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage


def private_storage():
    """The storage for certificate PDFs (a callable, so migrations do not record a machine's path)."""
    if getattr(settings, "PRIVATE_STORAGE_IN_MEMORY", False):
        return _memory
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


_memory = InMemoryStorage()

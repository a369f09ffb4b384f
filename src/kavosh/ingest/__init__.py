"""Ingest: turn files, folders and records into :class:`Document` objects."""

from .document import Document, IngestError
from .files import DEFAULT_MAX_DOC_BYTES, read_paths

__all__ = ["Document", "IngestError", "read_paths", "DEFAULT_MAX_DOC_BYTES"]

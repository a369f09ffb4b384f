"""Which model a vector store's vectors came from, read cheaply, and what a user is told when it is not
the encoder's (:mod:`kavosh.dense.text`: the model name records the text form of the encoder's input too).
Used by :class:`kavosh.index.vectors.VectorStore` and, through :func:`kavosh.index.vectors.outdated_vectors`,
by every search's mode check (:func:`kavosh.query_path.check_mode`)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class VectorStoreError(Exception):
    """The vector files are damaged or were made by another model."""


class OtherModelError(VectorStoreError):
    """The store's vectors were made by another model or from another text form (:mod:`kavosh.dense.text`):
    they must be re-embedded before they can answer this encoder's queries.

    Attributes:
        made_by: the model name the store records; wanted: the one asked for.
    """

    def __init__(self, folder: Path, made_by: str, wanted: str) -> None:
        self.made_by, self.wanted = made_by, wanted
        super().__init__(outdated_message(folder, made_by, wanted))


def outdated_message(folder: Path, made_by: str, wanted: str) -> str:
    """The one sentence a user reads about vectors of another model: what they are and the command that
    re-embeds them (``folder`` is the index folder, or a shard's)."""
    index = folder.parent if folder.name.startswith("shard-") else folder
    return (f"{index}: the passage vectors were made by {made_by!r}, this Kavosh embeds with {wanted!r} "
            f"(the encoder or the text it reads changed: vectors of the two cannot be compared); re-embed: "
            f"kavosh embed --index {index} (or run kavosh index ... --index {index} with --dense)")


def store_model(db: str) -> str | None:
    """The model name recorded by the store whose sqlite file is ``db``, or ``None`` when there is none.
    Reads the state table, cached per file state (two ``os.stat`` calls when nothing changed), so a search
    can ask it every time without opening the store; no usearch, no numpy."""
    try:
        key = tuple((st.st_mtime_ns, st.st_size) for st in (os.stat(db), _stat_or_none(db + "-wal")) if st)
    except FileNotFoundError:
        return None
    hit = _models.get(db)
    if hit is not None and hit[0] == key:
        return hit[1]
    try:
        con = sqlite3.connect(Path(db).resolve().as_uri() + "?mode=rw", uri=True)  # never creates a file
        try:
            row = con.execute("SELECT v FROM state WHERE k = 'model'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:  # removed meanwhile, or no state yet: no model to compare
        return None
    model = row[0] if row and row[0] else None  # "" : a store made without a model name (tests), any model
    _models[db] = (key, model)
    return model


_models: dict[str, tuple[tuple, str | None]] = {}


def _stat_or_none(path: str):
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None

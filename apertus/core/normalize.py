"""Text is normalised on the way in, once, for every model: Unicode NFC, no bidirectional controls.

Invisible bidirectional controls reorder what a reader sees (U+202E, "right-to-left override",
makes ``txt.exe`` read as ``exe.txt``), so a commitment, a proposal or a name could show something
other than what it stores. Single-line fields (``CharField`` and its kinds: names, titles, e-mails)
lose every such control; multi-line text (``TextField``: Markdown) loses the embeddings, overrides
and isolates, and keeps only the plain marks (LRM, RLM, ALM) that mixed-direction prose may need.
NFC makes "é" typed two ways one and the same string, so searches and uniqueness agree.

One ``pre_save`` receiver (connected in ``CoreConfig.ready``) applies it to every model save:
forms, the API, the admin, importers and services alike. Exports neutralise the same characters
in each cell (``core.exports``), for text stored before this existed.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models

# Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
_EMBEDDINGS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Marks: left-to-right, right-to-left, Arabic letter mark.
_MARKS = "\u200e\u200f\u061c"
BIDI_CONTROLS = _EMBEDDINGS + _MARKS
_ALL = re.compile(f"[{BIDI_CONTROLS}]")
_EMBEDDING = re.compile(f"[{_EMBEDDINGS}]")


def clean_line(value: str) -> str:
    """A single-line value: NFC, without any bidirectional control."""
    return _ALL.sub("", unicodedata.normalize("NFC", value))


def clean_text(value: str) -> str:
    """Multi-line text: NFC, without embeddings, overrides or isolates."""
    return _EMBEDDING.sub("", unicodedata.normalize("NFC", value))


def neutralise(value: str) -> str:
    """For exports: no bidirectional control at all in a spreadsheet cell."""
    return _ALL.sub("", value)


def normalise_instance(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loading fixtures: the data is stored as given
        return
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        value = getattr(instance, field.attname, None)
        if not isinstance(value, str) or value.isascii():
            continue
        cleaned = clean_text(value) if isinstance(field, models.TextField) else clean_line(value)
        if cleaned != value:
            setattr(instance, field.attname, cleaned)

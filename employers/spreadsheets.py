"""CSV in for employers: what Russian Excel writes (encodings, separators, a heading row)."""

from __future__ import annotations

import csv

from django.utils.translation import gettext as _

from certificates.api import normalize_code

MAX_UPLOAD_BYTES = 2_000_000


def csv_problem(error: csv.Error) -> str:
    """What the csv module could not read, in the active language when it is a known problem."""
    if str(error).startswith("field larger than field limit"):
        return _("a cell is longer than %(max)s characters") % {"max": csv.field_size_limit()}
    return str(error)


def decode_spreadsheet_text(raw: bytes) -> str | None:
    """CSV bytes as text: UTF-8 (with or without a BOM), else Windows-1251 (what Russian Excel saves)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1251")
    except UnicodeDecodeError:
        return None


def sniff_dialect(text: str):
    """Comma, semicolon (what Russian Excel writes) or tab: whichever the file uses."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def is_header(cell: str) -> bool:
    """A first CSV cell naming the column rather than holding a code (it neither parses nor has digits)."""
    return normalize_code(cell) is None and not any(character.isdigit() for character in cell)

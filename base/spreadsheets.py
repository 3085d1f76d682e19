"""CSV cells a spreadsheet will not run as formulas (OWASP "CSV injection"): for every export of user text.

Russian Excel opens a CSV by double-click only when it is separated by `;` and starts with a UTF-8 BOM
(without the BOM it reads the bytes as Windows-1251); `csv_options` picks the separator from the request.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

from django.utils import translation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
BOM = "\ufeff"
SEPARATORS = {"semicolon": ";", "comma": ",", "tab": "\t"}


def spreadsheet_safe(value) -> str:
    """The cell as text, prefixed with ' when a spreadsheet would run it as a formula; numbers stay."""
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_delimiter(choice: str | None = None, language: str | None = None) -> str:
    """`?sep=comma|semicolon|tab` when given; else `;` for Russian (Russian Excel) and `,` for English."""
    if choice in SEPARATORS:
        return SEPARATORS[choice]
    language = language or translation.get_language() or "ru"
    return "," if language.startswith("en") else ";"


class SafeWriter:
    """csv.writer whose cells are made `spreadsheet_safe`.

    `delimiter` defaults to the csv module's `,`; `bom=True` writes a UTF-8 byte order mark first, so that
    Excel reads the file as UTF-8.
    """

    def __init__(self, stream, *, delimiter: str = ",", bom: bool = False, **options):
        if bom:
            stream.write(BOM)
        self.writer = csv.writer(stream, delimiter=delimiter, **options)

    def writerow(self, row) -> None:
        self.writer.writerow([spreadsheet_safe(cell) for cell in row])

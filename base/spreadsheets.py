"""CSV cells a spreadsheet will not run as formulas (OWASP "CSV injection"): for every export of user text."""

from __future__ import annotations

import csv
import re
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def spreadsheet_safe(value) -> str:
    """The cell as text, prefixed with ' when a spreadsheet would run it as a formula; numbers stay."""
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer whose cells are made `spreadsheet_safe`."""

    def __init__(self, stream, **options):
        self.writer = csv.writer(stream, **options)

    def writerow(self, row) -> None:
        self.writer.writerow([spreadsheet_safe(cell) for cell in row])

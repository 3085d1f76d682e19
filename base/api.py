"""What other apps may use of base besides its block library (`base.blocks`): the formula-safe CSV
writer and its separator choice, and dates and times as people read them."""

from .dates import local_date, local_datetime, spreadsheet_date, zone_in_words
from .spreadsheets import SafeWriter, csv_delimiter, spreadsheet_safe

__all__ = [
    "SafeWriter",
    "csv_delimiter",
    "local_date",
    "local_datetime",
    "spreadsheet_date",
    "spreadsheet_safe",
    "zone_in_words",
]

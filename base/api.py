"""What other apps may use of base besides its block library (`base.blocks`): the formula-safe CSV writer
and its separator choice, dates and times as people read them, the address of the privacy notice
(`privacy_page_url()`, in the active language) and the search stemmer."""

from .dates import local_date, local_datetime, spreadsheet_date, zone_in_words
from .models import privacy_page_url
from .spreadsheets import SafeWriter, csv_delimiter, spreadsheet_safe
from .stemming import WORD, is_stop_word, query_stems, stem, stem_text, stems_in_python, words

__all__ = [
    "WORD",
    "SafeWriter",
    "csv_delimiter",
    "is_stop_word",
    "local_date",
    "local_datetime",
    "privacy_page_url",
    "query_stems",
    "spreadsheet_date",
    "spreadsheet_safe",
    "stem",
    "stem_text",
    "stems_in_python",
    "words",
    "zone_in_words",
]

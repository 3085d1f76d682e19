"""What other apps may use of base besides its block library (`base.blocks`): the formula-safe CSV writer,
the address of the privacy notice (`privacy_page_url()`, in the active language) and the search stemmer."""

from .models import privacy_page_url
from .spreadsheets import SafeWriter, spreadsheet_safe
from .stemming import WORD, is_stop_word, query_stems, stem, stem_text, stems_in_python, words

__all__ = [
    "WORD",
    "SafeWriter",
    "is_stop_word",
    "privacy_page_url",
    "query_stems",
    "spreadsheet_safe",
    "stem",
    "stem_text",
    "stems_in_python",
    "words",
]

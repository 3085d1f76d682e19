"""What other apps may use of base besides its block library (`base.blocks`): the formula-safe CSV writer and
the search stemmer."""

from .spreadsheets import SafeWriter, spreadsheet_safe
from .stemming import WORD, is_stop_word, query_stems, stem, stem_text, stems_in_python, words

__all__ = [
    "WORD",
    "SafeWriter",
    "is_stop_word",
    "query_stems",
    "spreadsheet_safe",
    "stem",
    "stem_text",
    "stems_in_python",
    "words",
]

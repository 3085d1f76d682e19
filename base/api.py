"""What other apps may use of base besides its block library (`base.blocks`): the formula-safe CSV writer
and its separator choice, dates and times as people read them, the address of the privacy notice
(`privacy_page_url()`, in the active language), the search stemmer, and the publish generation that
page-derived caches are keyed by (`cached_for_generation`, `generation`, `restricted_paths`, ADR 0018)."""

from .dates import local_date, local_datetime, spreadsheet_date, zone_in_words
from .models import privacy_page_url
from .pagecache import (
    CachedViewRestrictionsMixin,
    bump_generation,
    cached_for_generation,
    generation,
    generation_key,
    has_messages,
    language_prefixed,
    restricted_paths,
)
from .pagecache import enabled as page_cache_enabled
from .spreadsheets import SafeWriter, csv_delimiter, spreadsheet_safe
from .stemming import WORD, is_stop_word, query_stems, stem, stem_text, stems_in_python, words

__all__ = [
    "WORD",
    "CachedViewRestrictionsMixin",
    "SafeWriter",
    "bump_generation",
    "cached_for_generation",
    "csv_delimiter",
    "generation",
    "generation_key",
    "has_messages",
    "is_stop_word",
    "language_prefixed",
    "local_date",
    "local_datetime",
    "page_cache_enabled",
    "privacy_page_url",
    "query_stems",
    "restricted_paths",
    "spreadsheet_date",
    "spreadsheet_safe",
    "stem",
    "stem_text",
    "stems_in_python",
    "words",
    "zone_in_words",
]

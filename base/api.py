"""What other apps may use of base besides its block library (`base.blocks`): the formula-safe CSV writer
and the address of the privacy notice (`privacy_page_url()`, in the active language)."""

from .models import privacy_page_url
from .spreadsheets import SafeWriter, spreadsheet_safe

__all__ = ["SafeWriter", "privacy_page_url", "spreadsheet_safe"]

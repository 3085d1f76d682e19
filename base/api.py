"""What other apps may use of base besides its block library (`base.blocks`): the formula-safe CSV writer."""

from .spreadsheets import SafeWriter, spreadsheet_safe

__all__ = ["SafeWriter", "spreadsheet_safe"]

"""Dates and times as people read them: 30.11.2026 in Russian, the time zone named in words (not "MSK")."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# IANA name -> how a sentence names it after a time ("12:00 по московскому времени" / "12:00 Moscow time").
ZONE_WORDS = {
    "Europe/Moscow": gettext_lazy("Moscow time"),
    "UTC": gettext_lazy("UTC"),
    "Etc/UTC": gettext_lazy("UTC"),
}


def zone_in_words(zone=None) -> str:
    """The time zone (a tzinfo, an IANA name, or the current one) in words, in the active language."""
    if zone is None:
        zone = timezone.get_current_timezone()
    name = zone if isinstance(zone, str) else getattr(zone, "key", None) or str(zone)
    words = ZONE_WORDS.get(name)
    if words is not None:
        return str(words)
    return _("time zone %(name)s") % {"name": name}


def local_date(value: date | datetime | None) -> str:
    """A date in the active language's short format (30.11.2026 in Russian); a datetime in the local zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def local_datetime(value: datetime | None, zone=None) -> str:
    """Date and time in the given zone (the current one by default) followed by the zone in words."""
    if value is None:
        return ""
    zone = zone or timezone.get_current_timezone()
    if isinstance(zone, str):
        import zoneinfo

        zone = zoneinfo.ZoneInfo(zone)
    moment = timezone.localtime(value, zone) if timezone.is_aware(value) else value
    shown = f"{formats.date_format(moment, 'SHORT_DATE_FORMAT')} {moment:%H:%M}"
    return f"{shown} {zone_in_words(zone)}"


def spreadsheet_date(value: date | datetime | None) -> str:
    """A date for a CSV cell: dd.mm.yyyy in Russian (what Russian Excel reads as a date), ISO otherwise."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if (translation.get_language() or "ru").startswith("ru"):
        return value.strftime("%d.%m.%Y")
    return value.isoformat()

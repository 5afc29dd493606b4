"""Dates, times and numbers as the screen's language writes them (QLocale of i18n.install):
French "17 décembre 2026", "17/12/2026 09:09"; English its own. A screen never shows an ISO
date: the core's ISO strings and POSIX stamps are formatted here, at the screen's edge."""

from __future__ import annotations

import re
from datetime import date as Date

from PySide6.QtCore import QDate, QDateTime, QLocale

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _locale() -> QLocale:
    return QLocale()


def _without_weekday() -> str:
    """The language's long date without the day of the week: "d MMMM yyyy", "MMMM d, yyyy"."""
    return re.sub(r"dddd[,.]?\s*", "", _locale().dateFormat(QLocale.FormatType.LongFormat)).strip()


def _figures() -> str:
    """The language's short date with a four-digit year: "dd/MM/yyyy", "M/d/yyyy"."""
    short = _locale().dateFormat(QLocale.FormatType.ShortFormat)
    return short if "yyyy" in short else short.replace("yy", "yyyy")


def _qdate(day: Date | str) -> QDate | None:
    if isinstance(day, Date):
        return QDate(day.year, day.month, day.day)
    found = ISO_DATE.match(day.strip())
    if found is None:
        return None
    parsed = QDate(int(found[1]), int(found[2]), int(found[3]))
    return parsed if parsed.isValid() else None


def date(day: Date | str) -> str:
    """A day in words: "17 décembre 2026" (French), "December 17, 2026" (English). A string
    that is not an ISO date comes back as it is."""
    parsed = _qdate(day)
    if parsed is None:
        return str(day)
    return _locale().toString(parsed, _without_weekday())


def short_date(stamp: float) -> str:
    """A POSIX stamp's day in figures: "17/12/2026"."""
    moment = QDateTime.fromSecsSinceEpoch(int(stamp))
    return _locale().toString(moment.date(), _figures())


def datetime(stamp: float) -> str:
    """A POSIX stamp's day and minute: "17/12/2026 09:09"."""
    moment = QDateTime.fromSecsSinceEpoch(int(stamp))
    day = _locale().toString(moment.date(), _figures())
    minute = _locale().toString(moment.time(), QLocale.FormatType.ShortFormat)
    return f"{day} {minute}"


def number(value: int | float) -> str:
    """A number with the language's digit grouping and decimal mark."""
    if isinstance(value, int):
        return _locale().toString(value)
    return _locale().toString(value, "f", 2)


def iso_to_screen(value: object) -> object:
    """An error's value: an ISO date becomes the screen's date, anything else stays as it is."""
    if isinstance(value, str) and _qdate(value) is not None:
        return date(value)
    return value


def typed_date(text: str) -> str:
    """A day typed the language's way ("02/03/1964" in French) as the ISO date the core keeps;
    any other text ("1964", "vers 1964", an ISO date) comes back as it was typed."""
    typed = text.strip()
    for form in (_figures(), _figures().replace("dd", "d").replace("MM", "M")):
        parsed = _locale().toDate(typed, form)
        if parsed.isValid():
            return parsed.toString("yyyy-MM-dd")
    return typed


def size(count: int) -> str:
    """A file's size in words, in the language's units: "2,4 Mo", "512 octets", "2.4 MB"."""
    return _locale().formattedDataSize(count, 1, QLocale.DataSizeFormat.DataSizeSIFormat)

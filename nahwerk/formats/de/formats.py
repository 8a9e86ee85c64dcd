"""German date and time formats (Django's own, plus the named formats of nahwerk)."""

DATE_FORMAT = "j. F Y"  # 13. Januar 2027
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j. F Y, H:i"  # 13. Januar 2027, 14:30
YEAR_MONTH_FORMAT = "F Y"  # Januar 2027
MONTH_DAY_FORMAT = "j. F"  # 13. Januar
SHORT_DATE_FORMAT = "d.m.Y"  # 13.01.2027
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"  # 13.01.2027, 14:30

# nahwerk's own names (see nahwerk/formats/__init__.py)
WEEKDAY_DATE_FORMAT = "l, j. F Y"  # Mittwoch, 13. Januar 2027
WEEKDAY_DATETIME_FORMAT = "l, j. F Y, H:i"  # Mittwoch, 13. Januar 2027, 14:30
SHORT_WEEKDAY_DATETIME_FORMAT = "D, j. M, H:i"  # Mi, 13. Jan, 14:30

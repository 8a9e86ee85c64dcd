"""English date and time formats: British day-month order and the 24-hour clock."""

DATE_FORMAT = "j F Y"  # 13 January 2027
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 13 January 2027, 14:30
YEAR_MONTH_FORMAT = "F Y"  # January 2027
MONTH_DAY_FORMAT = "j F"  # 13 January
SHORT_DATE_FORMAT = "d/m/Y"  # 13/01/2027
SHORT_DATETIME_FORMAT = "d/m/Y, H:i"  # 13/01/2027, 14:30
FIRST_DAY_OF_WEEK = 1  # Monday
# Typed dates are read in the order they are shown (Django's English expects m/d/Y).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y, %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]

# nahwerk's own names (see nahwerk/formats/__init__.py)
WEEKDAY_DATE_FORMAT = "l, j F Y"  # Wednesday, 13 January 2027
WEEKDAY_DATETIME_FORMAT = "l, j F Y, H:i"  # Wednesday, 13 January 2027, 14:30
SHORT_WEEKDAY_DATETIME_FORMAT = "D, j M, H:i"  # Wed, 13 Jan, 14:30

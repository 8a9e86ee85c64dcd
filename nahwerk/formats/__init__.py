"""Date and time formats per interface language (settings.FORMAT_MODULE_PATH).

Templates name a format instead of spelling it out (``|date:"DATE_FORMAT"``,
``|date:"WEEKDAY_DATETIME_FORMAT"``), so that German reads "Mittwoch, 13. Januar 2027,
14:30" and English "Wednesday, 13 January 2027, 14:30". Every name defined here must be
defined for every language: a name missing from a module would be printed as a format
string. Both languages show times on the 24-hour clock.
"""

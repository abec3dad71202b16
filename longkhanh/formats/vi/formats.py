"""Dates and times as Vietnamese offices write them, for the admin's fields and displays.

Django's own Vietnamese formats write "Ngày 29 tháng 11 năm 2026" in lists and take dates typed
only as 2026-11-29 (the input formats are left to the defaults): editors type 29/11/2026. The
first input format is also what the admin's "Hôm nay" and calendar fill in. (FORMAT_MODULE_PATH)
"""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "H:i d/m/Y"
YEAR_MONTH_FORMAT = r"\t\há\n\g n/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"]
# Seconds first: the admin shows a stored time with them, so saving again changes nothing.
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%Hh%M", "%H giờ %M"]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}" for date in DATE_INPUT_FORMATS for time in ("%H:%M:%S", "%H:%M")
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."

"""A crontab expression as APScheduler 3 must be given it: its day of the week by name.

APScheduler 3 numbers the days of the week from Monday (0) to Sunday (6); crontab from Sunday (0, or 7) to Saturday
(6). `CronTrigger.from_crontab` passes the numbers through, so `0 8 * * 1-5`, Monday to Friday in any crontab, fired
Tuesday to Saturday, and `* * * * 0` on Mondays. Names mean the same day to both, so the numbers are written as names.
"""

from __future__ import annotations

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab's numbering: 0 and 7 are Sunday
MAX_DAY = 7


def crontabs_for_apscheduler(expression: str) -> list[str]:
    """`expression` as APScheduler 3 must be given it, in one expression or two to run at either. Crontab runs on a day
    that matches its day of the month OR its day of the week when both are restricted (neither starts with `*`):
    `0 8 1 * 1`, the 1st and each Monday; APScheduler on a day that matches both (a 1st that is a Monday)."""
    fields = expression.split()
    if len(fields) != 5 or fields[2].startswith("*") or fields[4].startswith("*"):
        return [crontab_for_apscheduler(expression)]
    minute, hour, day, month, weekday = fields
    return [crontab_for_apscheduler(f"{minute} {hour} {day} {month} *"),
            crontab_for_apscheduler(f"{minute} {hour} * {month} {weekday}")]


def crontab_for_apscheduler(expression: str) -> str:
    """`expression` (minute hour day month day-of-week) with its day-of-week numbers written as day names; any other
    expression as it came (APScheduler says what is wrong with it). Raises ValueError for a day out of 0–7."""
    fields = expression.split()
    if len(fields) != 5:
        return expression
    return " ".join([*fields[:4], weekdays_by_name(fields[4])])


def weekdays_by_name(field: str) -> str:
    """A crontab day-of-week field by names: `1-5` → `mon,tue,wed,thu,fri`, `0,6` → `sun,sat`, `*/2` →
    `sun,tue,thu,sat`, `mon,3` → `mon,wed` (a number beside a name is crontab's too); `*` as it is."""
    if field == "*":
        return field
    days = sorted({day % 7 for part in field.split(",") for day in _days(part)})
    return ",".join(DAY_NAMES[day] for day in days)


def _days(part: str) -> range:
    """The crontab days one part of the field names: `3`, `1-5`, `*/2`, `1-5/2`, `2/3` (from Tuesday, every third),
    `mon`, `mon-fri`."""
    span, _, step = part.partition("/")
    if span == "*":
        first, last = 0, MAX_DAY - 1
    elif "-" in span:
        first, last = (_day(day, part) for day in span.split("-", 1))
        last = MAX_DAY if last == 0 < first else last  # (`mon-sun`, `1-0`: to Sunday, its 7)
    else:
        first = _day(span, part)
        last = MAX_DAY - 1 if step else first
    every = _day(step, part) if step else 1
    if not (0 <= first <= last <= MAX_DAY) or every < 1:
        raise ValueError(_not_days(part))
    return range(first, last + 1, every)


def _day(word: str, part: str) -> int:
    """A day's number in crontab's count (a name's too), or a step's."""
    if word.lower() in DAY_NAMES:
        return DAY_NAMES.index(word.lower())
    if not word.isascii() or not word.isdigit():
        raise ValueError(_not_days(part))
    return int(word)


def _not_days(part: str) -> str:
    return (f"day of the week {part!r}: days are 0–7 (0 and 7 are Sunday) or sun–sat, a range low to high "
            "(crontab has no L, ? or #)")

"""Cron schedules across summer time: the night the clock goes back runs a source at a fixed time once, not twice.

No daemon waits here for a real October night: the daemon's own trigger (`trigger_for`) is driven across the real
transitions of Europe/Berlin's zone (the tz database's, through zoneinfo), and APScheduler's own job machinery asks
it which run times are due, as the running scheduler does."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from crawler.config import Source
from crawler.scheduler import first_run_time, trigger_for
from store.runs import Run

BERLIN = "Europe/Berlin"
AUTUMN = datetime(2026, 10, 24, 12, tzinfo=UTC)  # the day before the night of 25 October 2026, 03:00 CEST → 02:00 CET


def fire_times(cron: str, after: datetime, count: int, name: str = "s") -> list[str]:
    """The next `count` firings of the daemon's trigger for `cron` in Berlin after `after`, in UTC, as the scheduler
    asks for them (each from the one before)."""
    trigger, previous, times = trigger_for(Source(name, cron=cron, timezone=BERLIN)), None, []
    for _ in range(count):
        previous = trigger.get_next_fire_time(previous, previous or after)
        times.append(previous.astimezone(UTC).strftime("%m-%d %H:%M"))
    return times


def test_a_cron_at_a_fixed_time_runs_once_the_night_its_hour_is_lived_twice() -> None:
    # 02:30 is lived at 00:30Z (CEST) and again at 01:30Z (CET): APScheduler 3 alone fired at both
    assert fire_times("30 2 * * *", AUTUMN, 3) == ["10-25 00:30", "10-26 01:30", "10-27 01:30"]


def test_the_second_pass_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="palimpsest.daemon")
    for _ in range(3):  # (the scheduler asks the trigger again after each run, at each reload)
        fire_times("30 2 * * *", AUTUMN, 2, name="nightly")
    lines = [r.getMessage() for r in caplog.records if "goes back" in r.getMessage()]
    assert lines == ["nightly: no run at 2026-10-25T02:30+01:00 (CET): the clock goes back over that hour, and the "
                     "source was due at that time in its first pass"]


def test_the_spring_night_without_its_2_oclock_hour_runs_once_as_before() -> None:
    assert fire_times("30 2 * * *", datetime(2026, 3, 28, 12, tzinfo=UTC), 2) == ["03-29 01:30", "03-30 00:30"]


@pytest.mark.parametrize(("cron", "expected"), [
    ("*/20 * * * *", ["10-25 00:00", "10-25 00:20", "10-25 00:40", "10-25 01:00", "10-25 01:20", "10-25 01:40"]),
    ("0 * * * *", ["10-25 00:00", "10-25 01:00", "10-25 02:00", "10-25 03:00", "10-25 04:00", "10-25 05:00"]),
])
def test_a_cron_with_a_wildcard_minute_or_hour_runs_by_the_clock_through_both_passes(cron: str,
                                                                                    expected: list[str]) -> None:
    # (as cron(8) does: an every-20-minutes source keeps its pace, with no hour's gap)
    assert fire_times(cron, datetime(2026, 10, 24, 23, 59, tzinfo=UTC), 6) == expected


def test_the_schedulers_due_run_times_hold_one_run_of_the_night() -> None:
    # APScheduler's own Job computes which run times are due at a moment (its wakeup after a pause, a misfire): at
    # 01:45Z, past both passes of 02:30, only the first is
    scheduler = AsyncIOScheduler(timezone=UTC)
    job = scheduler.add_job(print, trigger_for(Source("s", cron="30 2 * * *", timezone=BERLIN)), id="s",
                            next_run_time=datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    due = job._get_run_times(datetime(2026, 10, 25, 1, 45, tzinfo=UTC))
    assert [moment.astimezone(UTC).strftime("%H:%M") for moment in due] == ["00:30"]


def test_a_daemon_restarted_between_the_two_passes_waits_for_the_next_day() -> None:
    trigger = trigger_for(Source("s", cron="30 2 * * *", timezone=BERLIN))
    ran = Run(1, "s", "2026-10-25T00:30:01Z", "2026-10-25T00:31:00Z", "ok", None)
    now = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    assert first_run_time(trigger, ran, now) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(("cron", "days"), [
    ("0 8 * * 1-5", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
    ("0 8 * * 0", ["Sunday"]),
    ("0 8 * * 7", ["Sunday"]),
    ("0 8 * * 6,0", ["Saturday", "Sunday"]),
    ("0 8 * * */3", ["Sunday", "Wednesday", "Saturday"]),
    ("0 8 * * mon-fri", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
    ("0 8 * * mon,3", ["Monday", "Wednesday"]),  # (names mixed with numbers: the numbers crontab's too)
    ("0 8 * * sun,6", ["Saturday", "Sunday"]),
    ("0 8 * * mon-5", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
    ("0 8 * * SAT,1", ["Saturday", "Monday"]),
    ("0 8 * * fri-sun", ["Friday", "Saturday", "Sunday"]),
])
def test_a_crons_day_of_the_week_is_crontabs_sunday_first(cron: str, days: list[str]) -> None:
    # (APScheduler 3 counts from Monday: `1-5` fired Tuesday to Saturday)
    trigger, when, seen = trigger_for(Source("weekly", cron=cron, timezone="Asia/Shanghai")), None, []
    for _ in range(len(days)):
        when = trigger.get_next_fire_time(when, when or datetime(2026, 11, 28, 12, tzinfo=UTC))  # (a Saturday)
        seen.append(when.strftime("%A"))
    assert sorted(seen) == sorted(days)



@pytest.mark.parametrize(("cron", "dates"), [
    ("0 8 1 * 1", ["11-30", "12-01", "12-07", "12-14"]),  # the 1st, or a Monday: crontab runs on either
    ("0 8 31 2 mon", ["2027-02-01", "2027-02-08", "2027-02-15", "2027-02-22"]),  # (no 31 February: its Mondays)
    ("0 8 */10 * 1", ["12-21", "2027-01-11"]),  # a day of the month from `*` narrows the weekday's: both
    ("0 8 1 * *", ["12-01", "2027-01-01"]),
])
def test_a_crons_day_of_the_month_and_of_the_week_are_crontabs_either(cron: str, dates: list[str]) -> None:
    # (APScheduler 3 asks for both: `0 8 1 * 1` ran on a 1st that is a Monday, twice a year)
    trigger, when, seen = trigger_for(Source("s", cron=cron, timezone="Asia/Shanghai")), None, []
    for _ in range(len(dates)):
        when = trigger.get_next_fire_time(when, when or datetime(2026, 11, 28, 12, tzinfo=UTC))  # (a Saturday)
        seen.append(when.strftime("%m-%d") if when.year == 2026 else when.strftime("%Y-%m-%d"))
    assert seen == dates

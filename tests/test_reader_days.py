"""Day headings and the dates in them, in the languages the reader knows."""

from __future__ import annotations

import pytest

from confexport.reader.patterns import DayMark, day_mark, is_day_heading


@pytest.mark.parametrize(
    "heading",
    [
        "Day 2",
        "Day2",
        "DAY 01",
        "Monday 24th April",
        "Wed 14 Feb",
        "Jeudi 18 avril",
        "Dienstag, 3. Mai 2022",
        "segunda-feira, 24 de maio",
        "2022年5月24日",
        "月曜日",
        "The 2nd of June",
        "一日目",
        "第二天",
        "第2日",
        "2일차",
        "11月2日 第一天",
        "2024-10-12 一日目",
    ],
)
def test_headings_that_only_name_a_day(heading: str) -> None:
    assert is_day_heading(heading)


@pytest.mark.parametrize(
    "heading",
    [
        "Talks in May",
        "Mayday: a postmortem",
        "24 talks in 3 rooms",
        "Monday morning standup habits",
        "Mon24",
        "年Monday",
        "一日中のハンズオン",
        "日本のPython",
        "毎日のテスト",
    ],
)
def test_headings_that_say_more_than_a_day(heading: str) -> None:
    assert not is_day_heading(heading)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("Room 5, May 6", DayMark(month=5, day=6)),
        ("1er mai", DayMark(month=5, day=1)),
        ("Track 1 talk 2 May", DayMark(month=5, day=2)),
        ("24 de mayo de 2022", DayMark(month=5, day=24, year=2022)),
        ("segunda-feira", DayMark(weekday=0)),
        ("the sat-nav talk", None),
        ("24 talks in May", None),
        ("Jour 3", DayMark(number=3)),
        ("一日目", DayMark(number=1)),
        ("二日目", DayMark(number=2)),
        ("第十二天", DayMark(number=12)),
        ("第二十一天", DayMark(number=21)),
        ("3일차", DayMark(number=3)),
        ("2024-10-12 一日目", DayMark(number=1, month=10, day=12, year=2024)),
    ],
)
def test_the_date_a_heading_names(text: str, mark: DayMark | None) -> None:
    assert day_mark(text) == mark

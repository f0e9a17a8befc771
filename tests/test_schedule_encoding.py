"""frab XML in any encoding XML allows: decoded first, then checked, then parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from confexport.schedule import ScheduleError, read_schedule
from tests.conftest import Run

SCHEDULES = Path(__file__).resolve().parent / "fixtures" / "schedules"
UTF8 = (SCHEDULES / "fixconf.xml").read_text(encoding="utf-8")
#: Python's codec, and whether the file starts with a byte order mark.
WIDE = {
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
    "utf-16 with mark": "utf-16",
    "utf-32-le": "utf-32-le",
    "utf-32 with mark": "utf-32",
}


def _declared(text: str, encoding: str) -> str:
    return text.replace('encoding="utf-8"', f'encoding="{encoding.upper()}"', 1)


def _with_entity(text: str) -> str:
    doctype = '<!DOCTYPE schedule [<!ENTITY inside "EXPANDED">]>\n<schedule'
    return text.replace("<schedule", doctype, 1).replace("Why we are all here.", "&inside;")


@pytest.mark.parametrize("codec", list(WIDE.values()), ids=list(WIDE))
def test_a_wide_schedule_with_an_entity_is_refused_in_one_line(
    codec: str, tmp_path: Path, run: Run
) -> None:
    schedule = tmp_path / "wide.xml"
    schedule.write_bytes(_with_entity(_declared(UTF8, codec[:6])).encode(codec))
    notes = tmp_path / "fixconf.md"
    notes.write_text((SCHEDULES / "fixconf.md").read_text(encoding="utf-8"))
    code, out, err = run("inspect", notes, "--schedule", schedule, "--json")
    assert code == 1 and "EXPANDED" not in out
    assert err.count("\n") == 1
    assert "wide.xml:2: schedule XML with a DOCTYPE or ENTITY declaration is refused" in err


@pytest.mark.parametrize("codec", list(WIDE.values()), ids=list(WIDE))
def test_a_wide_schedule_reads_as_its_utf8_original(codec: str, tmp_path: Path) -> None:
    schedule = tmp_path / "wide.xml"
    schedule.write_bytes(_declared(UTF8, codec[:6]).encode(codec))
    original = read_schedule(SCHEDULES / "fixconf.xml")
    assert read_schedule(schedule).sessions == original.sessions


def test_a_declared_single_byte_encoding_is_honoured(tmp_path: Path) -> None:
    schedule = tmp_path / "latin.xml"
    text = _declared(UTF8, "ISO-8859-1").replace("Why we are all here.", "Café crème")
    schedule.write_bytes(text.encode("latin-1"))
    abstracts = [session.abstract for session in read_schedule(schedule).sessions]
    assert "Café crème" in abstracts


def test_an_unknown_declared_encoding_is_one_line(tmp_path: Path) -> None:
    schedule = tmp_path / "odd.xml"
    schedule.write_text(_declared(UTF8, "x-no-such-codec"), encoding="utf-8")
    with pytest.raises(ScheduleError, match="declares an unknown encoding 'X-NO-SUCH-CODEC'"):
        read_schedule(schedule)

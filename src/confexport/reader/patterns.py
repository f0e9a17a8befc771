"""What the reader recognises in headings and lines: days, times, kinds, links.

Names and speakers are read by :mod:`.names`, :mod:`.headings` and :mod:`.speakers`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
    # French, German, Spanish, Italian, Portuguese, Dutch (full names only)
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6, "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3,
    "freitag": 4, "samstag": 5, "sonnabend": 5, "sonntag": 6, "lunes": 0, "martes": 1,
    "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4, "sábado": 5, "sabado": 5,
    "domingo": 6, "lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2,
    "mercoledi": 2, "giovedì": 3, "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5,
    "segunda-feira": 0, "terça-feira": 1, "quarta-feira": 2, "quinta-feira": 3,
    "sexta-feira": 4, "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3,
    "vrijdag": 4, "zaterdag": 5, "zondag": 6,
}  # fmt: skip
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3,
    "juni": 6, "juli": 7, "oktober": 10, "dezember": 12, "enero": 1, "febrero": 2,
    "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12, "janeiro": 1, "fevereiro": 2,
    "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
    "novembro": 11, "dezembro": 12, "januari": 1, "februari": 2, "maart": 3, "mei": 5,
    "augustus": 8,
}  # fmt: skip
#: "Day" and ordinal words in the languages above ("Jour 2", "Tag 1", "1ère journée").
_DAY_WORD = r"(?:day|jour|journée|journee|tag|día|dia|giorno|dag)"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th|er|ère|re|e|ème|\.|º|°)?"
_DAY_NUMBER = re.compile(
    rf"\b{_DAY_WORD}\s*0?(\d{{1,2}}|" + "|".join(NUMBER_WORDS) + r")\b"
    r"|\b(\d)(?:st|nd|rd|th|ère|re|er|e|ème|eme)\s+(?:day|jour|journée|journee)\b",
    re.I,
)
#: CJK numerals, for ordinal days ("一日目", "第二天").
_CJK_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                 "九": 9, "十": 10}  # fmt: skip
_CJK_COUNT = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
#: An ordinal day: Chinese "第二天"/"第2日", Japanese "一日目"/"2日目", Korean "2일차".
_CJK_ORDINAL_DAY = re.compile(
    rf"第\s*{_CJK_COUNT}\s*[日天]|{_CJK_COUNT}\s*日目|(\d{{1,2}})\s*일\s*차"
)
_CJK_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CJK_WEEKDAY = re.compile(r"([月火水木金土日])曜日|星期([一二三四五六日天])|周([一二三四五六日])")
_CJK_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6,
                 "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "天": 6}  # fmt: skip
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Month and weekday names are matched as any run of letters, then looked up: a regex
# alternation of some 200 words in five languages takes milliseconds to compile.
_DAY_MONTH = re.compile(
    rf"\b{_ORDINAL}\s*(?:of\s+|de\s+|di\s+)?([^\W\d_]+)\.?(?:,?\s+(?:de\s+)?(\d{{4}}))?",
    re.I,
)
_MONTH_DAY = re.compile(rf"\b([^\W\d_]+)\.?\s+{_ORDINAL}(?!\d)(?:,?\s+(\d{{4}}))?", re.I)
_LETTER_RUN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: The pieces a heading that only names a day is made of: words (looked up in
#: :data:`_DAY_FILLER_WORDS`), numbers with an ordinal ending, and separators.
_DAY_PIECE = re.compile(
    r"[\s,.:;()\-–—/#年月日第天目曜星期周]+"
    r"|(?<![^\W\d_])\d{1,4}(?:st|nd|rd|th|er|ère|re|e|ème|eme|º|°)?(?![^\W\d_])"
    r"|(?<![^\W\d_])(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)",
    re.I,
)
_DAY_FILLER_WORDS = (
    frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(NUMBER_WORDS)
    | {"day", "jour", "journée", "journee", "tag", "día", "dia", "giorno", "dag",
       "of", "the", "and", "de", "du", "le", "la", "der", "den", "el"}
)  # fmt: skip


def _month_match(pattern: re.Pattern[str], group: int, text: str) -> re.Match[str] | None:
    """The first match of ``pattern`` whose ``group`` is a month name."""
    for match in pattern.finditer(text):
        if match.group(group).lower() in MONTHS:
            return match
    return None


def _weekday_word(text: str) -> str | None:
    """The first weekday name in ``text`` as written: "Tue", "segunda-feira", the
    "Mon" of "Mon-Fri"."""
    for run in _LETTER_RUN.finditer(text):
        word = run.group()
        for part in (word, *word.split("-")):
            if part.lower() in WEEKDAYS:
                return part
    return None


def _is_day_word(word: str) -> bool:
    lowered = word.lower()
    return lowered in _DAY_FILLER_WORDS or _DAY_FILLER_WORDS.issuperset(lowered.split("-"))


def _only_day_words(text: str) -> bool:
    """Nothing in ``text`` but day and date words, numbers and separators."""
    position = 0
    for piece in _DAY_PIECE.finditer(text):
        if piece.start() != position:
            return False
        word = piece.group("word")
        if word is not None and not _is_day_word(word):
            return False
        position = piece.end()
    return position == len(text)


_END_OF_DAY = re.compile(r"^\W*(?:end\s+of\s+(?:the\s+)?(?:day|conference)|fin)\b", re.I)


@dataclass(frozen=True, slots=True)
class DayMark:
    """What a heading says about a day: a number, a weekday, a date (any may be missing)."""

    number: int | None = None
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None

    def resolve(self, start: dt.date | None, fallback_year: int | None) -> dt.date | None:
        """The calendar date this mark names, given the conference's first day."""
        if self.month is not None and self.day is not None:
            year = self.year or (start.year if start else fallback_year)
            if year is None:
                return None
            try:
                return dt.date(year, self.month, self.day)
            except ValueError:
                return None
        if start is None:
            return None
        if self.number is not None:
            return start + dt.timedelta(days=self.number - 1)
        if self.weekday is not None:
            return start + dt.timedelta(days=(self.weekday - start.weekday()) % 7)
        return None


_DAY_VOCABULARY = frozenset(WEEKDAYS) | frozenset(MONTHS) | {
    "day", "jour", "journée", "journee", "tag", "día", "dia", "giorno", "dag",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_CJK_DAY_CHARACTER = re.compile(r"[曜星期周日月第일]")


def _may_name_a_day(text: str) -> bool:
    """A cheap first look: an ISO date, a CJK date character, or a day or month word."""
    if _ISO_DATE.search(text) or _CJK_DAY_CHARACTER.search(text):
        return True
    return not _DAY_VOCABULARY.isdisjoint(_WORD.findall(text.lower()))


@functools.lru_cache(maxsize=4096)
def day_mark(text: str) -> DayMark | None:
    """The date-like facts in ``text``, or None when it names no day."""
    if not _may_name_a_day(text):
        return None
    number = weekday = month = day = year = None
    if match := _ISO_DATE.search(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _CJK_DATE.search(text):
        year = int(match.group(1)) if match.group(1) else None
        month, day = int(match.group(2)), int(match.group(3))
    elif match := _month_match(_DAY_MONTH, 2, text):
        day, month = int(match.group(1)), MONTHS[match.group(2).lower()]
        year = int(match.group(3)) if match.group(3) else None
    elif match := _month_match(_MONTH_DAY, 1, text):
        month, day = MONTHS[match.group(1).lower()], int(match.group(2))
        year = int(match.group(3)) if match.group(3) else None
    if match := _DAY_NUMBER.search(text):
        raw = next(group for group in match.groups() if group is not None).lower()
        number = NUMBER_WORDS.get(raw) or int(raw)
    elif match := _CJK_ORDINAL_DAY.search(text):
        number = _cjk_count(next(group for group in match.groups() if group is not None))
    if match := _CJK_WEEKDAY.search(text):
        weekday = _CJK_WEEKDAYS[next(g for g in match.groups() if g is not None)]
    written = _weekday_word(text) if weekday is None else None
    # "sat"/"sun"/"mar"/"may" are ordinary words too: only trust them capitalised.
    if written and (len(written) > 3 or written[0].isupper()):
        weekday = WEEKDAYS[written.lower()]
    if number is None and weekday is None and month is None:
        return None
    return DayMark(number=number, weekday=weekday, month=month, day=day, year=year)


@functools.lru_cache(maxsize=4096)
def is_day_heading(text: str) -> bool:
    """A heading that only names a day: "Day 2", "Monday 24th April", "Wed 14 Feb"."""
    stripped = text.strip()
    if re.match(
        rf"^\W*{_DAY_WORD}\s*0?(\d{{1,2}}|" + "|".join(NUMBER_WORDS) + r")\b", stripped, re.I
    ):
        return True
    if day_mark(stripped) is None:
        return False
    for cjk in (_CJK_DATE, _CJK_WEEKDAY, _CJK_ORDINAL_DAY):
        stripped = cjk.sub(" ", stripped)
    return _only_day_words(stripped)


def _cjk_count(raw: str) -> int:
    """ "2" → 2, "二" → 2, "十二" → 12, "二十一" → 21."""
    if raw.isdigit():
        return int(raw)
    tens, ten, ones = raw.partition("十")
    if not ten:
        return _CJK_NUMERALS[raw]
    return _CJK_NUMERALS.get(tens, 1) * 10 + _CJK_NUMERALS.get(ones, 0)


_TITLE_PARTS = re.compile(r"\s+[-–—|:]\s+|,\s+|\s+[(（]|[)）]\s*$")


def split_day(title: str) -> tuple[str, str] | None:
    """ "Conf 2024 – Day 2" → ("Conf 2024", "Day 2"); "Jeudi 18 Avril, Devoxx" too."""
    parts = [p.strip() for p in _TITLE_PARTS.split(title) if p and p.strip()]
    if len(parts) >= 2:
        if is_day_heading(parts[-1]) and not is_day_heading(parts[0]):
            rest = title[: title.rfind(parts[-1])].rstrip(" -–—|:,(（")
            return rest, parts[-1]
        if is_day_heading(parts[0]) and not is_day_heading(parts[-1]):
            rest = title[title.find(parts[0]) + len(parts[0]) :].lstrip(" -–—|:,)）")
            return rest, parts[0]
    if match := re.match(rf"^(.*\S)\s+({_DAY_WORD}\s*0?\d{{1,2}})\s*$", title, re.I):
        return match.group(1), match.group(2)
    return None


def is_end_of_day(text: str) -> bool:
    """ "END OF DAY 1", "End of the conference": markers, not sessions."""
    return bool(_END_OF_DAY.match(text.strip()))


# --- times ---------------------------------------------------------------------------

_CLOCK = r"~?\s*(\d{1,2})(?:[:.h](\d{2}))?\s*([ap]\.?\s?m\.?)?"
_CLOCK_RE = re.compile(_CLOCK, re.I)
_RANGE = rf"{_CLOCK}(?:\s*(?:-|–|—|to)\s*{_CLOCK})?"
_TIME_IN_BRACKETS = re.compile(rf"\s*[(\[]\s*{_RANGE}\s*[)\]]\s*", re.I)
_TIME_AT_START = re.compile(rf"^\s*{_RANGE}\s*(?:[-–—:|]\s*|\s)", re.I)
_TIME_AT_END = re.compile(rf"\s*(?:[-–—@|,]|\bat\b)?\s*{_RANGE}\s*$", re.I)


@dataclass(frozen=True, slots=True)
class HeadingTime:
    title: str
    start: dt.time
    end: dt.time | None = None


def _clock(hour: str, minute: str | None, meridiem: str | None) -> dt.time | None:
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        pm = meridiem.lower().startswith("p")
        h = (h % 12) + (12 if pm else 0)
    if h > 23 or m > 59:
        return None
    return dt.time(h, m)


@functools.lru_cache(maxsize=4096)
def heading_time(text: str) -> HeadingTime | None:
    """A time or range written in a heading, and the heading without it.

    Only forms that cannot be a number in a title count: a clock with minutes
    (``10:30``), or with am/pm (``9am``, ``(~2:10pm)``).
    """
    for pattern in (_TIME_IN_BRACKETS, _TIME_AT_START, _TIME_AT_END):
        for match in pattern.finditer(text):
            g = match.groups()
            if not (g[1] or g[2]):
                continue
            end = _clock(g[3], g[4], g[5] or g[2]) if g[3] and (g[4] or g[5]) else None
            start = _clock(g[0], g[1], g[2])
            if not g[2] and g[5] and start is not None:
                # "2-3pm" borrows the end's pm; "11:30-1pm" does not (11:30 is the morning).
                borrowed = _clock(g[0], g[1], g[5])
                if borrowed is not None and (end is None or borrowed <= end):
                    start = borrowed
            if start is None:
                continue
            title = (text[: match.start()] + " " + text[match.end() :]).strip(" -–—:|,")
            if not title:
                continue
            return HeadingTime(title=" ".join(title.split()), start=start, end=end)
    return None


# --- kinds -------------------------------------------------------------------------

_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        ("keynote", r"\bkey\s?notes?\b"),
        ("lightning", r"\blightning\b"),
        (
            "welcome",
            r"^\W*(?:a\s+)?welcome\b|\bopening\s+(?:remarks|session|words)\b|^\W*(?:eröffnung|"
            r"begrüßung|ouverture|bienvenue|accueil|bienvenida|apertura|inauguración|benvenuto)\b",
        ),
        ("closing", r"\bclosing\s+(?:remarks|session|words)\b|^\W*closing\b"),
        ("ama", r"\bAMA\b|\bask\s+me\s+anything\b"),
        ("booth", r"\bbooth\b|\bexpo\s+hall\b|\bsponsor\s+hall\b"),
        ("demo", r"\bdemos?\b"),
        ("break", r"^\W*(?:lunch|breakfast|coffee|break|tea)\b|\b(?:lunch|coffee|tea)\s+break\b"),
        (
            "social",
            r"\bsocial\b|\bparty\b|\breception\b|\bhappy\s+hour\b|\bmeet\s*(?:&|and|\+)\s*greet\b"
            r"|\bnetworking\b",
        ),
        ("panel", r"\bpanel\b|\bround\s*table\b|\btable\s+ronde\b|\bpodium\w*|\bmesa\s+redonda\b"),
    )
)


@functools.lru_cache(maxsize=4096)
def kind_of(title: str) -> str:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(title):
            return kind
    return "talk"


def is_lightning_group(title: str) -> bool:
    return bool(re.search(r"\blightning\s+talks\b", title, re.I))


# --- links -------------------------------------------------------------------------

#: A pretalx talk page, ``<base>/<event>/talk/<CODE>/``, where ``<base>`` is a host or
#: a host and a sub-path (the CCC serves pretalx's pages under ``/congress/2024/``).
#: Under a sub-path the segment before ``talk`` may be where the pages are mounted
#: (``fahrplan``) rather than the event: ``mount`` tells the two cases apart.
PRETALX_TALK = re.compile(
    r"^https?://(?P<host>[^/\s?#]+)/(?P<mount>(?:[^/\s?#]+/)*?)"
    r"(?P<event>[\w.-]+)/talk/(?P<code>[A-Za-z0-9]{4,12})/?$"
)


def talk_event(link: re.Match[str]) -> str | None:
    """The event slug a :data:`PRETALX_TALK` match names: none under a sub-path."""
    return None if link.group("mount") else link.group("event")


_LINK_KINDS = (
    ("twitter", re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/", re.I)),
    ("mastodon", re.compile(r"^https?://[^/]+/@\w+/?$", re.I)),
    ("video", re.compile(r"youtube\.com|youtu\.be|vimeo\.com|pyvideo\.org", re.I)),
    (
        "slides",
        re.compile(r"speakerdeck\.com|slideshare\.net|docs\.google\.com/presentation|slides", re.I),
    ),
    ("repository", re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org)/")),
)


def link_kind(url: str, text: str = "") -> str:
    for kind, pattern in _LINK_KINDS:
        if pattern.search(url):
            return kind
    lowered = text.lower()
    for word in ("slides", "video", "blog"):
        if word in lowered:
            return word
    return "blog" if "blog" in url.lower() else "other"


_ATTENDANCE = re.compile(
    r"\b(?:did\s*n[o']?t\s+attend|didn’t\s+attend|not\s+attended|skipped\s+(?:this|it)|"
    r"missed\s+(?:this|it|the\s+talk))\b",
    re.I,
)


def says_not_attended(text: str) -> bool:
    return bool(_ATTENDANCE.search(text))

"""People's names: is this text a name, and which names does a speaker line give?

Speaker lines come in many shapes (``Speaker: Dr. Jane Doe (Acme)``, ``Jane Doe - CTO,
Acme``, ``Jane Doe as Developer Advocate, Acme``, ``**Ada Lovelace & Alan Turing**``,
``Ana Diaz hosted, panelists: B C, D E``).  Each is reduced to its bare names: roles,
companies, parentheticals, URLs and honorifics are dropped.  Nothing here guesses: a
part that is not shaped like a name ends the list of names.
"""

from __future__ import annotations

import functools
import re

_PARTICLES = {
    "van", "von", "de", "da", "del", "der", "den", "di", "du", "la", "le", "bin", "al", "dos",
    "das", "do", "ten", "ter", "zu", "st.", "mc", "ibn", "el",
}  # fmt: skip
#: Words that are never part of a person's name (lower case).
_NOT_NAME_WORDS = frozenset(
    """
    python django flask data code api apis web your my the a an how why what when where who
    with in for of to on is are be it this that these those world intro introduction part
    talk talks keynote keynotes notes q&a qa summary day session sessions track hall room
    stage workshop tutorial open source learning machine testing tests test great good new
    panel lightning break lunch coffee breakfast dinner party welcome closing opening remarks
    abstract takeaways takeaway links resources references conclusion conclusions questions
    overview agenda schedule slides video recording demo misc random thoughts thought todo
    general introduction background motivation problem solution results future next steps
    and or not no yes all some more most other about from by at as we our you they i me
    cloud native security software engineering development developer developers design
    architecture microservices kubernetes java javascript rust swift scala ruby rails go
    react angular vue android ios linux windows docker database databases model models
    system systems service services application applications app apps team teams people
    first second third last final best why? bonus extra impression impressions key points
    chapter section step steps tips tricks lessons learned use studies
    state status update updates news release releases version versions feature features
    editor engineer manager director designer founder co-founder ceo cto cfo coo vp lead
    architect consultant advocate evangelist scientist researcher professor student intern
    head principal senior junior staff chief officer analyst maintainer contributor
    performance scale scaling fast faster simple modern building build deploy production
    track: chair chairs host hosts moderator moderated keynote: unconference conference
    presenter presenters speaker speakers author authors twitter github linkedin mastodon
    website blog homepage email profile page site apache google amazon aws microsoft
    labs lab university universität université universidad universita college school
    institute institut inc inc. ltd ltd. llc gmbh ag sa corp corp. corporation company
    foundation group technologies technology systems solutions bank hospital clinic
    clinical center centre studio agency consulting software research council ministry
    department office association society network networks partners ventures capital
    series edition winter summer spring autumn fall café cafe night retro
    must should could would will can really very awesome cool rewatch watch read note
    important interesting nice fun funny amazing excellent useful boring long short
    """.split()
)
_HONORIFICS = re.compile(
    r"^(?:(?:dr|prof|mr|mrs|ms|mx|sir|dame|herr|frau|mme|mlle|me|maître|maitre|sr|sra|"
    r"dott|dottssa|ing|mag|dipl)\.?\s+)+",
    re.I,
)
_NOT_NAME_ENDING = re.compile(
    r"(?:tion|sion|ment|ments|ness|able|ible|ity|ism|ics|ents|ware|less|ful)$"
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_LIST_SPLIT = re.compile(r"\s*(?:,|;|/|\s&\s|&|\s\+\s|\band\b|\bet\b|\bund\b|\by\b|\be\b)\s*")
_HANDLE = re.compile(r"^@[A-Za-z0-9_]{1,30}$")
#: Where a role, company or description starts after a name.
_ROLE_START = re.compile(r"\s+(?:as|from|of|at|@|–|—|-|\||·|•)\s+|\s*[(\[（／:]|\s*/\s+|,\s+")


def clean(text: str) -> str:
    """Strip markup residue, quotes and honorifics from one name-like part."""
    text = text.strip().strip("*_`\"'“”‘’«»").strip()
    text = _HONORIFICS.sub("", text)
    return " ".join(text.rstrip(".,;:!—–- ").split())


#: Kana, CJK ideographs and Hangul, as code point ranges (a regex character class over
#: them takes 2-4 ms to compile, at every start).
_CJK_RANGES = (("\u3040", "\u30ff"), ("\u3400", "\u9fff"), ("\uac00", "\ud7af"))
_CJK_NAME_SEPARATOR = re.compile(r"[ ・·]")


def _is_cjk_name(text: str) -> bool:
    """One or two runs of 1-4 CJK characters: 山田 太郎, 김민준, 田中・花子."""
    parts = _CJK_NAME_SEPARATOR.split(text, maxsplit=1)
    return all(
        1 <= len(part) <= 4
        and all(any(low <= ch <= high for low, high in _CJK_RANGES) for ch in part)
        for part in parts
    )


def _initial(word: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]\.?", word)) or bool(
        re.fullmatch(r"(?:[^\W\d_]\.){2,3}", word)
    )


@functools.lru_cache(maxsize=8192)
def is_name(text: str, *, single: bool = False) -> bool:
    """``Jane Doe``, ``Vivek Raja P S``, ``Ophélie COELHO``, ``João M. D. Moura``.

    ``single`` also accepts one capitalised word (a first name), where the context says
    a name is there (a list of first names, the names side of a heading).
    """
    if single and _is_cjk_name(text):
        return True
    words = text.split()
    low = 1 if single else 2
    if not low <= len(words) <= 5:
        return False
    if len(words) >= 4 and not any(_initial(w) or w.lower() in _PARTICLES for w in words):
        return False  # four capitalised words are a title, not a name
    capitalised = 0
    for word in words:
        lowered = word.lower()
        if lowered in _NOT_NAME_WORDS:
            return False
        if lowered in _PARTICLES:
            continue
        if not _NAME_WORD.match(word) or not word[0].isupper():
            return False
        if lowered.endswith(("'s", "’s")):
            return False  # a possessive: "Presenter's Twitter"
        if len(words) > 1 and _NOT_NAME_ENDING.search(lowered):
            return False  # "Disposable Components": words, not a name
        capitalised += 1
    if capitalised == 0:
        return False
    # Acronyms ("AWS", "WAI ARIA") are not names; "Ophélie COELHO" is.
    return not all(word.isupper() and len(word) > 1 for word in words)


def split_list(text: str) -> list[str]:
    """ "A, B & C", "A and B", "A et B" → the parts."""
    return [part for part in (clean(p) for p in _LIST_SPLIT.split(text)) if part]


@functools.lru_cache(maxsize=8192)
def names_in(text: str, *, single: bool = False) -> tuple[str, ...]:
    """The names a speaker line gives, extras dropped; () when it gives none.

    Reads "Jane Doe", "Jane Doe (Acme)", "Dr. Jane Doe, CTO at Acme", "Jane Doe - Acme",
    "Jane Doe as Developer Advocate, Acme", "A, B & C", "A and B", and, with ``single``,
    first names alone ("Carla", "Ann & Bo").
    """
    text = _strip_urls(text)
    text = re.sub(r"\s*[(（\[][^()（）\[\]]*[)）\]]", "", text).strip()
    if not text:
        return ()
    whole = clean(text)
    if is_name(whole, single=single):
        return (whole,)
    parts = split_list(text)
    if parts and len(parts) <= 8 and all(is_name(p, single=single) for p in parts):
        # "Giada Lalli, Bioinformatician": one full name, then a one-word role.
        if not single and len(parts) > 1 and len(parts[-1].split()) == 1:
            return _leading_name(text)
        return tuple(parts)
    return _leading_name(text, single=single)


def _leading_name(text: str, *, single: bool = False) -> tuple[str, ...]:
    """The names before a role: "Jane Doe - CTO, Acme" → Jane Doe."""
    match = _ROLE_START.search(text)
    while match is not None:
        head = text[: match.start()]
        parts = split_list(head)
        if parts and all(is_name(p, single=single) for p in parts):
            return tuple(parts)
        match = _ROLE_START.search(text, match.end())
    return ()


def handle(text: str) -> str | None:
    """``@name`` as written, when ``text`` is just a handle."""
    stripped = text.strip().strip("()[]")
    return stripped if _HANDLE.match(stripped) else None


_PROFILE = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter\.com|x\.com|github\.com|gitlab\.com|"
    r"linkedin\.com/in|bsky\.app/profile|instagram\.com)/@?([\w.-]{1,40})/?$",
    re.I,
)
_SPEAKER_PAGE = re.compile(
    r"^https?://[^\s]+/(?:speakers?|people|person|u|users?)/([\w.-]{2,60})/?$"
)


def profile_name(url: str) -> str | None:
    """The account a profile link names: twitter/github/linkedin links, speaker pages."""
    if match := _PROFILE.match(url):
        return "@" + match.group(1)
    if match := _SPEAKER_PAGE.match(url):
        words = re.sub(r"([a-z])([A-Z])", r"\1 \2", match.group(1))
        words = " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_.\s]+", words) if w)
        return words if is_name(words) else None
    return None


def is_profile_url(url: str) -> bool:
    return bool(_PROFILE.match(url) or _SPEAKER_PAGE.match(url))


def _strip_urls(text: str) -> str:
    return re.sub(r"<?https?://\S+>?", "", text).strip()

"""Personal data about a child in a text field: what a detector finds, and the detector.

A name or a date of birth on a public page is a data breach. The detector trades recall
for few false positives, because a warning people learn to ignore protects nobody:
helpline and office numbers (03, 080) and dates that are not next to "born" or "DOB" are
left alone. ``publishing`` runs it over what a public build would show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model.language import norm
from . import identifying

# --- what a detector finds -----------------------------------------------------------------

@dataclass(frozen=True)
class Flag:
    """Something in a text field that should not be published as it stands."""

    # postcode, phone, email, nhs-number, date-of-birth, name-and-age, name-and-school,
    # address or language
    kind: str
    found: str  # the words as written
    advice: str  # what it looks like and what to do instead
    phrase: str | None = None  # the word-list entry, for language flags

    def accepted_by(self, accepted: Iterable[str]) -> bool:
        """An ``accept:`` entry clears a flag when it is, or contains, the flagged words
        (ignoring capitals and spacing), or names the word-list phrase."""
        found = norm(self.found)
        return any(
            found in a or (self.phrase is not None and a == norm(self.phrase))
            for a in map(norm, accepted)
        )


# --- personal data -------------------------------------------------------------------------

_POSTCODE = re.compile(
    r"(?<![\w])(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2}(?![\w])"
)
# Candidates only; the digits are checked below. Numbers for services (03, 080) are not a
# person's, so only landlines (01, 02) and mobiles (07) count.
_PHONE = re.compile(r"(?<![\w+/.])(?:\+44[\s\-]*(?:\(0\)[\s\-]*)?|\(?0)[\d\s\-()]{8,16}\d")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_NHS = re.compile(r"(?<![\w])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?![\w])")

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
         rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH}\s+\d{{4}})")
_BIRTH = r"(?:born|d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s?date|birthday)"
_DOB = re.compile(
    rf"\b{_BIRTH}(?:\s*[:(\-–]\s*|\s+(?:is|was|on|in)\s+|\s+){_DATE}(?![\w/])"
    rf"|(?<![\w/]){_DATE}\s*\(\s*{_BIRTH}\s*\)",
    re.IGNORECASE,
)

_AT = "@"


def _nhs_valid(digits: str) -> bool:
    """The NHS number's mod-11 check digit."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip().startswith("+44"):
        national = digits[2:]
        national = national[1:] if national.startswith("0") else national
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return False
    return len(national) in (9, 10) and national[0] in "127"


def personal_data(text: str) -> list[Flag]:
    """Things in ``text`` that look like personal data about a child."""
    if not (identifying.HINT.search(text) or _AT in text):
        return []  # every detector needs a digit, an age in words, a school or an @
    flags: list[Flag] = []
    taken: list[tuple[int, int]] = []

    def add(span: tuple[int, int], flag: Flag) -> None:
        if not any(span[0] < end and start < span[1] for start, end in taken):
            taken.append(span)
            flags.append(flag)

    for m in _EMAIL.finditer(text):
        add(m.span(), Flag("email", m.group(0), "looks like an email address; name the team"
                           " or service instead, never a person's or a child's address"))
    for m in _DOB.finditer(text):
        add(m.span(), Flag("date-of-birth", m.group(0), "looks like a date of birth; remove"
                           " it, or give an age range such as 'aged 14 to 16'"))
    for m in _PHONE.finditer(text):
        if _uk_phone(m.group(0)):
            add(m.span(), Flag("phone", m.group(0).strip(), "looks like a UK landline or mobile"
                               " number; remove it, or name the service to contact instead"))
    for m in _NHS.finditer(text):
        if _nhs_valid("".join(m.groups())):
            add(m.span(), Flag("nhs-number", m.group(0), "looks like an NHS number (its check"
                               " digit is valid); an NHS number must never be published"))
    for m in _POSTCODE.finditer(text):
        add(m.span(), Flag("postcode", m.group(0), "looks like a full UK postcode, which can"
                           " point to a child's home or school; give the district or"
                           " neighbourhood instead"))
    for m in identifying.names_with_ages(text):
        add(m.span(), Flag("name-and-age", m.group(0), "looks like a name next to an age,"
                           " which can identify a child; write 'a 14-year-old' or an"
                           " anonymised label such as 'Child A' instead"))
    for m in identifying.names_with_schools(text):
        add(m.span(), Flag("name-and-school", " ".join(m.group(0).split()), "looks like a"
                           " name next to a school, which together can identify a child;"
                           " write 'a Year 10 pupil at a local secondary school' or 'Child A'"
                           " instead"))
    for m in identifying.home_addresses(text):
        add(m.span(), Flag("address", " ".join(m.group(0).split()), "looks like a street"
                           " address (a house number and a street), which can point to a"
                           " child's home; name the neighbourhood or the kind of place"
                           " instead, such as 'a flat in the town centre'"))
    return flags

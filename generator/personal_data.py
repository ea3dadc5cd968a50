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

# --- what a detector finds -----------------------------------------------------------------

@dataclass(frozen=True)
class Flag:
    """Something in a text field that should not be published as it stands."""

    # postcode, phone, email, nhs-number, date-of-birth, name-and-age or language
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


def norm(text: str) -> str:
    """Text as the word list and ``accept:`` compare it: hyphens as spaces, one space
    between words, no capitals."""
    return " ".join(re.sub(r"[\-‐‑–]", " ", text).split()).casefold()


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

# A capitalised word next to an age is a name unless it is one of these words that are
# capitalised for other reasons (sentence openers, titles, months, identities).
_NOT_NAMES = frozenset(re.findall(r"\S+", """
    a an the this that these those it its he she they we you i his her their our my your
    and but or so yet of in on at by for from to with without into since after before
    during until between across among within including however overall also additionally
    again altogether currently previously recently finally first second third lastly
    meanwhile similarly instead otherwise therefore thus here there then now today
    yesterday tomorrow total totals combined sample samples average aged age ages
    level levels year years stage stages step steps key tier tiers phase phases part
    parts section sections appendix table figure page chapter item items question
    questions priority priorities action actions finding findings goal goals domain
    domains week weeks day days month months round wave cohort group groups team teams
    panel panels review reviews school schools class ward wards district zone area areas
    child children young boy boys girl girls person people pupil pupils student students
    case cases family families sibling siblings mother father mum dad parent parents
    carer carers brother sister police health education housing court unit service
    services january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday
    wednesday thursday friday saturday sunday black white asian mixed british english
    welsh scottish irish northern european eastern african caribbean arab muslim christian
    jewish sikh hindu roma gypsy traveller travellers somali polish romanian albanian
    vietnamese eritrean afghan kurdish syrian sudanese pakistani bangladeshi indian
    chinese turkish nigerian ghanaian jamaican unaccompanied looked care
    referral referrals assessment assessments planning plan plans response responses
    outcomes target partnership partnerships partner partners red amber green council
    councils academy academies college hospital trust board meeting meetings conference
    conferences session sessions training staff workers social youth justice probation
"""))
_NAME = r"(?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)"
_AGE = r"(?:[1-9]|1[0-9]|2[0-5])"
_YEARS_OLD = r"[\s\-]*(?:years?|yrs?)[\s\-]*old"
_NAME_AGE = re.compile(
    "|".join([
        # Jayden, 14, ... / Jayden (14) / Jayden, aged 14 / Jayden was aged 14
        rf"\b{_NAME}\s*,\s*{_AGE}\s*(?:,|;|\)|{_YEARS_OLD})",
        rf"\b{_NAME}\s*\(\s*(?:aged?\s*)?{_AGE}(?:{_YEARS_OLD})?\s*\)",
        rf"\b{_NAME}\s*,?\s+(?:who\s+)?(?:(?:is|was)\s+)?aged\s+{_AGE}\b",
        rf"\b{_NAME}\s*,?\s+(?:who\s+)?(?:is|was)\s+{_AGE}{_YEARS_OLD}",
        rf"\b{_NAME}\s*,\s*an?\s+{_AGE}{_YEARS_OLD}",
        # 14-year-old Jayden / a 14-year-old girl called Jayden
        rf"\b{_AGE}{_YEARS_OLD}\s+{_NAME}\b",
        rf"\b{_AGE}{_YEARS_OLD}(?:\s+[a-z]+){{0,2}}\s+(?:called|named|known\s+as)\s+{_NAME}\b",
    ]),
)
_NAME_ONLY = re.compile(_NAME)
_DIGIT_OR_AT = re.compile(r"[\d@]")


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


def _names_in(found: str) -> list[str]:
    return [m.group(0) for m in _NAME_ONLY.finditer(found)]


def personal_data(text: str) -> list[Flag]:
    """Things in ``text`` that look like personal data about a child."""
    if not _DIGIT_OR_AT.search(text):
        return []  # every detector needs a digit, or an @ for an email address
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
    for m in _NAME_AGE.finditer(text):
        names = _names_in(m.group(0))
        if names and all(n.casefold() not in _NOT_NAMES for n in names):
            add(m.span(), Flag("name-and-age", m.group(0), "looks like a name next to an age,"
                               " which can identify a child; write 'a 14-year-old' or an"
                               " anonymised label such as 'Child A' instead"))
    return flags

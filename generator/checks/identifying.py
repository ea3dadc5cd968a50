"""Words that identify a child without a number of their own: a name beside an age or a
school, and a home address.

Each detector needs two things side by side (a name and an age, a name and a school, a
house number and a street), because either alone is ordinary in a review: "a 15-year-old",
"Sophie" as a pseudonym in a case study, "3 schools", "Harrowmere Academy". A capitalised
word counts as a name unless it is one of the words capitalised for other reasons
(``NOT_NAMES``), follows a title (Mr, Dr: an adult professional), or follows "in" or "at"
(a place: "boys in Eastfield aged 14").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A capitalised word next to an age is a name unless it is one of these words that are
# capitalised for other reasons (sentence openers, titles, months, identities).
NOT_NAMES = frozenset(re.findall(r"\S+", """
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
    high primary secondary grammar infant infants junior juniors nursery st saint
"""))
# Words before a name that make it an adult's (a professional's) or a place's.
_NOT_A_CHILD_BEFORE = frozenset(re.findall(r"\S+", """
    mr mrs ms miss mx dr sir dame prof professor pc dc ds di sgt cllr councillor
    in at from near across around within outside
"""))

_NAME = r"(?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)"
_AGE_FIGURES = r"(?:[1-9]|1[0-9]|2[0-5])"
_AGE_WORDS = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
              r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
              r"|twenty(?:[\s\-](?:one|two|three|four|five))?)")
# Any age, in figures or words, but not the start of a range ("aged 10 to 17").
_AGE = (rf"(?:{_AGE_FIGURES}|(?i:{_AGE_WORDS}))(?![\w%])"
        r"(?!\s*(?:to|-|–|and|or)\s*(?:\d|(?i:[a-z]+teen|ten|eleven|twelve|twenty)))")
# "Sophie is 16": from eight, since "Eastfield is 3 and a half miles out" is a distance.
_AGE_IS = (r"(?:[89]|1[0-9]|2[0-5]|(?i:eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
           r"|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s\-](?:one|two|three|four"
           r"|five))?))(?![\w%])")
_YEARS_OLD = r"[\s\-]*(?:years?|yrs?)[\s\-]*old"
# After "Sophie is 16": the age ends the thought, or "years old", or a word that carries
# on about her. Anything else ("Harrowmere is 16 miles away") is not an age.
_AGE_ENDS = (r"(?=\s*(?:$|[.,;:!?)\]\"'’”—–]|-\s|(?:years?|yrs?)\b|(?i:and|but|so|now|when"
             r"|at|in|with|who|she|he|they|last|this|yet|already|today|or|on|until|since)\b))")
# ``(?i:…)`` keeps the words case-blind while names stay capitalised.
_NAME_AGE = re.compile("|".join([
    # Jayden, 14, ... / Jayden (14) / Jayden, aged fourteen / Jayden was aged 14
    rf"\b{_NAME}\s*,\s*{_AGE}\s*(?:,|;|\)|{_YEARS_OLD})",
    rf"\b{_NAME}\s*\(\s*(?:(?i:aged?)\s*)?{_AGE}(?:{_YEARS_OLD})?\s*\)",
    rf"\b{_NAME}\s*,?\s+(?:(?i:who)\s+)?(?:(?i:is|was)\s+)?(?i:aged)\s+{_AGE}",
    # Sophie is 16 / Sophie, who is fifteen, / Sophie turned 15 in May
    rf"\b{_NAME}\s*,?\s+(?:(?i:who)\s+)?(?i:is|was|turned|turns|has\s+turned|had\s+just"
    rf"\s+turned|is\s+now|was\s+only|is\s+only)\s+{_AGE_IS}(?:{_YEARS_OLD})?{_AGE_ENDS}",
    rf"\b{_NAME}\s*,\s*(?i:an?)\s+{_AGE}{_YEARS_OLD}",
    # 14-year-old Jayden / a fifteen-year-old girl called Jayden
    rf"\b{_AGE}{_YEARS_OLD}\s+{_NAME}\b",
    rf"\b{_AGE}{_YEARS_OLD}(?:\s+[a-z]+){{0,2}}\s+(?:called|named|known\s+as)\s+{_NAME}\b",
]))

# A school's name: capitalised words ending in what kind of school it is.
_SCHOOL = (r"(?:(?:St\.?|Saint)\s+)?(?:[A-Z][\w'’\-]*\s+){1,4}"
           r"(?:School|Academy|College|High(?!\s+(?:Street|St|Road|Rd)\b)|Primary|Grammar"
           r"|Infants|Juniors|PRU|Pupil\s+Referral\s+Unit)\b")
_AT_SCHOOL = (r"(?i:attends|attended|attending|goes\s+to|went\s+to|is\s+at|was\s+at|is\s+on"
              r"\s+roll\s+at|was\s+on\s+roll\s+at|pupil\s+at|student\s+at|excluded\s+from"
              r"|moved\s+to|transferred\s+to|started\s+at|in\s+year\s+\d+\s+at)")
_NAME_SCHOOL = re.compile("|".join([
    # Sophie, who attends Harrowmere Academy / Sophie was excluded from Northfield High
    rf"\b{_NAME}\b[^.;:!?()]{{0,30}}?\b{_AT_SCHOOL}\s+(?:the\s+)?{_SCHOOL}",
    # Sophie (Year 10, Harrowmere Academy) / Sophie (Harrowmere Academy)
    rf"\b{_NAME}\s*\((?:[^()]{{0,30}},\s*)?{_SCHOOL}(?:\s*,[^()]{{0,30}})?\)",
    # Sophie, a Year 9 pupil at Northfield School
    rf"\b{_NAME}\s*,\s+(?i:an?)\s+(?:Year\s+\d+\s+)?(?i:pupil|student)\s+(?i:at|of|from)\s+"
    rf"(?:the\s+)?{_SCHOOL}",
    # a Harrowmere Academy pupil, Sophie / Northfield High student Jayden
    rf"{_SCHOOL}\s+(?:Year\s+\d+\s+)?(?i:pupil|student|girl|boy),?\s+{_NAME}\b",
]))

_STREET = (r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Way|Crescent|Place|Grove"
           r"|Gardens|Terrace|Court|Square|Row|Walk|Rise|Mews|Parade|Hill|Green|View)")
# A house number and a street: "14 Acacia Road", "Flat 3, 22 Mill Lane". Up to three
# digits, so that a year ("In 2024 High Street traders…") is not a house number.
_ADDRESS = re.compile(
    rf"(?<![\w.,/£$%-])(?:(?i:flat|apartment|unit)\s+\d{{1,3}}[A-Za-z]?,?\s+)?"
    rf"\d{{1,3}}[A-Za-z]?,?\s+(?:[A-Z][a-z'’]+\s+){{1,3}}{_STREET}\b(?![\w'’])")
# A public building beside the address: its address is no one's home.
_PUBLIC_PLACE = (r"(?:police\s+station|library|youth\s+(?:centre|center|club)|community"
                 r"\s+(?:centre|center)|health\s+centre|medical\s+centre|surgery|clinic"
                 r"|hospital|town\s+hall|civic\s+centre|council\s+offices|offices|office"
                 r"|fire\s+station|bus\s+station|railway\s+station|station|leisure\s+centre"
                 r"|sports\s+centre|job\s?centre|school|academy|college|church|mosque"
                 r"|temple|gurdwara|synagogue|family\s+hub|hub|court|magistrates)")
_PUBLIC_AFTER = re.compile(rf"\s*,?\s*(?:the\s+)?{_PUBLIC_PLACE}\b", re.IGNORECASE)
_PUBLIC_BEFORE = re.compile(rf"\b{_PUBLIC_PLACE}\s*(?:at|on|,|\(|-|–)?\s*$", re.IGNORECASE)

_NAME_ONLY = re.compile(_NAME)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s*$")
# Most fields hold nothing any detector here could match: a cheap test first.
HINT = re.compile(rf"\d|\b(?i:{_AGE_WORDS})\b|School|Academy|College|High|Primary|Grammar"
                  r"|PRU|Referral Unit|Infants|Juniors")


def _is_a_childs_name(text: str, found: re.Match[str]) -> bool:
    names = [m for m in _NAME_ONLY.finditer(found.group(0))]
    if not names or any(n.group(0).casefold() in NOT_NAMES for n in names):
        return False
    before = _WORD_BEFORE.search(text, 0, found.start() + names[0].start())
    return not (before and before.group(1).casefold() in _NOT_A_CHILD_BEFORE)


def _school_flag_names(found: re.Match[str]) -> bool:
    """The name beside a school must not be a word of the school's own name."""
    school = re.search(_SCHOOL, found.group(0))
    rest = found.group(0).replace(school.group(0), " ") if school else found.group(0)
    names = [n.group(0) for n in _NAME_ONLY.finditer(rest)]
    return any(n.casefold() not in NOT_NAMES for n in names)


def names_with_ages(text: str) -> Iterator[re.Match[str]]:
    for m in _NAME_AGE.finditer(text):
        if _is_a_childs_name(text, m):
            yield m


def names_with_schools(text: str) -> Iterator[re.Match[str]]:
    for m in _NAME_SCHOOL.finditer(text):
        before = _WORD_BEFORE.search(text, 0, m.start())
        adult = before is not None and before.group(1).casefold() in _NOT_A_CHILD_BEFORE
        if not adult and _school_flag_names(m):
            yield m


def home_addresses(text: str) -> Iterator[re.Match[str]]:
    for m in _ADDRESS.finditer(text):
        if _PUBLIC_AFTER.match(text, m.end()) or _PUBLIC_BEFORE.search(text, 0, m.start()):
            continue
        yield m

"""English counts and organisation names, for ``facts``.

A count is a number (digits, "1.2 million", or a word from two to
ninety-nine) followed by up to three modifiers and a countable noun from
``NOUNS``: "250 additional teacher training places" counts places.  A plural
noun of the list ends the phrase ("12 schools received places" counts
schools).  Labels ("paragraph 24", "Year 6") and years ("in 2021 schools")
are not counts.  Organisations are capitalised names ending in a body word
(Council, Agency, Government, …) or written "Department for …",
"University of …", "Bank of …".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from drafter.ingest._fact_patterns import AR, MULT, YEAR

#: Countable nouns of government writing, singular (``singular:plural`` where irregular).
NOUNS = """
teacher school pupil student business company firm person:persons people:people job home
house household family child:children project university college hospital staff:staff officer
employee worker apprenticeship apprentice place site hectare acre kilometre kilometer mile member
organisation organization council area region centre center programme program scheme grant loan
farm farmer tree visitor participant application recommendation report course event case inquiry
country partner patient bed vehicle bus route station facility hub zone park year month week day
hour charity response inspection board coach authority trust library nursery practice pharmacy
clinic doctor nurse volunteer resident tenant property dwelling unit building road bridge plan
pilot trial contract claim complaint appeal offence graduate learner adult provider employer
landlord institution consultation meeting session premises:premises academy surgery ward clinician
inspector constable prison prisoner court judge migrant refugee submission respondent
representative system network service product device pathway team panel package vaccine dose
test
""".split()


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "ch", "sh", "x", "z")):
        return word + "es"
    return word + "s"


SINGULAR: dict[str, str] = {}
PLURAL_FORMS: set[str] = set()
for _entry in NOUNS:
    _one, _, _many = _entry.partition(":")
    SINGULAR[_one] = _one
    SINGULAR[_many or _plural(_one)] = _one
    PLURAL_FORMS.add(_many or _plural(_one))
PLURALS = sorted(PLURAL_FORMS, key=len, reverse=True)
UNITS = "|".join(sorted(SINGULAR, key=len, reverse=True))

_ONES = "two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    **{w: i for i, w in enumerate(_ONES, start=2)},
    **{w: i for i, w in enumerate(_TEENS, start=10)},
    **{w: 10 * i for i, w in enumerate(_TENS, start=2)},
}
_WORD_NUMBER = (
    rf"(?:{'|'.join(_TENS)})(?:[-\s](?:one|{'|'.join(_ONES)}))?|{'|'.join(_TEENS + _ONES)}"
)
_STOP = (
    "the|a|an|of|to|and|or|for|in|on|at|by|with|from|its|their|our|his|her|all|these|those|this|"
    "that|which|who|whom|how|what|why|where|when|whether|as|is|are|was|were|be|been|has|have|had|"
    "will|would|can|could|may|might|should|must|not|per|than|each|every|between|into|over|under|"
    "about|up|out|across|since|during|before|after|until|also|only|so|but"
)
_MODIFIER = rf"(?:(?!(?:{_STOP}|{'|'.join(PLURALS)})\b)[a-z][a-z'\-]*\s){{0,3}}"
COUNT = re.compile(
    rf"(?:(?<![\w£$€#.,])(?<![A-Za-z]-)(?<!(?:19|20)\d\d[-/–—])(?P<num>{AR})(?:\s(?P<mult>million|billion|thousand))?"
    rf"|\b(?P<word>(?i:{_WORD_NUMBER})))"
    rf"\s{_MODIFIER}(?P<unit>{UNITS})\b(?![\s-]olds?\b)"
)
LABEL = re.compile(
    r"(?i:\b(?:paragraphs?|paras?|sections?|clauses?|recommendations?|articles?|chapters?|tables?"
    r"|annex|annexes|figures?|pages?|pp|schedules?|parts?|rules?|regulations?|lines?|no|nos"
    r"|numbers?|version|level|phase|stage|tier|year|step|option|question|box|appendix|point"
    r"|cm|hc|hl|si)\.?\s?)\Z"
)


#: A number right before any plural noun (82 audits, four priorities): a count of that noun.
BARE_COUNT = re.compile(
    rf"(?<![\w£$€#.,])(?<![A-Za-z]-)(?<!(?:19|20)\d\d[-/–—])(?:(?P<num>{AR})|"
    rf"\b(?P<word>(?i:{_WORD_NUMBER})))\s(?P<unit>(?!(?:{_STOP})\b)[a-z]{{3,}}(?<![su]s)(?<!is)s)\b"
    r"(?![\s-]olds?\b)"
)


#: A number before a capitalised name ending in a plural: "six Digital Skills Hubs".
CAPITAL_COUNT = re.compile(
    rf"(?<![\w£$€#.,])(?<![A-Za-z]-)(?<!(?:19|20)\d\d[-/–—])(?:(?P<num>{AR})|"
    rf"\b(?P<word>(?i:{_WORD_NUMBER})))\s(?:[A-Z][\w'&-]*\s){{0,3}}"
    r"(?P<unit>[A-Z][a-z]{2,}(?<![su]s)(?<!is)s)\b"
)


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def _bare_counts(text: str) -> Iterator[tuple[str, Decimal, str, int, int]]:
    for m in [*BARE_COUNT.finditer(text), *CAPITAL_COUNT.finditer(text)]:
        if m["unit"] in SINGULAR:
            continue  # COUNT reads these, modifiers and all
        if m["word"]:
            words = re.split(r"[-\s]", m["word"].lower())
            amount = Decimal(sum(NUMBER_WORDS[w] for w in words if w))
        else:
            if LABEL.search(text, max(0, m.start() - 16), m.start()):
                continue
            if re.fullmatch(YEAR, m["num"]):
                continue
            amount = Decimal(m["num"].replace(",", ""))
        if amount > 1:
            yield m[0], amount, _singular(m["unit"].lower()), m.start(), m.end()


def counts(text: str) -> Iterator[tuple[str, Decimal, str, int, int]]:
    """English counts as (text, amount, singular unit, start, end)."""
    yield from _bare_counts(text)
    for m in COUNT.finditer(text):
        if m["word"]:
            words = re.split(r"[-\s]", m["word"].lower())
            amount = Decimal(sum(NUMBER_WORDS[w] for w in words if w))
        else:
            if LABEL.search(text, max(0, m.start() - 16), m.start()):
                continue
            if not m["mult"] and re.fullmatch(YEAR, m["num"]):
                continue  # "in 2021 schools": a year
            amount = Decimal(m["num"].replace(",", ""))
            if m["mult"]:
                amount *= MULT[m["mult"]]
        if amount != 1 and m["unit"] not in PLURAL_FORMS:
            continue  # "two employer representatives": the noun is a modifier
        yield m[0], amount, SINGULAR[m["unit"]], m.start(), m.end()


_CAPW = r"[A-Z][A-Za-z'’&\-]*"
#: Words that start a sentence or a title rather than a name.
_LEAD_WORDS = (
    r"The|A|An|In|As|Our|This|That|Their|By|For|With|From|To|On|At|And|Minister|Secretary|State"
    r"|Rt|Hon|Lord|Lady|Dear|Both|Each|Since|When|While|Where|If|Under|Through|Following|After"
    r"|Before|During|Today|Yesterday|Last|Next|However|Meanwhile|Recommendation"
)
_LIST = rf"{_CAPW}(?:(?:,\s|\s)(?:(?:and|of|for|the|on|&)\s){{0,2}}{_CAPW}){{0,6}}"
_NAME = rf"{_CAPW}(?:\s(?:(?:and|of|&)\s)?{_CAPW}){{0,6}}"
BODY_WORDS = (
    "Council|University|College|Committee|Agency|Authority|Commission|Trust|Institute|Foundation"
    "|Bank|Office|Service|Board|Executive|Inspectorate|Government|Association|Alliance|Federation"
    "|Society|Corporation|Partnership|Tribunal|Academy|Hospital|Museum|Library"
)
ORG = re.compile(
    rf"\b(?:(?:Government\s)?(?:Department|Ministry|Office)\s(?:for|of)\s(?:the\s)?{_LIST}"
    rf"|(?:University|Bank|Museum|Court)\sof\s(?:the\s)?{_NAME}"
    r"|(?:HM|His\sMajesty's|Her\sMajesty's)\sTreasury|House\sof\s(?:Commons|Lords)"
    rf"|(?!(?:{_LEAD_WORDS})\b){_NAME}\s(?:{BODY_WORDS}))\b"
)
LEAD = re.compile(rf"^(?:(?:{_LEAD_WORDS})\s(?:(?:of|for|the)\s)*)+")
_JOIN = re.compile(r"(?:,\s|\s(?:and|&)\s)(?:the\s)?")
_ENDS_BODY = re.compile(rf"\s(?:{BODY_WORDS})\Z")
_STARTS_BODY = re.compile(r"(?:Department|Ministry|Office)\s(?:for|of)\s")
GENERIC = frozenset(["Local Government", "Central Government", "National Government"])


def _parts(start: int, name: str) -> Iterator[tuple[int, str]]:
    """Split "Birmingham City Council and Leeds City Council" into its two names."""
    for join in _JOIN.finditer(name):
        if _ENDS_BODY.search(name, 0, join.start()) or _STARTS_BODY.match(name, join.end()):
            yield start, name[: join.start()]
            yield from _parts(start + join.end(), name[join.end() :])
            return
    yield start, name


def orgs(text: str) -> Iterator[tuple[str, int, int]]:
    """English organisation names as (name, start, end)."""
    for m in ORG.finditer(text):
        for start, part in _parts(m.start(), m[0]):
            lead = LEAD.match(part)
            name = part[lead.end() :] if lead else part
            end = start + len(part)
            if " " in name and name not in GENERIC:
                yield name, end - len(name), end

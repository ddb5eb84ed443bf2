"""Where a body sits: its locality or level, and whose measures an office may state as its own.

A reply states what the replying office and the governments above it do.  A
measure of another county, another city or a foreign government may inform
the editor, but written into the reply it would read as the office's own
commitment.  ``place_of`` reads the locality from a body's name ("马关县交通运输局"
→ "马关县", "深圳市福田区科技创新局" → "深圳市福田区", a ministry → "国家");
``scope`` says how a source stands to the office: its own, a superior's
(applies to the office), or elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Scope = Literal["own", "superior", "elsewhere", ""]

NATIONAL = "国家"
UK = "UK"

#: Administrative units, largest first within a name: 省/自治区 > 市/州/盟/地区 > 县/区/旗 > 乡/镇.
_UNIT = (r"(?:特别行政区|自治区|省|自治州|地区|州|盟|市|自治县|自治旗|新区|县|区|旗|"
         r"镇|乡|街道)")
#: A leading chain of places: "云南省红河州泸西县", "深圳市福田区".
_CHAIN = re.compile(rf"^(?:[\u4e00-\u9fff]{{1,14}}?{_UNIT}){{1,4}}")
#: Words that end in a unit character but name no place.
_NOT_PLACE = re.compile(r"(?:社区|园区|小区|景区|片区|辖区|库区|灾区|"
                        r"自贸区|开发区|示范区|保护区|工业区|地区性|本市|本县|本区|全市|全县|全区|"
                        r"我市|我县|我区|该市|该县|该区)$")
_UNIT_END = re.compile(rf"{_UNIT}$")
#: What two spellings of one body's name may differ by.
_BODY_NOISE = re.compile(r"[\s（）()]|中共|人民")
#: A trailing bracketed note on a body's name ("农业农村部（经商财政部）").
_NOTE = re.compile(r"[（(][^（）()]*[）)]\s*$")
_NATIONAL = re.compile(
    r"^(?:中华人民共和国|国务院|中共中央|全国|国家|中央)|"
    r"^(?:[\u4e00-\u9fff]{1,12}部|[\u4e00-\u9fff]{0,8}(?:总局|总署))(?:办公厅)?$|"
    r"^(?:最高人民(?:法院|检察院)|人力资源社会保障部|中国人民银行)")
_UK = re.compile(r"\b(?:HM Government|HM Treasury|Cabinet Office|Home Office|"
                 r"Department (?:for|of)\b|Ministry of\b|Secretary of State|UK Government|"
                 r"Government Office for Science|Office for\b)", re.I)
_COUNCIL = re.compile(r"^(?:The )?([A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3}) "
                      r"(?:District|County|City|Borough|Metropolitan|Town|Parish) Council\b")


def place_of(name: str) -> str:
    """The locality or level a body's name belongs to ("" when the name says none).

    >>> place_of("马关县交通运输局"), place_of("深圳市福田区科技创新局"), place_of("农业农村部")
    ('马关县', '深圳市福田区', '国家')
    """
    name = _bare_name(name)
    name = re.sub(r"\s+", "", name) if _is_cjk(name) else name
    if not name:
        return ""
    m = _COUNCIL.match(name)
    if m:
        return m[1]
    if _UK.search(name):
        return UK
    if _NATIONAL.search(name):
        return NATIONAL
    m = _CHAIN.match(name)
    place = m[0] if m else ""
    while place and len(place) < len(name) and name[len(place)] in "省市州县区旗镇乡":
        place = name[: len(place) + 1]  # "三州乡": the unit is 乡, not 州
    while place and _NOT_PLACE.search(place):  # "…开发区管委会": the place before the zone
        inner = _CHAIN.match(place[:-1])
        place = inner[0] if inner and len(inner[0]) < len(place) - 1 else ""
    return place if len(place) >= 2 else ""


def _units(place: str) -> list[str]:
    """A place's chain of units: "云南省泸西县" → ["云南省", "泸西县"]."""
    return re.findall(rf"[\u4e00-\u9fff]{{1,14}}?{_UNIT}", place) or [place]


def _short(unit: str) -> str:
    """A unit without its type word, for comparing "红河州" with "红河哈尼族彝族自治州"."""
    return _UNIT_END.sub("", unit)[:2]


@dataclass(frozen=True)
class Office:
    """The replying office: its name, its place, and the places above it."""

    issuer: str = ""
    place: str = ""
    superiors: tuple[str, ...] = ()

    @classmethod
    def of(cls, issuer: str, place: str = "", superiors: tuple[str, ...] = ()) -> Office:
        """The office named ``issuer``; its place read from the name when not given."""
        issuer = _bare_name(issuer)
        return cls(issuer=issuer, place=place.strip() or place_of(issuer),
                   superiors=tuple(s for s in superiors if s))

    @property
    def known(self) -> bool:
        """False when neither the office's name nor its place is known."""
        return bool(self.place or self.issuer)


def scope(source_issuer: str, source_place: str, office: Office) -> Scope:
    """How a source stands to the office: "own", "superior", "elsewhere" or "" (unknown).

    A source of the office itself or of its own locality is its own; a national
    one (for a Chinese office), one of a place the office's place lies in, or one
    of a configured superior is a superior's; one of another place is elsewhere.
    Unknown when the office or the source's place is not known.
    """
    if not office.known:
        return ""
    if office.issuer and source_issuer and _same_body(source_issuer, office.issuer):
        return "own"
    here = source_place or place_of(source_issuer)
    if not here or not office.place:
        return ""
    if here in office.superiors or any(s and s in source_issuer for s in office.superiors):
        return "superior"
    if here == office.place:
        return "own"
    if here in (NATIONAL, UK):  # the national level applies to every office of its country
        return "superior" if _is_cjk(office.place) == (here == NATIONAL) else "elsewhere"
    if office.place in (NATIONAL, UK):  # a local body's measure is not the government's own
        return "elsewhere"
    mine, theirs = _units(office.place), _units(here)
    if _same_unit(mine[-1], theirs[-1]):
        return "own"  # 石林县 / 石林彝族自治县; 云岭区 / 深圳市云岭区
    if any(_same_unit(mine[-1], t) for t in theirs[:-1]):
        return "own"  # a district or town of the office's own place
    if any(_same_unit(m, theirs[-1]) for m in mine[:-1]):
        return "superior"  # 深圳市 for an office in 深圳市福田区
    return "elsewhere"


def _bare_name(name: str) -> str:
    """A body's name without a trailing bracketed note ("农业农村部（经商财政部）")."""
    return _NOTE.sub("", name.strip())


def _same_unit(a: str, b: str) -> bool:
    """True when two units name the same place ("石林县" and "石林彝族自治县")."""
    ka, kb = _UNIT_END.search(a), _UNIT_END.search(b)
    same_kind = bool(ka and kb and ka[0][-1] == kb[0][-1])
    return a == b or (same_kind and _short(a) == _short(b))


#: China's province-level divisions: a closed list, named with or without their unit.
_PROVINCES = ("河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
              "四川 贵州 云南 陕西 甘肃 青海 台湾").split()
_REGIONS = ("内蒙古", "广西", "西藏", "宁夏", "新疆")
_CITIES = ("北京", "上海", "天津", "重庆")
#: Province-level places named in a passage ("支持贵州省建设…", "吉林省长春市…").
_PROVINCE = re.compile(
    "(?:" + "|".join(_PROVINCES) + ")省"
    + "|(?:" + "|".join(_REGIONS) + r")(?:[\u4e00-\u9fff]{0,4}自治区)?"
    + "|(?:" + "|".join(_CITIES) + ")市")


def provinces(text: str) -> set[str]:
    """Province-level places a text names ("贵州省", "内蒙古自治区", "重庆市")."""
    return set(_PROVINCE.findall(text))


def about_elsewhere(text: str, office: Office, subject: str = "") -> bool:
    """True when a passage is about another province than the office's or the proposal's.

    A national measure for one province ("支持贵州省建设…") is no measure of a county in
    another; and a proposal about one province ("贵州…山地农业") is not answered by what
    was done for another (吉林省's deer farming).
    """
    named = provinces(text)
    if not named:
        return False
    asked = provinces(subject)
    if asked:
        return not named & asked
    if not office.place or office.place in (NATIONAL, UK):
        return False
    mine = (office.place, *office.superiors)
    return not any(_same_unit(n, u) or n in p or p in n
                   for n in named for p in mine for u in _units(p))


def _same_body(a: str, b: str) -> bool:
    return _BODY_NOISE.sub("", a) == _BODY_NOISE.sub("", b)


def _is_cjk(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))

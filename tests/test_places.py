"""Where a body sits, and whose measures an office may state as its own (drafter/places.py)."""

from __future__ import annotations

import pytest

from drafter.places import NATIONAL, UK, Office, place_of, scope


@pytest.mark.parametrize(("name", "place"), [
    ("马关县交通运输局", "马关县"),
    ("深圳市福田区科技创新局", "深圳市福田区"),
    ("昆明市西山区交通运输局", "昆明市西山区"),
    ("石林彝族自治县水务局", "石林彝族自治县"),
    ("西双版纳州交通运输局", "西双版纳州"),
    ("内蒙古自治区工业和信息化厅", "内蒙古自治区"),
    ("天台县三州乡人民政府", "天台县三州乡"),
    ("深圳市南山区科技园社区工作站", "深圳市南山区"),
    ("农业农村部", NATIONAL),
    ("中华人民共和国人力资源和社会保障部", NATIONAL),
    ("国家发展和改革委员会", NATIONAL),
    ("Department for Education", UK),
    ("HM Government", UK),
    ("Leeds City Council", "Leeds"),
    ("市交通运输局", ""),
    ("某某经济技术开发区管委会", ""),
    ("", ""),
])
def test_place_of_a_body(name: str, place: str) -> None:
    assert place_of(name) == place


@pytest.mark.parametrize(("office", "source", "expected"), [
    ("马关县交通运输局", "马关县交通运输局", "own"),
    ("马关县交通运输局", "马关县人民政府", "own"),
    ("马关县交通运输局", "泸西县交通运输局", "elsewhere"),
    ("马关县交通运输局", "交通运输部", "superior"),
    ("深圳市福田区科技创新局", "深圳市科技创新委员会", "superior"),
    ("深圳市福田区科技创新局", "深圳市南山区科技创新局", "elsewhere"),
    ("深圳市科技创新委员会", "深圳市福田区人民政府", "own"),
    ("石林彝族自治县水务局", "石林县卫生健康局", "own"),
    ("云岭区科技创新局", "深圳市云岭区人民政府", "own"),
    ("Yunling District Council", "Department for Regional Innovation", "superior"),
    ("Yunling District Council", "Leeds City Council", "elsewhere"),
    ("Department for Education", "农业农村部", "elsewhere"),
    ("Department for Education", "HM Treasury", "own"),
    ("农业农村部", "国家发展和改革委员会", "own"),
    ("农业农村部", "石林彝族自治县水务局", "elsewhere"),
    ("Department for Education", "Leeds City Council", "elsewhere"),
    ("马关县交通运输局", "Department for Education", "elsewhere"),
])
def test_scope_of_a_source_for_an_office(office: str, source: str, expected: str) -> None:
    assert scope(source, "", Office.of(office)) == expected


def test_unknown_office_or_source_is_unknown_not_elsewhere() -> None:
    assert scope("泸西县交通运输局", "", Office()) == ""
    assert scope("", "", Office.of("马关县交通运输局")) == ""


def test_configured_superiors_and_place() -> None:
    office = Office.of("马关县交通运输局", superiors=("文山州", "云南省"))
    assert scope("文山州交通运输局", "", office) == "superior"
    assert scope("云南省交通运输厅", "", office) == "superior"
    assert scope("红河州交通运输局", "", office) == "elsewhere"
    # the place given wins over the one read from the name
    assert Office.of("交通运输局", place="马关县").place == "马关县"


def test_a_measure_for_another_province_is_not_an_answer() -> None:
    from drafter.places import about_elsewhere, provinces

    county = Office.of("泸西县交通运输局", superiors=("红河州", "云南省"))
    assert about_elsewhere("安排中央财政资金14.7亿元支持贵州省建设油菜、肉牛等优势特色产业集群。",
                           county)
    assert not about_elsewhere("支持云南省建设高原特色农业。", county)
    assert not about_elsewhere("各省、自治区要加强组织领导。", county)
    ministry = Office.of("农业农村部")
    assert not about_elsewhere("支持吉林省梅花鹿产业发展。", ministry)  # the ministry's own
    # a proposal about one province is not answered by a measure for another
    assert about_elsewhere("支持吉林省梅花鹿产业发展。", ministry, "关于贵州省山地农业的建议")
    assert provinces("关于支持内蒙古自治区和重庆市的建议") == {"内蒙古自治区", "重庆市"}

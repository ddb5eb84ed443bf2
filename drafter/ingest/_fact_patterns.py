"""Patterns and tables that ``facts`` reads facts with.

Numbers (Arabic and Chinese), currencies, units, months, and one compiled
pattern per way a fact is written; ``facts.py`` holds the code that turns
matches into normalised values.
"""

from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
CN_DIGITS = "〇零一二两三四五六七八九"
CN_CHARS = CN_DIGITS + "十百千万亿"
#: Two digits side by side (两三, 三五) say "two or three", not a number.
APPROX_DIGITS = frozenset("一二两三四五六七八九")
#: Numeral and measure word that are a word of their own: 四周 (all around), 四处 (everywhere).
NOT_COUNTS = frozenset(["四周", "四处"])
AR = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
AR_START = r"(?<!\d)(?<!\d[.,])"
CN = rf"(?<![{CN_CHARS}点])[{CN_CHARS}]{{1,14}}(?:点[{CN_DIGITS}]{{1,6}})?"
SP = r"[ \u00a0]?"

MULT = {
    "千": 10**3, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8, "万亿": 10**12,
    "thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12,
}  # fmt: skip
CURRENCY = {
    "元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD",
    "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "$": "USD", "US$": "USD",
    "£": "GBP", "€": "EUR", "¥": "CNY", "￥": "CNY", "RMB": "CNY", "CNY": "CNY",
    "GBP": "GBP", "USD": "USD", "EUR": "EUR", "pounds": "GBP", "pound": "GBP",
    "dollars": "USD", "euros": "EUR", "yuan": "CNY", "renminbi": "CNY",
}  # fmt: skip
ZH_CUR = "美元|港元|港币|欧元|英镑|日元|人民币|元"
ZH_UNITS = (
    "平方公里|平方千米|平方米|平米|立方米|公顷|人次|家次|场次|户次|车次|批次|架次|班次|台次|公里|千米|千瓦时|千瓦|兆瓦|"
    "个工作日|工作日|个月|小时|分钟|学时|课时|周岁|周年|公斤|千克|"
    "家|所|名|人|门|个|项|次|场|户|件|批|期|台|套|座|条|辆|届|位|支|类|种|栋|幢|间|张|篇|"
    "款|处|亩|吨|天|周|宗|块|倍|岁|份|册|艘|架|棵|株|盏|km|kW|MW"
)
UNIT_ALIASES = {"平米": "平方米", "平方千米": "平方公里", "千米": "公里", "工作日": "个工作日"}
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],  # fmt: skip
        start=1,
    )
    for m in names
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
YEAR = r"(?:19|20)\d{2}"
DASH = r"[-—–－~～]"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


ABOUT = "(?:多|余)?"
MONEY_ZH = _c(
    rf"(?:{AR_START}(?P<num>{AR})|(?P<cn>{CN})){SP}{ABOUT}"
    rf"(?P<mult>万亿|千万|百万|亿|万|千)?{ABOUT}{SP}(?P<cur>{ZH_CUR})"
)
MONEY_BARE = _c(rf"{AR_START}(?P<num>{AR}){SP}(?P<mult>万亿|亿|万)(?![{CN_CHARS}元])")
MONEY_CUE = _c(
    r"(?:人民币|资金|经费|补贴|补助|奖励|资助|支持|投入|投资|融资|贷款|拨付|安排|最高|不超过|上限|"
    r"预算|奖补|金额|费用|收入|产值|税收|补偿|基金|给予)"
)
MONEY_SYM = _c(
    r"(?<![A-Za-z])(?P<cur>US\$|\$|£|€|¥|￥|RMB|CNY|GBP|USD|EUR)"
    rf"{SP}(?P<num>{AR})(?:{SP}(?P<mult>(?i:trillion|billion|million|thousand|bn|tn|m|k))\b)?"
)
MONEY_PENCE = _c(r"(?<![\w.,£$€])(?P<num>\d{1,3}(?:\.\d+)?)p\b")
MONEY_WORD = _c(
    rf"{AR_START}(?P<num>{AR})\s(?:(?P<mult>trillion|billion|million|thousand)\s)?"
    r"(?P<cur>pounds?|dollars|euros|yuan|renminbi)\b"
)
#: Per cent and per mille: 30%, 30 per cent; 5‰ is ``percent:0.5``.
PERCENT = _c(rf"{AR_START}(?P<num>{AR}){SP}(?:%|％|(?P<mille>‰)|per\s?cent\b|percent\b)")
PERCENT_ZH = _c(rf"百分之(?P<cn>[{CN_CHARS}]{{1,8}}(?:点[{CN_DIGITS}]{{1,6}})?|{AR})")
#: Percentage points: 下降0.3个百分点, "2.5 percentage points" (value ``percent:0.3pp``).
POINTS = _c(
    rf"(?:{AR_START}(?P<num>{AR})|(?P<cn>{CN})){SP}(?:个{SP}百分点|percentage[\s-]points?\b)"
)
#: Tenths: 两成 (20 %), 四折 / 4.5折 / 八五折 (40 %, 45 %, 85 % of the price).
TENTHS = _c(
    r"(?<![\d.〇零一二两三四五六七八九十百千万亿波])"
    r"(?P<n>\d(?:\.\d)?|[二两三四五六七八九](?:五(?=折))?)"
    r"(?:(?P<cheng>成)(?![员本果立为交效功绩都就群长型品套批片年人熟效])"
    r"|折(?![旧算合扣射叠返腾服价]))"
)
COUNT_ZH = _c(
    rf"(?<!第)(?<!第\s)(?:{AR_START}(?<![A-Za-z])(?P<num>{AR})|(?P<cn>{CN})){SP}"
    rf"{ABOUT}(?P<mult>万|亿)?{ABOUT}{SP}(?P<unit>{ZH_UNITS})"
)
#: Durations in years (3年, 三年, 3至5年); four-digit years are years, 三年级 a grade.
COUNT_YEARS = _c(
    rf"(?<![第\d.A-Za-z])(?:(?P<num>\d{{1,3}}(?:\.\d+)?)|(?P<cn>(?<![{CN_CHARS}点])"
    rf"[一二两三四五六七八九十百]{{1,4}}))(?:多|余)?{SP}年(?![级代均])"
)
#: The start of a range whose end carries the unit: 3至5年, 3000万至5000万元, 10-15 per cent.
RANGE_LEFT = _c(
    rf"(?:{AR_START}(?P<num>{AR})|(?P<cn>{CN})){SP}(?P<mult>万亿|千万|百万|亿|万|千)?{SP}"
    rf"(?:至|到|{DASH}|\sto\s)\s?\Z"
)
#: The number a range's end starts with, to take its multiplier.
LEADING_NUMBER = _c(
    rf"(?:(?P<num>{AR})|(?P<cn>{CN})){SP}{ABOUT}"
    r"(?P<mult>万亿|千万|百万|亿|万|千|(?i:trillion|billion|million|thousand))?"
)
YEAR_RANGE = _c(
    rf"(?<!\d)(?P<a>{YEAR}){SP}(?:年{SP})?(?:{DASH}|至|到){SP}(?P<b>{YEAR})(?!\d){SP}年?"
)
YEAR_SHORT_RANGE = _c(
    rf"(?<![\d.])(?P<a>{YEAR}){SP}[-–—/]{SP}(?P<b>\d{{2}})(?!\d|\.\d|\s?年|[-/.]\d)"
)
YEAR_ZH = _c(rf"(?<![\d.])(?P<a>{YEAR}){SP}年")
YEAR_CN = _c(rf"(?P<cn>[{CN_DIGITS}]{{4}})年")
YEAR_EN = _c(rf"(?<![\d£$€.,])(?P<a>{YEAR})(?![\d]|,\d|\s?%)")
DATE_ZH = _c(
    rf"(?<![\d.])(?P<y>{YEAR}){SP}年{SP}(?P<m>\d{{1,2}}){SP}月"
    rf"(?:{SP}(?P<d>\d{{1,2}}){SP}[日号])?"
)
DATE_CN = _c(
    rf"(?P<y>[{CN_DIGITS}]{{4}})年(?P<m>[一二三四五六七八九十]{{1,2}})月"
    r"(?:(?P<d>[一二三四五六七八九十]{1,3})[日号])?"
)
#: A range's second month or day in the same year: 2022年8月至12月, 8月1日至15日.
DATE_ZH_TAIL = _c(
    rf"{SP}(?:至|到|{DASH}){SP}(?:(?P<m>\d{{1,2}}){SP}月)?(?:{SP}(?P<d>\d{{1,2}}){SP}[日号])?"
    rf"(?![\d年])"
)
#: 2023年1—9月: the first month of a range written without its 月.
DATE_ZH_MONTHS = _c(rf"(?<![\d.])(?P<y>{YEAR}){SP}年{SP}(?P<m>\d{{1,2}}){SP}(?={DASH}|至|到)")
DATE_ISO = _c(rf"(?<![\d.])(?P<y>{YEAR})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?!\d)")
DATE_DMY = _c(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s(?P<m>{MONTH_RE})\.?,?\s(?P<y>{YEAR})(?!\d)")
DATE_MDY = _c(rf"\b(?P<m>{MONTH_RE})\.?\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y>{YEAR})(?!\d)")
DATE_MY = _c(rf"\b(?P<m>{MONTH_RE})\s(?P<y>{YEAR})(?!\d)")
#: "between April and June 2024": the first month takes the second's year.
DATE_MY_RANGE = _c(
    rf"\b(?P<m>{MONTH_RE})(?=\s?(?:and|to|-|–|—)\s?(?:{MONTH_RE})\s(?P<y>{YEAR})(?!\d))"
)
TITLE = _c(r"《(?P<t>[^《》\n]{1,200})》")
DOCNO = _c(
    rf"(?P<p>[{CJK}]{{1,10}}){SP}[〔\[【（(﹝［]{SP}(?P<y>{YEAR}){SP}[〕\]】）)﹞］]"
    rf"{SP}第?{SP}(?P<n>\d{{1,5}}){SP}[号號]"
)
#: Numbered orders: 国务院令第722号, 财政部令第87号.
DOCNO_ORDER = _c(rf"(?P<p>[{CJK}]{{1,10}}令){SP}第{SP}(?P<n>\d{{1,5}}){SP}[号號]")
DOCNO_LEAD = _c(
    r"^.*(?:根据|按照|依据|依照|参照|印发|出台|落实|贯彻|执行|文件|关于|见|即|的|和|及|与|、)"
)
ORG_SUFFIX = _c(
    r"委员会|常委会|办公室|办公厅|办事处|人民政府|研究生院|研究院|研究所|基金会|联合会|促进会|商会|"
    r"协会|联盟|集团|公司|银行|大学|学院|法院|检察院|医院|海关|交易所|事务所|组织部|宣传部|统战部|"
    r"中心(?!城|区|任务|工作)|政府|(?<![评编常主])委(?![员托屈婉派任会])|"
    r"(?<![布格大全结开当时变胜败赛定残终僵出入骗饭])(?<!(?<!建)设)局(?![面势部限长促外内])|"
    r"(?<![大餐客展舞门])厅(?!长)|"
    r"(?<![全内外干东西南北中局头腹底顶背胸上下前后本各俱总支分营服])部(?![署分门件位长委队落属首室])"
)
ORG_STOP_TOKENS = frozenset(
    "组织 会同 联合 配合 协调 牵头 交由 分别 通过 根据 按照 依托 依据 依照 经 经商 与 及 同 等 "
    "的 是 关于 建议 包括 如 以及 同时 其中 此外 我市 我区 我县 我省 首批 年度 今年 去年 目前 "
    "近年来 下一步 方面 项目 一是 二是 三是 四是 五是 上市 大力 大力支持 支持 有关 相关".split()
)
ORG_STOP_TAGS = frozenset("d ad i p r m q c ul uj uz ug ud uv y e o tg f".split())
ORG_NAME_VERBS = frozenset(
    "创新 开发 开放 直辖 建设 协同 管理 监督 发展 改革 服务 研究 促进 保障 孵化 运输 "
    "审计 统计 投资 检验 检疫 执法 监察 检察 招商 融资 担保 引导 培训 设计 检测 认证 "
    "生产 经营 出版 推广 交流 合作 振兴 扶贫 储备 调查 评估 治理 保护 救助 应急 规划 "
    "监管 营销 交易 转化 创业 计算 测试 监测 评价 鉴定 仲裁 调解 公证 登记 救援 维护 核查 "
    "生 建 设".split()
)
ORG_JOIN = re.compile(r"[局部委厅院所会司行学心盟团府室][和与及、]")
ORG_LEAD = re.compile(r"[由经对向在为将把被已了和与及并需且特]+")
ORG_GENERIC = frozenset(
    "上市 相关 有关 各级 其他 上级 主管 职能 业务 行政 地方 大型 商业 金融 国有 民营 "
    "牵头 责任 成员 承办 主办 协办 办理 派出 直属 下属 所属 监管 管理 各地 各有关 服务 "
    "综合 专门 市级 区级 省级 县级 国家级 多家 部分 全国 中央 基层 跨国 二级 三级 定点 "
    "区属 市属 省属 县属 城市 直辖市".split()
)
ORG_NAMES = re.compile(r"国务院|党中央|中共中央|全国人大常委会")
#: Direction words that begin names (南方科技大学, 华南理工大学) rather than end phrases.
ORG_PLACE_WORDS = frozenset(
    "南方 北方 东方 西方 华南 华北 华东 华中 西南 西北 东南 东北 中南".split()
)
#: One-character levels that name a government with these suffixes: 市政府, 区委, 市人大常委会.
ORG_LEVELS = "市区县省州镇乡"
ORG_LEVEL_SUFFIXES = frozenset("政府 人民政府 委 常委会".split())
#: A counted name is a kind, not a body: 12家社区健康服务中心, 3所医院.
ORG_COUNTED = re.compile(rf"(?:\d|[{CN_CHARS}])(?:多|余)?[家所个座处批类种]\Z")
PRIORITY: dict[str, int] = {
    "date": 0, "money": 1, "percent": 2, "docno": 3, "count": 4, "year": 5, "org": 6,
}  # fmt: skip

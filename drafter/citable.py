"""Which passages a reply can cite: measures, not what surrounds them.

Past replies and policies hold much besides measures, and it is often the
closest match to a new recommendation.  ``passage_kind`` tells them apart by
the genre's wording, in Chinese and English:

- ``measure``: what a body did, does or will do, or what a policy provides
  (the only kind the composer cites);
- ``response``: the office's word on one proposer's own ask ("你所提的该段路
  我局已纳入项目库", "对于您提出的…的建议，…无法采纳", "我局将优先考虑于您",
  "积极协调项目资金给予修建", "会同…部门尽快商议协调"):
  retrieval returns it, a new reply never quotes its address to someone else;
- ``request``: a recommendation or ask, quoted or restated ("建议…", "恳请…",
  "The Council should…", "(Paragraph 18)"), or an ask of the proposer
  ("请代表帮助…"); in a reply it points to the answer after it;
- ``heading``: a title or a section heading ("三、关于…", "1.持续加大财政扶持力度。");
- ``problem``: a difficulty or shortfall ("资金缺口较大", "暂未开展", "there is a lack of");
- ``platitude``: an attitude, value or courtesy ("我局高度重视", "相信…一定会…",
  "是我局义不容辞的责任", "The Government is grateful…");
- ``stance``: a position on a recommendation ("Accepted in part.", "The Government
  agrees with the Committee that…", "…would duplicate that provision");
- ``fragment``: a piece cut mid-sentence (a stored copy cut short, a list item
  with no verb, "and has featured…"), or one that leans on the sentence before it
  ("上述奖励补贴分5年发放"); ``short``: too short to stand alone;
- ``other``: the document about itself ("现将…印发给你们", "This report sets out…"),
  and background that is nobody's action ("该路全长8千米，修建于90年代");
- ``instruction``: words to whoever drafts the reply, or to a model ("起草答复时请写明…",
  "NOTE TO ASSISTANT"), wherever in the passage (``drafter.instructions``).

``tense`` says whether a measure was done, is ongoing, is planned, or is a
target ("到2025年…达到200家", "The target is for 2,500 learners…"), so a
composer writes "下一步" only before a plan and never states a target as done.
Rules and the labelled passages they are measured on: ``evals/passages/``.
"""

from __future__ import annotations

import re
from typing import Literal

from drafter import instructions
from drafter.ingest.facts import detect_lang

PassageKind = Literal["measure", "response", "request", "heading", "problem", "platitude",
                      "stance", "fragment", "other", "short", "instruction"]
Tense = Literal["done", "ongoing", "plan", "target", "none"]

_CN = "一二三四五六七八九十"
#: "第三，关于…。", "一、关于…", "Recommendation 4": a heading that names a topic.
_HEADING = re.compile(
    rf"^(?:第[{_CN}]+[，,、]|[{_CN}]+、|（[{_CN}]+）)?(?:关于|针对)[^。；，,]{{2,40}}[。：:]?$"
    r"|^(?:Recommendation|Conclusion) \d+[.:]?$", re.I)
#: A numbered slogan ("（二）加大公共数据开发利用力度，加快推进数据要素×行动。").
_NUMBERED = re.compile(rf"^(?:[{_CN}]+、|[（(][{_CN}\d]{{1,3}}[）)]|\d{{1,2}}\s*[.．、](?!\d))\s*")
#: "Response: Accepted." — a stance on a recommendation, which says nothing of what is done.
_STANCE = re.compile(
    r"^(?:(?:Government )?Response|Answer|答复|办理(?:结果|意见)|结论)?\s*[:：]?\s*"
    r"(?:(?:Not |Partly |Partially )?(?:accepted|agreed)(?: in (?:part|principle|full))?|"
    r"Noted|Rejected|"
    r"(?:部分)?采纳|不予?采纳|留作参考|暂不具备条件)\s*[.。]?$", re.I)
#: A measure that opens with a new numbered topic ("第四，关于…。我区已…") starts another answer.
TOPIC_LEAD = re.compile(
    rf"^(?:第[{_CN}]+[，,、]|[{_CN}]+、|（[{_CN}]+）)"
    r"\s*(?:关于|针对)|^(?:\d{1,3}\.\s+)?Recommendation \d+", re.I)
#: The verbs and nouns of a slogan heading: "加大鼓励引导力度，强化商业保险支撑".
_SLOGAN = re.compile(
    r"^(?:加大|加快|加强|持续|优化|完善|强化|推动|深化|增强|提升|营造|健全|构建|出台|打造|培育"
    r"|扩大|推进|发挥)"
    r"|力度|水平|能力|机制|体系|环境|保障|支撑|效率|效益|提质增效|行动|载体|有待")
#: A bare heading ("加快建设开源孵化载体。") says what, not how; it is no measure.
MIN_CITABLE_CHARS = 16

# --- Chinese ------------------------------------------------------------------------------
_N = "[^，,。；;]"  # a character inside one clause
#: Hard evidence of a deed: a figure, a named document, done / ongoing / planned.
_ZH_DEED = re.compile(
    r"\d|《|[一二三四五六七八九十两百千万亿]+(?:个|家|所|项|条|名|人|户|套|辆|台|间|次|场|批)"
    r"|已|正在|(?<![并已])将(?!近)|计划|拟|(?<!有)待|了(?!解)")
#: The verbs of what offices do.
_ZH_ACT = re.compile(
    r"安排|拨付|下达|投入|争取|申报|上报|报送|纳入|列入|列为|实施|开展|举办|组织|成立|设立|建立|"
    r"建成|修建|新建|改造|维修|硬化|开通|开工|完工|竣工|完成|出台|印发|制定|编制|发布|推进|推动|"
    r"落实|支持|扶持|补助|补贴|奖励|资助|贴息|给予|发放|配置|配备|培训|选派|认定|遴选|督促|协调|"
    r"对接|汇报|沟通|调研|核实|查勘|踏勘|整治|治理|清理|拆除|提供|搭建|打造|培育|引进|引导|鼓励|"
    r"加强|加大|加快|优化|完善|提升|强化|深化|扩大|降低|覆盖|惠及|受理|兑付|批复|开设|上线|启动|"
    r"立项|规划|部署|修订|筹集|筹措|整合|推广|宣传|解决|保障|建设|设置|评选|评估|实行|推行|执行|"
    r"运营|落地|取得|规定|禁止|明确|委托|拆|建|修|办理|研究|决定|召开|拓展|开发|实现"
    r"|进行|加宽|铺筑|铺设|浇筑|修缮|扩建|迁建|安装|购置|采购|新增|投资|出资|划拨|验收|招标|签订|聘请|邀请"
    r"|走访|检查|巡查|监测|执法|查处|审核|公示|备案|确定|同意|协商|面商|座谈")
#: The document speaking of itself: transmittal, purpose, scope, validity, closing lines.
_ZH_FURNITURE = re.compile(
    r"印发给你们|现予印发|请(?:认真|遵照|结合实际|抓好)|制定本(?:措施|办法|方案|计划|行动计划"
    r"|规定|细则)"
    r"|^(?:\d+[.．]\s*|（[一二三]）)?本(?:措施|办法|方案|计划)(?:适用|所需|所称"
    r"|由" + _N + r"{2,20}负责组织实施)"
    r"|就高不重复|真实性负责|不再列出|予以网上公布|^注[:：]"
    r"|以下[几两三四五]?个?方面|开展了以下工作|提出以下建议|^为此[，,]?\s*建议[:：]$"
    r"|^[^，,。]{0,6}[:：]$"
    r"|^(?:其中[，,])?“\w+”为")
#: Courtesy, belief, duty, praise and value: words without a deed.
_ZH_PLATITUDE = re.compile(
    r"感谢|谢谢"
    r"|希望" + _N + r"{0,8}(?:一如既往|继续|理解|多提|支持|关心)|一如既往|多提宝贵|批评指正"
    r"|请给予谅解"
    r"|^" + _N + r"{0,10}相信|相信" + _N + r"{0,40}(?:会|将|一定)|义不容辞|竭尽所能|深表理解"
    r"|(?:建议|提案)" + _N + r"{0,6}(?:很好|非常好|提得好|提的很好|前瞻性)"
    r"|具有(?:重要|一定的?|很强的?)?(?:[^，,。]{0,6})?(?:意义|价值|前瞻性|针对性|借鉴)"
    r"|以" + _N + r"{2,30}为指导"
    r"|是" + _N + r"{0,24}(?:重要力量|重要基础|第一资源|主动脉|大通道|制高点|变革性力量"
    r"|重要内容|特色任务"
    r"|必然要求|重要举措|关键路径|支柱产业|传统优势产业|富民产业)"
    r"|把" + _N + r"{2,20}作为" + _N + r"{0,20}重要内容|努力使|保持" + _N + r"{0,12}(?:态势|势头)"
    r"|做好相应的工作|(?:纳入|列入)重要议事日程"
    r"|所需[，,、]?也是" + _N + r"{1,6}所(?:想|盼|急)|群众所盼|民之所盼")
_ZH_ATTITUDE = re.compile(r"(?:高度|十分|非常|历来|始终|一直)重视")
#: Difficulties and shortfalls.
_ZH_PROBLEM = re.compile(
    r"存在" + _N + r"{0,60}(?:问题|不足|短板|瓶颈|困难|隐患|风险|脱节)|有待(?:提升|加强|提高|完善)"
    r"|尚未|未能|暂未|均未|未落实|仍然?(?:不足|偏|存在)|不够|难以|很难|无力|无法(?!采纳)|困难|匮乏"
    r"|缺乏|缺少|紧缺(?!人才|领域|岗位|专业)|短缺|不足|有限(?!公司|责任)|缺口|不能满足|已不能"
    r"|受损|破损|老化|失修|淤积|制约"
    r"|差距|迫在眉睫|确有必要|亟待|亟须|停止|未争取到|不容忽视|偏少|偏高|不了解|不规范|没有|暂无"
    r"|暂时没有"
    r"|矛盾|凸显|不便|不畅|狭窄|泥泞|出行难|看病难|留不住|体验不佳|被拒|不低(?!于)|成本较高"
    r"|流向周边|夙愿"
    r"|限制性因素"
    r"|面临" + _N + r"{0,40}(?:问题|困难|挑战)|^[一二三四五六七八九十]是" + _N + r"{0,10}问题"
    r"|(?:投入|投资|资金量|成本)(?:比较|较)?大|非短期|过高|过低|偏低|只能|不能")
#: A verb that takes a problem as its object: "大力解决群众出行难问题", "缓解…不足".
_ZH_SOLVE = re.compile(r"解决|缓解|破解|消除|防止|避免|弥补|克服|应对|找准|查找|排查|补齐|平衡"
                       r"|缩小")
_ZH_BUT = re.compile(r"但是?|然而|不过|可是|后因")
#: A refusal of one proposer's ask: "不宜将…迁移至枢纽站", "目前暂不具备条件".
_ZH_REFUSAL = re.compile(
    r"不宜|不予(?:采纳|考虑|支持)|暂不(?:实行|考虑|具备|能)|不具备" + _N + r"{0,8}条件"
    r"|暂无" + _N + r"{0,12}(?:安排|计划)|无法(?:安排|采纳)|解决不了|暂时(?:无法|不能)解决")
#: A place or thing described, not acted on: "…位于…", "全长…", "现有建筑面积…".
_ZH_PLACE = re.compile(
    r"位于|地处|全长|占地面积|户\d+人|有耕地|总建筑面积|现有建筑面积|属于|受益人口|^当时"
    r"|主要经济来源"
    r"|(?<!主要)是" + _N + r"{0,24}(?:地方|村落|自然村|主干道|路段|通道)"
    r"|^" + _N + r"{2,20}是" + _N + r"{2,30}(?:场所|模式)"
    r"|工程规模|目前在[^。]{2,80}开展|^目前[，,]" + _N + r"{0,20}共有")
#: Context and benefit, which name no deed: "项目实施后，将切实改善…", "有利于…".
_ZH_CONTEXT = re.compile(
    r"项目实施后|建成后|^随着|发展势头"
    r"|以" + _N + r"{2,16}为主[，,。]|共有\d|有利于|有助于|起到" + _N + r"{0,8}作用"
    r"|^" + _N + r"{0,10}已经成为|具备" + _N + r"{0,4}基础|初具规模|有望")
#: A sentence that leans on the one before it: "上述奖励补贴分5年发放", "同一企业上述…".
_ZH_LEANS = re.compile(r"^(?:[一二三四五六七八九十]是)?" + _N + r"{0,6}(?:上述|前述|上款|前款)")
#: Who acts: "我局", "县水务局将…", "区政府已…".
_ZH_ACTOR = re.compile(
    r"我(?:局|委|部|厅|区|县|市|州|省|们|办)|(?:局|委|厅|部|政府|办公室|小组)" + _N + r"{0,4}"
    r"(?:已|将|正在|积极|会同|联合|先后|组织|安排|督促|申请|于\d)")
#: The address to one proposer: 你/您/代表/委员 or their proposal as the subject of the sentence.
_ZH_ADDRESSED = re.compile(
    r"[你您][们]?(?:所|提出|提|的|建议|反映|在)|(?<!人大)代表们?(?:建议|提及|所提)"
    r"|(?:建议|议案|提案|意见)中?(?:所)?提及|(?<![为因])此(?:建议|提案|议案)"
    r"|(?:该|本|这一)(?:建议|提案|议案)|收到人大代表|与代表面商|优先考虑于您"
    r"|^(?:至于|对于|关于)[^。]{2,40}的建议[，,]"
    r"|(?:此|该)(?:段|条)?(?:路|路段|道路|公路|河道|河段|渠道|沟渠|小区)(?!面)"
    r"|解决(?:此|该|这一?)(?:问题|困难)"
    # the ask itself as the object left unsaid: "积极协调项目资金给予修建", "尽快商议协调"
    r"|(?:给予|予以)(?:修建|硬化|维修|修缮|解决|考虑|安排|立项)(?=[，,。；;]|$)"
    r"|(?:尽快|积极|及时)(?:商议|协调|研究|沟通|对接)(?:协调|解决|处理)?(?=[。；;]?$)")
_ZH_DECIDE = re.compile(
    r"已|将|正在|目前|暂|无法|不能|解决不了|采纳|纳入|列入|列为|决定|可以|难以|安排|申报|经研究"
    r"|实地"
    r"|踏勘|查勘|核实|待|没")
#: Asks: proposals quoted in a reply ("建议内容（摘要）："), asks of the proposer or of others.
_ZH_ASK = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.]?\s*)?建议|建议内容|^(?:为此|因此)[，,]?建议"
    r"|恳请|特向"
    r"|希望(?:修缮|得到解决|解决|建)|(?:^|[，,；;])(?:同时[，,]?)?也?(?<!申)请(?![示求])|届时请"
    r"|建议您|(?:^|[，,])" + _N
    + r"{0,8}(?:可(?:根据|按照|按程序)|要(?:根据|加强))|[你您]建议"
      r"|提出的?" + _N + r"{0,30}建议[。；]?$|给以立项")
#: Common traditional characters of the genre's wording, read as simplified.
_TRAD = str.maketrans(
    "為導們發動實業進對關點現將這經設資來會處開區國務體條應當總產傳積創護術醫療衛劃報頒範規標準質費價額補貼獎勵級縣鎮鄉組織員團隊機構職責權數據網絡線電場館園辦議決認選優專項環態層購營運輸車輛鐵橋樑隧域錢銀貸擔險稅財預結調轉樣類廠軟聯協達維興擴減增強顯問難題獲帶齊鑑覽觀視親屬邊隨雖眾給緊緩練訓繼續統罰聽聲舉舊藝節號複見詳誌語說談請論謝識讓豐貧負貨販貫賦贊趕軌輕輔轄辦農這通連遠適遺遷還醫釋門閱陸陽際雜靈靜韌順領頻顧風飛飲驗黨習現們與於著後個萬億從並幾歲兩裡麼無學歷屆礎計間島壓廳內勞戰擁斷時書極檢歡氣況滿爭畫盡監確碼礦種稱穩競筆綜績腦臨覺訊訪許評試話該誤課諮講謀證變貢趨跡針銷鏈長閉陣階雙須頭養驅龍勢",
    "为导们发动实业进对关点现将这经设资来会处开区国务体条应当总产传积创护术医疗卫划报颁范规标准质费价额补贴奖励级县镇乡组织员团队机构职责权数据网络线电场馆园办议决认选优专项环态层购营运输车辆铁桥梁隧域钱银贷担险税财预结调转样类厂软联协达维兴扩减增强显问难题获带齐鉴览观视亲属边随虽众给紧缓练训继续统罚听声举旧艺节号复见详志语说谈请论谢识让丰贫负货贩贯赋赞赶轨轻辅辖办农这通连远适遗迁还医释门阅陆阳际杂灵静韧顺领频顾风飞饮验党习现们与于着后个万亿从并几岁两里么无学历届础计间岛压厅内劳战拥断时书极检欢气况满争画尽监确码矿种称稳竞笔综绩脑临觉讯访许评试话该误课咨讲谋证变贡趋迹针销链长闭阵阶双须头养驱龙势")


def _zh_clauses(text: str) -> tuple[list[str], set[int]]:
    """The clauses of a passage and which of them state a difficulty.

    A difficulty after a verb that solves it in the same sentence ("大力解决群众出行难
    问题", "缓解了…人员不足，业务不专的困难") is no problem, nor one in a condition
    ("确实无法避让占用一般耕地的，…").
    """
    clauses: list[str] = []
    problems: set[int] = set()
    for sentence in re.split(r"[。；;！？]", text):
        solved = False
        for clause in re.split(r"[，,：:]", sentence):
            if not clause.strip():
                continue
            solved = (solved or bool(_ZH_SOLVE.search(clause))) and not _ZH_BUT.match(clause)
            m = next((m for m in _ZH_PROBLEM.finditer(clause)
                      if not clause.startswith("的", m.end())), None)  # "资金周转困难的企业"
            before = sentence[: sentence.find(clause) + m.start()] if m else ""
            if m and not (solved and _ZH_SOLVE.search(before)) and not clause.endswith("的"):
                problems.add(len(clauses))
            clauses.append(clause)
    return clauses, problems


def _zh_kind(text: str) -> PassageKind | None:
    """The kind of a Chinese passage that is not a measure, or None."""
    if _ZH_FURNITURE.search(text):
        return "other"
    if _ZH_LEANS.match(text):
        return "fragment"
    clauses, problems = _zh_clauses(text)
    acts = [i for i, c in enumerate(clauses) if _ZH_ACT.search(c) and i not in problems
            and not _ZH_PLATITUDE.search(c) and not _ZH_CONTEXT.search(c)
            and not _ZH_ATTITUDE.search(c)
            and not re.match(r"由于|因|鉴于", c)]
    deeds = [i for i in acts if _ZH_DEED.search(clauses[i]) or _ZH_ACTOR.search(clauses[i])]
    hard = any(re.search(r"\d|已|正在|待|了(?!解)", clauses[i]) for i in deeds)
    address = _ZH_ADDRESSED.search(text)
    if address:
        rest = text[address.end():]
        if _ZH_REFUSAL.search(text):
            return "response"
        if problems and not deeds:
            return "problem"
        if _ZH_PLATITUDE.search(text) and not hard:
            return "platitude"
        if _ZH_ASK.search(text) and not _ZH_DECIDE.search(rest):
            return "request"
        return "response" if _ZH_DECIDE.search(rest) or deeds else "request"
    if (_ZH_PLATITUDE.search(text) and not hard) or _slogan(text):
        return "platitude"
    strong_ask = re.match(r"建议内容|恳请|特向", text)
    if _ZH_ASK.search(text) and (strong_ask or not re.search(r"已|正在", text)):
        return "request"
    if _ZH_REFUSAL.search(text):
        return "response"
    if problems:
        but = list(_ZH_BUT.finditer(text))
        tail = _zh_clauses(text[but[-1].end():])[1] if but else set()
        counted = [i for i in problems if not re.search(r"\d", clauses[i])]
        if not deeds or 0 in tail or re.match(r"[一二三四五六七八九十]是\S{0,10}问题", text) \
                or max(counted, default=-1) > max(acts, default=-1):
            return "problem"
    if _ZH_PLACE.search(text) and not (_ZH_ACTOR.search(text) and deeds):
        return "other"
    if _ZH_CONTEXT.search(text) and not deeds:
        return "other"
    if _ZH_ATTITUDE.search(text) and not acts:
        return "platitude"
    if not acts and not _ZH_DEED.search(text):
        return "other" if re.search(r"是|为", text) else None
    return None


# --- English ------------------------------------------------------------------------------
_EN_REQUEST = re.compile(
    r"\bshould\b|\(Paragraph \d+\)|^We (?:urge|invite|recommend|call on)|\bwe recommend\b"
    r"|\bneeds to be\b|recommendations? (?:were|was|is) that|\bThe Committee (?:also )?(?:asked"
    r"|called)",
    re.I)
_EN_STANCE = re.compile(
    r"^(?:\d+\.\s+)?(?:[\w ,'-]{0,60}, )?(?:The |the )?(?:Government|Department|Council|Cabinet"
    r"|We|we|I)"
    r"(?: \w+ly)?(?: also| therefore)? (?:agrees?|accepts?|recognises|recognizes|feels|believes"
    r"|considers"
    r"|shares the Committee's view)\b|^While it\b|\bmust of course\b")
#: The reasons for a decision on the ask: "…would duplicate that provision", "has decided not to".
_EN_REASON = re.compile(
    r"^(?!While)(?:.*\bwould (?!also )(?:not )?(?:be|duplicate|expose|represent|mean)\b"
    r"|.*\bhas decided (?:that|not)\b)")
_EN_PLATITUDE = re.compile(
    r"\b(?:welcomes? the (?:[\w'’]+ )*?(?:report|recognition)|grateful|thanks the"
    r"|pleased to respond"
    r"|were impressed|It is important|deeply committed|an important debate)\b", re.I)
_EN_OTHER = re.compile(
    r"^(?:This|The) (?:report|response|memorandum|document|bulk of this document)\b(?! will)"
    r"|\b(?:responses? below|our responses?|in (?:bold|plain) (?:text|type)"
    r"|set out under each heading"
    r"|I am writing|evidence sessions|hearings took place|reported to the House"
    r"|response was received"
    r"|respond to each of them|has been prepared by|report largely concerns)\b"
    r"|^(?:It aims|The [\w ]+ exists to)\b|\bmake up more than\b"
    r"|^Overall\b", re.I)
_EN_PROBLEM = re.compile(
    r"\b(?:insufficient|too (?:few|little|often|slow)|cannot (?:fund|recruit|get)|criticism"
    r"|has been slow"
    r"|hard to pay|prevents|no clear guide|a (?:shortage|lack|gap)|there is more to be done"
    r"|challenges? remain|remains? a (?:concern|challenge)|no dedicated budget)\b", re.I)
_EN_ADDRESSED = re.compile(
    r"^We will (?:write|report) to the Committee|passed the Committee's recommendation", re.I)
#: Who or what acts in an English measure: a body, a programme, a scheme and its parts.
_EN_AGENT = re.compile(
    r"\b(?:Government|Department|Ministry|Council|Cabinet|Secretary of State|Minister|Board|Office"
    r"|Agency|Authority|[Ww]e|[Oo]ur|[Pp]rogramme|Fund|[Ss]chemes?|[Ss]trand|[Hh]ubs?|[Bb]ootcamps?"
    r"|[Gg]rants?|[Vv]ouchers?|[Aa]pplicants?|[Aa]pplications?|[Ee]valuation|[Cc]ourse|[Pp]ortal"
    r"|[Aa]dviser|[Pp]olicy|[Pp]ilot|[Ee]ntitlement|[Bb]udget|[Aa]llocation|Round \d)\b"
    r"|\b(?:is|are|was|were|will be|has been|have been) (?:not )?(?:\w+ly )?(?:introduced|extended"
    r"|allocated|awarded|issued|published|offered|delivered|funded|provided|set|made|assigned"
    r"|scored"
    r"|reserved|required|kept|re-issued|launched|opened|confirmed|reviewed|announced|available"
    r"|eligible"
    r"|financed|worth|a priority)\b|\b(?:can (?:apply|claim)|must (?:be|report|fund)|up to|at least"
    r"|per (?:learner|teacher|business))\b|^[-·•]\s*[a-z]+ "
    r"|\b(?:began|started|held|\w+ed)\b.{0,60}\b(?:in|on|from|since) (?:\d{1,2} )?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{4}")
#: Verbs of doing that make a sentence a measure whoever its subject is ("Schools receive…").
_EN_ACTION = re.compile(
    r"\b(?:receives?|received|provides?|funds?|funded|offers?|supports?"
    r"|supported|covers?|allocates?|invests?|invested|delivers?|delivered|introduces?"
    r"|introduced|pays?|paid|trains?|trained|employs?|employed|builds?|built|opens?"
    r"|completed|carried out|established|set up|launched)\b")
#: A date in English prose ("14 December 2023", "March 2025"): a date is no figure of a measure.
_EN_DATE = re.compile(r"\b(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August"
                      r"|September|October|November|December) \d{4}\b")
_EN_LIST_ITEM = re.compile(r"^[-·•]\s*[A-Z][^:;.]{0,60}:\s*£?[\d.,]+\s*(?:million|bn|m)?[;.]?$")


#: Words of policy slogans: a sentence made of them names nothing that was done.
_ZH_SLOGAN = re.compile(
    r"高度重视|新一轮|战略(?:布局|机遇)|再(?:优化|突破|提升|上新台阶)|高质量发展|着力(?:推动|打造|构建)"
    r"|全面(?:提高|提升|推进|完善)|加快建设|不断(?:完善|提升|优化)|持续(?:深化|优化)|深入贯彻"
    r"|主题|主线|抢抓|有效衔接|稳步推进")


def _slogan(text: str) -> bool:
    """True for a sentence of slogans: three of their words and no figure, title or name."""
    if re.search(r"\d|《|[一二三四五六七八九十百千万]+(?:个|家|所|项|条|人|亿|万)", text):
        return False
    return len(_ZH_SLOGAN.findall(text)) >= 3


def _en_kind(text: str) -> PassageKind | None:
    """The kind of an English passage that is not a measure, or None."""
    if _EN_LIST_ITEM.search(text):
        return "fragment"
    if re.search(r"\(Paragraph \d+\)", text):
        return "request"  # the committee's own words, quoted
    if _EN_OTHER.search(text):
        return "other"
    if _EN_ADDRESSED.search(text):
        return "response"
    figures = re.search(r"£|\d", _EN_DATE.sub("", re.sub(r"^\d+\.\s+", "", text)))
    if _EN_PLATITUDE.search(text) and not figures:
        return "platitude"
    if _EN_REQUEST.search(text):
        return "request"
    if _EN_REASON.search(text):
        return "response"
    if _EN_STANCE.search(text):
        return "stance"
    if _EN_PROBLEM.search(text):
        return "problem"
    acts = _EN_AGENT.search(text) or _EN_ACTION.search(text)
    return None if acts else "other"


def _heading_or_fragment(text: str, en: bool) -> PassageKind | None:
    """A title, a numbered slogan, or a piece cut from a sentence."""
    if _HEADING.search(text):
        return "heading"
    if en:
        if re.search(r"[.!;:)\"”’]$", text) is None:
            if _EN_REQUEST.search(text):
                return "request"
            if text.endswith("?") or re.search(r"\b(?:Report|Response|Contents)\b", text) \
                    and not re.search(r" (?:welcomes|is|are|was|were|has|have|will) ", text):
                return "heading"
            return "fragment"
        if re.match(r"^(?:[a-z]|\d+\)|and |or |but |which )", text):
            return "fragment"
        return None
    if re.search(r"[，,、]$", text):
        return None if _ZH_PLATITUDE.search(text) else "fragment"
    body = _NUMBERED.sub("", text, count=1)
    if len(body) <= 36 and not _ZH_DEED.search(body) and not re.search(r"我|[；;]", body) \
            and body.count("。") <= 1 and (body != text or len(body) <= 20) \
            and _SLOGAN.search(body):
        return "heading"
    if not re.search(r"[。！？；;!?…”’」』）)]$", text):
        return None if _ZH_PLATITUDE.search(text) else "fragment"
    if re.match(r"\d+个以|[^，,。；;]{2,6}、[^，,。；;]*的[^，,。；;的]{2,12}。$", text):
        return "fragment"
    return None


def passage_kind(text: str, has_facts: bool = False) -> PassageKind:
    """What a passage is: a measure, or a response, request, heading, problem, platitude,
    stance, fragment, other, an instruction, or too short to stand alone.

    Args:
        text: The passage, as ``segment`` cut it.
        has_facts: Whether it holds facts; a short passage with facts may still be a measure.
    """
    text = text.strip()
    if instructions.instruction(text.translate(_TRAD)):
        return "instruction"  # never a measure, whatever else the passage says
    if _STANCE.search(text):
        return "stance"
    en = detect_lang(text) == "en"
    if not en:
        text = text.translate(_TRAD)
        if _ZH_FURNITURE.search(text):
            return "other"
    found = _heading_or_fragment(text, en)
    if found:
        return found
    if len(text) < MIN_CITABLE_CHARS and not has_facts:
        return "short"
    return (_en_kind(text) if en else _zh_kind(text)) or "measure"


def citable(text: str, has_facts: bool = False) -> bool:
    """True when the passage states a measure that a reply can cite."""
    return passage_kind(text, has_facts) == "measure"


# --- Tense --------------------------------------------------------------------------------
#: A figure to reach: "到2025年，…达到…", "力争2022年底前新增认定3个", "目标是…".
_ZH_TARGET = re.compile(
    r"(?:^|[，,；;。])(?:到|至)\d{4}年(?:底|末)?(?:前)?[，,]|目标是|(?:力争|确保"
    r"|计划)[^。；]{0,30}(?:\d{4}年"
    r"|年底|年内)[^。；]{0,30}(?:达到|突破|实现|不少于|新增|以上)|(?:到|至)\d{4}年(?:底|末)?前?[^。；]{0,40}?"
    r"(?:建成|达到|突破|实现|完成|培育|新增|覆盖|超过|累计)[^。；]{0,6}\d|^[^，,。]{0,30}(?:完成"
    r"|达到)不少于")
#: A figure reached or to reach, undated: "规模以上企业达到600家" in a plan's list of goals.
_ZH_LEVEL = re.compile(r"(?:达到|突破)\d")
#: A document issued that sets the target: "印发《…行动计划》，明确到2025年…" is done.
_ZH_ISSUED = re.compile(r"(?:印发|出台|发布|制定)(?:了)?《")
_ZH_NEXT = re.compile(r"^(?:下一步|下步|下阶段|今后|接下来|在以后的工作中|下步工作中|下一步工作中)")
#: Done: 已, 了, a past date opening the passage, and verbs that report an event.
_ZH_DONE = re.compile(
    r"已|了(?!解)|累计|截至|先后|共计|以来|^(?:20|19)\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?(?!起|至今"
    r"|底前|内)")
_ZH_EVENT = re.compile(r"印发|出台|举办|开设|成立|上线|建成|召开|启动|批复|撮合|创建|评定"
                       r"|获得认定|发起")
_ZH_ONGOING = re.compile(r"正在|目前|持续|继续|每年|每季度|每半年|常态|现行|近年来|一直|不断|还在")
#: Plans: "下一步", "将及时申报" (将 before a verb, not 将 as 把: "将融资支持作为…"), "计划7月…".
_ZH_PLAN = re.compile(
    r"下一步|下步|今后|接下来|(?<![已并])将(?:遴选|于|在|会|及时|积极|继续|进一步|加快|加大|推动"
    r"|优先|立即|组织|尽快"
    r"|适时|重点|着力|全力|逐步|认真|按照|根据|结合|会同|联合|把|对|从|以|围绕|不断|持续|大力"
    r"|切实|配合|做好"
    r"|坚持|严格|开展|实施|启动|研究|制定|出台|建设|建立|完善|提供|支持|加强|全面|协调|争取|申报"
    r"|督促|落实"
    r"|视|通过)|计划(?:于|在|\d|今年|明年|下半年|到|用|投资|安排|开工|实施|建设|完成|补助|为|对)|拟"
    r"|力争|争取早日|待[^，。]{2,30}(?:后|时)|会(?:及时|尽|在|把|竭力)|适时|尽快|一旦|年内"
    r"|(?:年底|月底)前"
    r"|\d{1,2}月(?:上旬|中旬|下旬|底)")
_EN_WORDNUM = r"(?:\d|one |two |three |four |five |six |seven |eight |nine |ten |hundred|thousand)"
_EN_TARGET = re.compile(
    r"\b(?:target|aims? to)\b"
    r"|^-\s*[a-z]+ [^;]{0,40}" + _EN_WORDNUM + r"|\bwill (?:train|support|help"
    r"|create) [\d,]+|\bby (?:\d{1,2} )?(?:January|February|March|April|May|June|July|August"
    r"|September"
    r"|October|November|December)? ?\d{4}\b[^.]*\b(?:to|reach)\b", re.I)
_EN_DONE = re.compile(
    r"\bwill have been\b|\b(?<!that )(?:has|have|had) (?:\w+ )?(?:been|\w+(?:ed|en|wn|t))\b"
    r"|\b(?:was|were"
    r"|already|so far|to date|since)\b|(?<!\bis )(?<!\bare )(?<!\bbe )\b(?:re-)?(?:launched|opened"
    r"|introduced|awarded|completed|issued|published|received|confirmed|enrolled|allocated) "
    r"(?:on|in|by|from)\b|^In Round \d", re.I)
_EN_PLAN = re.compile(r"\b(?:will|shall|plans? to|intends? to|is to be|are to be|next year)\b"
                      r"|\bcloses? on\b", re.I)


def _en_tense(text: str) -> Tense:
    """The tense of an English measure: its first part decides ("…provides £5m and will train…")."""
    text = re.sub(r", (?:published|launched|issued|introduced|announced"
                  r"|set up) [^,]{0,40},", ",", text)
    first = re.split(r"; | and will |, and the ", text, maxsplit=1)[0]
    done, plan = _EN_DONE.search(first), _EN_PLAN.search(first)
    if done and (not plan or done.start() < plan.start() or done[0].lower() == "will have been"):
        return "done"
    if _EN_TARGET.search(first):
        return "target"
    return "plan" if plan else "ongoing"


def tense(text: str, lang: str = "") -> Tense:
    """When a measure happens: done, ongoing, a plan, or a target to reach.

    A passage that mixes them takes the time of its first deed ("已完成前期工作，计划7月
    招标" is done); one that opens with 下一步 or 今后 is a plan, or a target where it names
    a figure to reach by a date.  ``lang`` is a hint; the text's own language decides.
    """
    text = text.strip()
    if (detect_lang(text) if text else lang) == "en":
        return _en_tense(text)
    text = _NUMBERED.sub("", text.translate(_TRAD), count=1)
    if _ZH_NEXT.search(text):
        return "target" if _ZH_TARGET.search(text) else "plan"
    target = _ZH_TARGET.search(text)
    if target and not re.search(r"已|截至", text) \
            and not _ZH_ISSUED.search(text[: target.start()]):
        return "target"
    for clause in re.split(r"[，,；;。]", text):
        if _ZH_DONE.search(clause):
            return "done"
        if re.search(r"正在|目前", clause):
            return "ongoing"
        if _ZH_PLAN.search(clause):
            return "plan"
        if _ZH_EVENT.search(clause):
            return "done"
        if _ZH_ONGOING.search(clause):
            return "ongoing"
    return "target" if _ZH_LEVEL.search(text) else "ongoing"


def is_plan(text: str, lang: str) -> bool:
    """True when a measure states what will be done (下一步, 将, will, a target), not what was."""
    return tense(text, lang) in ("plan", "target")


def is_target(text: str, lang: str = "") -> bool:
    """True when a measure states a figure to reach ("到2025年…达到200家"), not one reached."""
    return tense(text, lang) == "target"

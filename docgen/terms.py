"""The ground floor: every domain term, declared once with its Chinese and English label.

Model, rules, documents, diff, index, summary, messages and the command line read their words and
their choices from here, so that a term cannot drift between two places. A term is a `StrEnum`
member: its value is the key a source, a manifest or an option writes, and it carries `zh` (what
a published disclosure prints), `en` (what an English message says) and `short` (a column head
or a diff label, where the full wording is long). Members are declared in disclosure order, and
every caller iterates them in that order.

Where the published documents (tests/fixtures/seeds) and the wider literature word a term
differently, the term is the official one: 公务用车运行维护费, as the 经济分类 names item 30231
and the Ministry of Finance names the “三公” item (the seed's prose shortens it to 运维费);
财政专户核拨 stays what the seeds' 收支预算总表 prints until a province profile names its own
wording (the standard tables of TABLES.md say 财政专户管理资金 for the same revenue).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Term(StrEnum):
    """A key with its labels; subclasses declare members as `key = "key", zh, en[, short]`."""

    zh: str
    en: str
    short: str

    def __new__(cls, key: str, zh: str = "", en: str = "", short: str = "") -> Self:
        term = str.__new__(cls, key)
        term._value_ = key
        term.zh = zh or key
        term.en = en or key
        term.short = short or term.zh
        return term

    def label(self, lang: str) -> str:
        """The label in a message language (zh or en)."""
        return self.zh if lang == "zh" else self.en


# -- sources ----------------------------------------------------------------------------------


class Kind(Term):
    """What a source file describes (its `kind:`)."""

    unit = "unit", "单位", "unit"
    department = "department", "部门", "department"
    county = "county", "县", "county"


class Scope(Term):
    """What a unit's disclosure holds (its `scope:`)."""

    full = "full", "完整的单位预算信息公开", "the full disclosure"
    performance = "performance", "项目支出绩效目标表", "the performance targets only"


# -- the budget -------------------------------------------------------------------------------


class RevenueSource(Term):
    """收入来源, in the order a disclosure lists them: the nine of the 收支总表 (TABLES.md T1), and
    单位资金, the one line the seeds' 收支预算总表 gives everything that is not 财政拨款 or 专户."""

    general_budget = "general_budget", "一般公共预算", "the general public budget"
    government_fund = "government_fund", "政府性基金预算", "the government fund budget"
    state_capital = "state_capital", "国有资本经营预算", "the state capital budget"
    fiscal_special_account = (
        "fiscal_special_account",
        "财政专户核拨",
        "the fiscal special account",
    )
    business_income = "business_income", "事业收入", "service revenue"
    operating_income = (
        "operating_income",
        "事业单位经营收入",
        "operating revenue of public institutions",
    )
    superior_subsidy = "superior_subsidy", "上级补助收入", "subsidies from the level above"
    affiliated_remittance = (
        "affiliated_remittance",
        "附属单位上缴收入",
        "remittances from affiliated units",
    )
    other_income = "other_income", "其他收入", "other revenue"
    unit_funds = "unit_funds", "单位资金", "the unit's own funds"


# 财政拨款: the three budgets the finance bureau appropriates. Their procurement columns read
# 一般公共预算拨款 etc.; the other sources are the unit's.
APPROPRIATIONS = (
    RevenueSource.general_budget,
    RevenueSource.government_fund,
    RevenueSource.state_capital,
)


class TableColumn(Term):
    """The columns of the standard tables besides the funding sources (TABLES.md T2–T9)."""

    total = "total", "合计", "total"
    carryover = "carryover", "上年结转", "carry-over"
    basic = "basic", "基本支出", "basic expenditure"
    personnel = "personnel", "人员经费", "personnel costs"
    public = "public", "公用经费", "running costs"
    projects = "projects", "项目支出", "project expenditure"


class StandardTable(Term):
    """The standard public tables (公开表, TABLES.md), by their key in a profile."""

    T1 = "T1", "收支总表", "revenue and expenditure summary"
    T2 = "T2", "收入总表", "revenue by function"
    T3 = "T3", "支出总表", "expenditure by function"
    T4 = "T4", "财政拨款收支总表", "appropriations summary"
    T5 = "T5", "一般公共预算支出表", "general budget expenditure"
    T6 = "T6", "一般公共预算基本支出表", "general budget basic expenditure by economic class"
    T7 = "T7", "一般公共预算“三公”经费支出表", "三公 expenditure"
    T8 = "T8", "政府性基金预算支出表", "government fund expenditure"
    T9 = "T9", "国有资本经营预算支出表", "state capital expenditure"


def table_source_label(source: RevenueSource) -> str:
    """A funding source as the standard tables name it: 一般公共预算拨款, 财政专户管理资金."""
    if source in APPROPRIATIONS:
        return f"{source.zh}拨款"
    if source is RevenueSource.fiscal_special_account:
        return "财政专户管理资金"
    return source.zh


class ProcurementCategory(Term):
    """政府采购品目: the three kinds of purchase a 政府采购预算 is split into (X7)."""

    goods = "goods", "货物", "goods"
    works = "works", "工程", "works"
    services = "services", "服务", "services"


class RevenueLine(Term):
    """The revenue side besides its sources."""

    carryover = "carryover", "上年结转", "last year's carry-over"
    total = "total", "收入合计", "the revenue total"


class ExpenditurePart(Term):
    """The spending side: 基本支出 (人员类 + 运转类公用), 项目支出, 结转下年, and their total."""

    personnel = "personnel", "人员类", "personnel"
    public = "public", "运转类公用", "running costs"
    basic = "basic", "基本支出", "basic expenditure"
    projects = "projects", "项目支出", "project expenditure"
    carry_forward = "carry_forward", "结转下年", "carry-forward to next year"
    total = "total", "支出合计", "the expenditure total"


# The words a disclosure states a change with, and the sign each one means (TABLES.md N2).
CHANGE_WORD_SIGNS = {
    "增加": 1,
    "增长": 1,
    "减少": -1,
    "下降": -1,
    "持平": 0,
    "基本持平": 0,
    "无增减": 0,
    "保持不变": 0,
}


class ThreePublic(Term):
    """财政拨款“三公”经费: the items a source states, the 车 subtotal and the total, in the order
    of the disclosure's table."""

    total = "total", "“三公”经费合计", "the 三公 total", "“三公”经费"
    overseas = "overseas", "因公出国（境）费", "overseas travel"
    vehicles = "vehicles", "公务用车购置及运行维护费", "official vehicles"
    vehicle_purchase = "vehicle_purchase", "公务用车购置费", "official vehicle purchase"
    vehicle_operation = "vehicle_operation", "公务用车运行维护费", "official vehicle running costs"
    reception = "reception", "公务接待费", "official reception"


# The items a source writes (the 车 subtotal and the total are computed from them) …
THREE_PUBLIC_ITEMS = (
    ThreePublic.overseas,
    ThreePublic.vehicle_purchase,
    ThreePublic.vehicle_operation,
    ThreePublic.reception,
)
# … and the three heads whose change vs last year a disclosure states and explains.
THREE_PUBLIC_HEADS = (ThreePublic.overseas, ThreePublic.vehicles, ThreePublic.reception)


class PlanCheckpoint(Term):
    """资金支出计划: the cumulative share of a project spent by each month's end."""

    march = "march", "3月底", "March"
    june = "june", "6月底", "June"
    september = "september", "9月底", "September"
    october = "october", "10月底", "October"
    december = "december", "12月底", "December"


# The checkpoints a project's plan gives, by the profile: the seeds' (3/6/10/12月底) or quarters.
PLAN_CHECKPOINTS = (
    PlanCheckpoint.march,
    PlanCheckpoint.june,
    PlanCheckpoint.october,
    PlanCheckpoint.december,
)


class AssetCategory(Term):
    """国有资产: the categories whose values make the asset total."""

    buildings = "buildings", "房屋", "buildings"
    vehicles = "vehicles", "车辆", "vehicles"
    equipment = "equipment", "单价在20万元以上的设备", "equipment over 200,000 yuan", "设备"
    other = "other", "其他固定资产", "other fixed assets"


class AssetDetail(Term):
    """其中: a part of a category, shown under it and not added to the total."""

    office_space = "office_space", "办公用房", "office space"


class VehicleUse(Term):
    """车辆 by use, as the register of 国有资产占有使用情况 counts them (the Ministry of Finance's
    wording; a profile may print its own labels and leave uses out)."""

    leaders = "leaders", "副部（省）级及以上领导用车", "cars of senior leaders"
    principal = "principal", "主要负责人用车", "cars of the principal officials"
    general = "general", "一般公务用车", "general official cars"
    confidential = "confidential", "机要通信用车", "confidential-communication cars"
    emergency = "emergency", "应急保障用车", "emergency cars"
    law_enforcement = "law_enforcement", "执法执勤用车", "law-enforcement cars"
    special = "special", "特种专业技术用车", "special technical vehicles"
    retirees = "retirees", "离退休干部服务用车", "cars serving retired officials"
    other = "other", "其他用车", "other vehicles"


class LargeEquipment(Term):
    """设备 counted by the register above a unit price a profile sets (通用 50万元, 专用 100万元 in
    the Ministry of Finance's packages)."""

    general = "general_equipment", "通用设备", "general equipment"
    special = "special_equipment", "专用设备", "special equipment"


# -- what docgen makes ------------------------------------------------------------------------


class Format(Term):
    """An output format, in the order the index links a document's files."""

    html = "html", "网页（HTML）", "web page (HTML)", "HTML"
    pdf = "pdf", "PDF", "PDF", "PDF"
    docx = "docx", "Word 文档（DOCX）", "Word (DOCX)", "DOCX"
    xlsx = "xlsx", "公开表工作簿（XLSX）", "workbook of the standard tables (XLSX)", "XLSX"
    data = (
        "data",
        "开放数据（CSV 与 datapackage.json）",
        "open data (CSV and datapackage.json)",
        "CSV",
    )


class PdfEngine(Term):
    """Who lays out the PDF: Typst by default, several times faster (bench/README.md);
    WeasyPrint for a county that styles its PDF with CSS."""

    typst = "typst", "Typst", "Typst"
    weasyprint = "weasyprint", "WeasyPrint（由网页排版）", "WeasyPrint (from the HTML page)"


class PdfVariant(Term):
    """What WeasyPrint makes a PDF to be, in its names: archival PDF/A-2 at level a (tagged:
    structure and reading order; the PDF/A of the Typst engine's PDF/UA-1 and PDF/A-2a),
    accessible PDF/UA-1, or a plain PDF."""

    a2a = "pdf/a-2a", "PDF/A-2a（长期保存，带标签）", "PDF/A-2a (archival, tagged)"
    ua1 = "pdf/ua-1", "PDF/UA-1（无障碍，带标签）", "PDF/UA-1 (accessible, tagged)"
    plain = "plain", "普通 PDF（无标签）", "plain PDF (untagged)"


class Status(Term):
    """What became of one document of a county build."""

    built = "built", "已生成", "built"
    skipped = "skipped", "已是最新（跳过）", "up to date (skipped)"
    nothing = "nothing", "无可生成（跳过）", "nothing to make (skipped)"
    failed = "failed", "失败", "failed"


class DiffStatus(Term):
    """What became of one document between two versions of the sources."""

    changed = "changed", "有变化", "changed"
    added = "added", "新增", "added"
    removed = "removed", "删除", "removed"
    unread = "unread", "有错误，未比较", "has errors, not compared"  # its file is there, unread


# -- the command line -------------------------------------------------------------------------


class Lang(StrEnum):
    """The language of messages and reports (itself the key of every label above)."""

    zh = "zh"
    en = "en"


class CheckReport(Term):
    """How `validate` reports its findings."""

    text = "text", "文本", "text"
    json = "json", "JSON", "JSON"


class DiffReport(Term):
    """How `diff` reports what changed."""

    text = "text", "文本", "text"
    markdown = "markdown", "Markdown", "Markdown"
    json = "json", "JSON", "JSON"

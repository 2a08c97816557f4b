"""Benchmark and test data: a seeded synthetic county of budget sources.

    .venv/bin/python bench/make_county.py OUT_DIR --units 200 --seed 1 [--year 2021]

Writes `OUT_DIR/county.yaml`, one folder per department with its `department.yaml`, and one
source per unit (`101/101001.yaml`), shaped like `sample_data/`: full-scope units with every
section (unit info, revenue, expenditure, last year with stated changes and reasons, 机关运行经费,
“三公”, projects with indicator rows, procurement, assets, glossary, other matters), 3–40 projects
of 7–9 indicator rows each, departments of 1–8 units with totals stated from their units.

Every amount is a Decimal in 万元 with two places. Project amounts and staff costs are drawn
first and every total, split, change and percentage is derived from them, so the sources pass
`docgen validate` without a finding. One `random.Random(seed)` draws everything, in a fixed
order: the same seed gives byte-identical files. Tests put `bench/` on sys.path and call
`make_county`.

Every unit also has its standard public tables (`tables:`): its figures spread over real
支出功能分类 项 and 经济分类 款 of the year's code lists (`county_tables.py`), agreeing with its
revenue by source, 人员经费, 公用经费 and 项目支出. They are drawn from a generator of their own
per unit (seeded by the seed and the unit's code), so the rest of a county is the same as without
them. The code lists start in 2018: a county is for 2018 or later.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from county_tables import TablesInput, tables_block

from docgen.classifications import FIRST_YEAR

COUNTY = "示例县"
DIVISION_CODE = "131099"  # 河北 廊坊 99: shaped like the samples' codes, no real county's

Tree = dict[str, Any]

# -- money: Decimal 万元, always to the cent -----------------------------------------------------

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def cents(count: int) -> Decimal:
    """An amount from a whole number of hundredths of 万元: cents(165200) is 1652.00."""
    return Decimal(count).scaleb(-2)


def draw_amount(rng: random.Random, low: str, high: str) -> Decimal:
    return cents(rng.randint(int(Decimal(low) * 100), int(Decimal(high) * 100)))


def scaled(amount: Decimal, percent: int) -> Decimal:
    return (amount * percent / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def rounded_to(amount: Decimal, step: str) -> Decimal:
    unit = Decimal(step)
    return ((amount / unit).to_integral_value(ROUND_HALF_UP) * unit).quantize(CENT)


def prose(amount: Decimal) -> str:
    """An amount as the samples' prose and targets write it: 1652, 22.5, 0.4."""
    return f"{amount.normalize():f}"


def percent_change(delta: Decimal, before: Decimal) -> Decimal:
    # The same expression and rounding as docgen.compute.compute_change, so a stated
    # percentage is the one docgen computes.
    return abs((delta / before * HUNDRED).quantize(CENT, ROUND_HALF_UP))


def sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


# -- vocabulary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """What a department does: its name, its field of work, whom it serves, what it runs."""

    name: str  # the department's name after the county: 教育局
    field: str  # 教育
    served: str  # 服务对象: 在校学生
    area: str  # where it works: 全县, 全镇
    notice: str  # the provincial finance office's file prefix for the field: 冀财教
    units: tuple[str, ...]  # subordinate units, after the county
    subjects: tuple[str, ...]  # lines of work, from which projects are named


# The county's bureaus (局): name, field, whom it serves, the provincial finance office's file
# prefix for its field (冀财教…); then its subordinate units; then its lines of work.
BUREAU_TABLE = """
教育局 教育 在校学生 教
  第一中学 第二中学 实验小学 职业技术教育中心 教师发展中心 第一幼儿园
  义务教育 学前教育 学生资助 校舍安全 教师培训 教育信息化 营养改善计划
卫生健康局 卫生健康 城乡居民 社
  人民医院 中医医院 疾病预防控制中心 妇幼保健院 卫生健康综合监督执法大队
  基本公共卫生服务 重大传染病防控 家庭医生签约服务 计划生育奖励扶助 健康教育
民政局 民政 困难群众 社
  社会福利中心 救助管理站 殡仪馆 婚姻登记处 低收入人口认定指导中心
  城乡低保 特困人员供养 临时救助 孤儿基本生活保障 养老服务 残疾人两项补贴
人力资源和社会保障局 人力资源和社会保障 参保群众 社
  社会保险事业管理所 就业服务中心 劳动保障监察大队 劳动人事争议仲裁院
  就业补助 城乡居民养老保险 职业技能培训 劳动保障监察 人才引进
农业农村局 农业农村 农户 农
  农业技术推广中心 动物疫病预防控制中心 农业综合行政执法大队 农村经营管理站
  耕地地力保护 高标准农田建设 动物防疫 农技推广 农村人居环境整治 农业保险保费补贴
水利局 水利 城乡居民 农
  水利工程管理所 水土保持站 河道管理所 农村供水管理站
  农田水利 河长制 农村饮水安全 防汛抗旱 水土保持
自然资源和规划局 自然资源 企业和群众 资环
  不动产登记中心 土地储备中心 自然资源综合行政执法大队 测绘地理信息中心
  国土空间规划 耕地保护 土地整治 不动产登记 地质灾害防治
住房和城乡建设局 住房和城乡建设 城镇居民 建
  房产服务中心 建设工程质量安全监督站 园林绿化管理所 住房保障服务中心
  老旧小区改造 城市园林绿化 保障性住房 市政设施维护 农村危房改造
交通运输局 交通运输 沿线群众 建
  公路管理站 交通运输综合行政执法大队 农村公路养护中心 道路运输服务中心
  农村公路养护 公路安全生命防护 城乡客运 治超检测 桥梁维修加固
文化广电和旅游局 文化旅游 城乡群众 教
  图书馆 文化馆 博物馆 文物保护管理所 旅游服务中心
  公共文化服务 文物保护 全民阅读 送戏下乡 全域旅游
市场监督管理局 市场监管 市场主体 行
  市场监管综合行政执法大队 检验检测中心 消费者权益保护中心 个体私营经济服务中心
  食品安全抽检 特种设备安全监察 计量检定 药品安全监管 质量提升
应急管理局 应急管理 辖区群众 行
  应急救援保障中心 安全生产执法大队 地震监测中心
  安全生产监管 应急物资储备 防灾减灾 应急演练 地震监测
财政局 财政 预算单位 预
  财政国库支付中心 非税收入管理中心 财政投资评审中心 政府采购中心 会计核算中心
  预算管理一体化 财政投资评审 国库集中支付 非税收入征管 政府债务管理
生态环境局 生态环境 辖区群众 资环
  环境监测站 生态环境综合执法大队 环境监控中心
  大气污染防治 水污染防治 土壤污染防治 环境监测 生态环境执法
退役军人事务局 退役军人事务 退役军人和优抚对象 社
  退役军人服务中心 光荣院 烈士陵园管理所
  优抚对象抚恤 退役军人就业创业 烈士纪念设施维护 双拥工作
医疗保障局 医疗保障 参保群众 社
  医疗保险事业服务中心 医疗保障基金监管中心
  医疗救助 城乡居民医保 医保基金监管 医保信息化
司法局 司法行政 城乡群众 行
  公证处 法律援助中心 社区矫正中心 人民调解指导中心
  法律援助 普法宣传 社区矫正 人民调解 公共法律服务
统计局 统计 调查对象 行
  统计普查中心 社会经济调查队
  经济普查 人口抽样调查 统计执法 统计信息化
审计局 审计 被审计单位 行
  经济责任审计中心 审计信息中心
  经济责任审计 政府投资审计 专项资金审计 审计信息化
发展和改革局 发展改革 企业和群众 建
  价格认证中心 重点项目服务中心 粮食和物资储备中心
  重点项目前期 价格监测 粮食储备 以工代赈
科技和工业信息化局 科技和工业信息化 辖区企业 教
  科技创新服务中心 中小企业服务中心
  科技创新 中小企业发展 工业转型升级 科普宣传
林业局 林业 林农 农
  国有林场 林业技术推广站 森林病虫害防治检疫站
  国土绿化 森林防火 林业有害生物防治 退耕还林
城市管理综合行政执法局 城市管理 城区居民 建
  环境卫生管理所 市政设施管理所 城市管理执法大队
  城乡环境卫生 市政设施维护 垃圾分类 城市照明
信访局 信访 来访群众 行
  信访服务中心 人民来访接待中心
  信访事项办理 矛盾纠纷排查化解 网上信访 信访积案化解
商务局 商务 辖区企业 建
  电子商务服务中心 招商服务中心
  电子商务进农村 外贸稳增长 消费促进 招商引资
"""


def parse_bureaus(table: str) -> tuple[Theme, ...]:
    rows = [line.split() for line in table.strip().splitlines()]
    return tuple(
        Theme(name, field, served, "全县", f"冀财{abbr}", tuple(units), tuple(subjects))
        for (name, field, served, abbr), units, subjects in zip(
            rows[::3], rows[1::3], rows[2::3], strict=True
        )
    )


BUREAUS = parse_bureaus(BUREAU_TABLE)
# A department names at most this many subordinate units; the generic ones fill short lists.
MAX_SUBORDINATES = 7
GENERIC_UNITS = ("信息中心", "综合服务中心", "档案管理中心", "后勤服务中心", "宣传教育中心")

TOWN_FIRST = "东西南北大小新高马石柳杨白黄龙凤金桑榆"
TOWN_SECOND = "庄集店营台屯河桥坊口堡头寨沟坡铺务洼"
TOWN_UNITS = (
    "农业综合服务中心",
    "社会事务服务中心",
    "综合行政执法队",
    "退役军人服务站",
    "党群服务中心",
    "便民服务中心",
    "财政所",
)
TOWN_SUBJECTS = (
    "乡村振兴",
    "农村人居环境整治",
    "村级组织运转",
    "基层党建",
    "社会治安综合治理",
    "防汛抗旱",
)


def town_names() -> list[str]:
    return [
        f"{first}{second}{'乡' if (i + j) % 3 == 0 else '镇'}"
        for i, first in enumerate(TOWN_FIRST)
        for j, second in enumerate(TOWN_SECOND)
    ]


def town(name: str) -> Theme:
    """A town government (乡镇人民政府) and its stations."""
    units = tuple(f"{name}{unit}" for unit in TOWN_UNITS)
    return Theme(
        f"{name}人民政府", "乡村振兴", "辖区群众", f"全{name[-1]}", "冀财农", units, TOWN_SUBJECTS
    )


# 项目 = a line of work + what the money does (kind and its use), or a common running cost,
# or a provincial transfer named after its notice, as in the samples.
PROJECT_KINDS = (
    ("专项经费", "开展{subject}专项工作所需的印刷、差旅、会议等支出"),
    ("工作经费", "保障{subject}日常工作正常开展"),
    ("补助资金", "向符合条件的{served}发放{subject}补助"),
    ("运行维护经费", "{subject}相关设施设备的日常运行和维护保养"),
    ("设备购置经费", "购置开展{subject}工作所需的专用设备"),
    ("宣传培训经费", "开展{subject}政策宣传和业务培训，印制宣传资料"),
    ("信息化建设经费", "{subject}业务信息系统的建设、升级和运行维护"),
    ("项目前期经费", "{subject}项目可行性研究、设计和评审等前期工作"),
    ("考核奖励资金", "对{subject}工作考核优秀的单位给予奖励"),
    ("县级配套资金", "落实上级{subject}项目的县级配套资金"),
)
COMMON_PROJECTS = (
    ("办公楼维修改造", "办公楼屋面防水、外墙保温和水电线路的维修改造"),
    ("机关党建工作经费", "开展党员教育培训、主题党日等党建活动"),
    ("档案数字化加工", "历年文书档案的整理、扫描和数字化加工"),
    ("网络安全等级保护测评", "业务系统网络安全等级保护测评和整改"),
    ("聘用人员经费", "支付编外聘用人员的工资和社会保险"),
    ("法律顾问服务费", "聘请常年法律顾问，提供法律咨询和合同审查"),
    ("电子政务外网运行维护费", "电子政务外网线路租用和设备运行维护"),
    ("安全保卫服务费", "办公区域安全保卫和消防设施维护"),
    ("驻村帮扶工作经费", "驻村工作队开展乡村振兴帮扶工作的生活补助和工作经费"),
    ("业务用房租赁费", "租用业务用房的租金和物业费"),
)
PURPOSES = (
    "{year}年安排{name}{amount}万元，主要用于{use}，保障{subject}工作顺利开展。",
    "本项目预算{amount}万元，资金主要用于{use}，确保全年{subject}任务按期完成。",
    "根据年度工作计划，{year}年1-12月开展{subject}相关工作，项目资金{amount}万元，主要用于{use}。",
)
GOALS = (
    "通过项目的开展，保障{subject}工作正常运转，全面完成年度目标任务。",
    "确保资金按时足额拨付到位，{served}受益面进一步扩大。",
    "进一步提升{subject}服务水平，{served}满意度不断提高。",
    "规范资金管理，提高财政资金使用效益。",
    "按照时间节点推进项目实施，年底前完成全部工作任务。",
)
PROJECT_BASES = (
    "根据《{county}{year}年{subject}工作实施方案》和年度工作计划确定。",
    "依据{notice}【{last}】{number}号文件及{subject}相关政策规定确定。",
    "参照上年度{subject}工作完成情况和本年度工作任务测算。",
)
# 资金支出计划: cumulative % at the end of March, June, October, December (None: left blank).
PLAN_SHAPES = (
    (20, 40, 60, 100),
    (25, 50, 75, 100),
    (None, None, None, 100),
    (None, None, 50, 100),
    (30, 60, 90, 100),
    (None, 50, 80, 100),
)

# -- indicator rows (schemas/frameworks/classic-2015.yaml) ---------------------------------------

# 一级 and 二级 指标 in the framework's order. Every project has the seven BASE_ROWS, as every
# sample project does, and up to two EXTRA_ROWS; so 7–9 rows, each 一级指标 present.
FRAMEWORK = (
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
)
SATISFACTION = "服务对象满意度指标"
BASE_ROWS = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "社会效益指标",
    "可持续影响指标",
    SATISFACTION,
)
EXTRA_ROWS = ("数量指标", "质量指标", "经济效益指标", "生态效益指标")

# Per 二级指标: (三级指标, 绩效指标描述, 指标值) with {subject}/{served} and value draws in braces.
ROW_TEMPLATES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "数量指标": (
        ("{subject}受益人数", "受益{served}人数", "≥{count}人"),
        ("开展活动次数", "全年开展{subject}相关活动次数", "≥{small}次"),
        ("维护设备数量", "日常维护设备台数", "≥{small}台"),
        ("印制宣传资料", "印制发放宣传资料份数", "≥{count}份"),
        ("覆盖行政村数量", "项目覆盖行政村个数", "{small}个"),
        ("服务企业数量", "服务辖区企业家数", "≥{small}家"),
        ("补助发放户数", "享受补助的{served}户数", "{count}户"),
        ("培训人次", "组织业务培训人次", "≥{count}人次"),
        ("完成工作事项", "全年完成{subject}工作事项数", "{small}项"),
    ),
    "质量指标": (
        ("{subject}任务完成率", "年度{subject}任务完成率", "{rate}"),
        ("资金发放准确率", "补助资金发放准确率", "{rate}"),
        ("验收合格率", "项目验收合格率", "100%"),
        ("政策知晓率", "{served}政策知晓率", "{rate}"),
        ("设备完好率", "设备设施完好率", "{rate}"),
    ),
    "时效指标": (
        ("完成时间", "{subject}工作完成时间", "{month}"),
        ("资金拨付及时率", "资金按时拨付率", "{rate}"),
        ("按期完成率", "各项工作按期完成率", "{rate}"),
    ),
    "成本指标": (
        ("预算控制数", "项目预算控制数", "{cost}"),
        ("项目总成本", "项目实施总成本", "{cost}"),
        ("资金使用成本", "资金使用控制数", "{cost}"),
    ),
    "经济效益指标": (
        ("带动相关产业发展", "对相关产业发展的带动作用", "{benefit}"),
        ("节约行政成本", "节约行政运行成本", "有所提升"),
        ("经济效益指标", "经济效益指标", "无此项指标"),
    ),
    "社会效益指标": (
        ("{subject}保障水平", "保障{served}基本权益", "{benefit}"),
        ("单位正常运转", "保障单位正常运转", "100%"),
        ("社会和谐稳定", "促进社会和谐稳定", "达到预期"),
        ("公共服务水平", "{subject}公共服务水平", "有所提升"),
    ),
    "生态效益指标": (
        ("生态环境改善", "改善区域生态环境", "有所提升"),
        ("生态效益指标", "生态效益指标", "无此项指标"),
        ("资源节约利用", "节能降耗效果", "达到预期"),
    ),
    "可持续影响指标": (
        ("持续发挥作用期限", "项目持续发挥作用期限", "{years}"),
        ("长效机制建设", "建立健全长效管理机制", "持续影响"),
        ("工作持久度", "工作长期稳定开展", "{years}"),
    ),
    SATISFACTION: (
        ("{served}满意度", "{served}对项目实施的满意度", "{satisfaction}"),
        ("服务对象满意度", "服务对象满意度", "{satisfaction}"),
        ("群众满意度", "辖区群众满意度", "{satisfaction}"),
    ),
}
ROW_BASES = {
    "数量指标": ("年度工作计划", "历年统计数据", "乡镇上报数据"),
    "质量指标": ("行业标准", "项目实施方案"),
    "时效指标": ("年度工作计划", "项目实施方案"),
    "成本指标": ("预算批复", "项目预算测算"),
    SATISFACTION: ("满意度调查问卷", "问卷调查结果"),
}
BENEFIT_BASES = ("上年度完成情况", "项目实施方案", "部门职能")


def draw_cost_target(rng: random.Random, budget: Decimal) -> str:
    """A 成本指标 never above the project's budget: the whole, a share, or per month."""
    style = rng.randrange(3)
    if style == 0:
        return f"≤{budget:.2f}万元"
    if style == 1:
        return f"≤{prose(scaled(budget, rng.randint(80, 100)))}万元"
    return f"≤{prose((budget / 12).quantize(CENT, ROUND_DOWN))}万元/月"


ValueDraw = Callable[[random.Random, Decimal], str]
VALUE_DRAWS: dict[str, ValueDraw] = {
    "count": lambda rng, _: str(rng.randint(5, 600) * rng.choice((1, 10))),
    "small": lambda rng, _: str(rng.randint(2, 60)),
    "rate": lambda rng, _: rng.choice(("100%", "≥98%", "≥95%", "≥90%")),
    "month": lambda rng, _: rng.choice(("12月", "12月", "11月", "10月", "6月")),
    "cost": draw_cost_target,
    "benefit": lambda rng, _: rng.choice(("有所提升", "达到预期", "显著提升", "≥95%", "100%")),
    "years": lambda rng, _: rng.choice(("≥1年", "≥3年", "≥5年", "长期", "持续影响")),
    "satisfaction": lambda rng, _: f"≥{rng.choice((85, 90, 90, 95, 95, 95, 98))}%",
}


def fill_value(rng: random.Random, pattern: str, budget: Decimal) -> str:
    keys = [key for _, key, _, _ in string.Formatter().parse(pattern) if key]
    return pattern.format(**{key: VALUE_DRAWS[key](rng, budget) for key in keys})


# -- texts for changes, costs, departments -------------------------------------------------------

UP_WORDS, DOWN_WORDS, FLAT_WORDS = ("增加", "增长"), ("减少", "下降"), ("持平", "无增减")
FLAT_REASON = "与上年持平，无增减变化。"
Reasons = dict[int, tuple[str, ...]]  # by the sign of the change: 1, -1, 0
BASIC_REASONS: Reasons = {
    1: (
        "主要原因是落实工资调整政策，人员经费相应增加。",
        "主要原因是新增在编人员，人员经费增加。",
        "主要原因是公用经费定额标准提高。",
    ),
    -1: (
        "主要原因是部分人员退休及调出，人员经费相应减少。",
        "主要原因是压减一般性支出，公用经费减少。",
    ),
    0: (FLAT_REASON,),
}
PROJECT_REASONS: Reasons = {
    1: (
        "主要原因是新增{project}等项目支出。",
        "主要原因是上级转移支付资金增加，项目支出相应增加。",
    ),
    -1: (
        "主要原因是部分一次性项目已完成，项目支出相应减少。",
        "主要原因是落实过紧日子要求，压减非急需非刚性支出。",
    ),
    0: (FLAT_REASON,),
}
THREE_PUBLIC_REASONS: dict[str, Reasons] = {
    "overseas": {
        1: ("主要原因是根据工作安排，计划组织因公出国（境）考察学习。",),
        -1: ("主要原因是严格控制因公出国（境）团组和人数。",),
        0: ("无增减变化。",),
    },
    "vehicles": {
        1: ("主要原因是公务用车使用年限较长，维修费用增加。", "主要原因是按规定更新公务用车。"),
        -1: (
            "主要原因是落实公务用车制度改革，压减公务用车运行维护费。",
            "主要原因是严格执行公务用车管理规定，车辆运行费用减少。",
        ),
        0: ("无增减变化。", "与上年持平，主要原因是严格执行公务用车管理规定。"),
    },
    "reception": {
        1: ("主要原因是承接上级检查调研任务增加，接待费相应增加。",),
        -1: ("主要原因是切实落实中央八项规定精神，严格控制公务接待费支出。",),
        0: ("无增减变化，主要原因是我单位切实落实勤俭节约各项规定，严格控制公务接待费支出。",),
    },
}
OPERATING_PURPOSES = (
    "主要用于办公及印刷费、邮电费、水电费、差旅费等日常运行支出。",
    "主要用于保障机构正常运转的办公费、印刷费、物业管理费、会议费等支出。",
    "主要用于办公费、邮电费、维修（护）费、培训费等日常公用支出。",
)
OTHER_MATTERS = ("我单位无其他需要说明的事项。", "本单位无其他需要说明的事项。")
SUB_GOALS = (
    "扎实推进{subject}工作，健全工作机制，确保各项任务按时保质完成。",
    "围绕{subject}重点任务，强化统筹协调，提升{served}的获得感和满意度。",
    "加大{subject}工作力度，规范资金使用管理，提高财政资金使用效益。",
)
SUB_GOAL_INDICATORS = (
    "全年{subject}任务完成率100%，{served}满意度达到{satisfaction}%以上。",
    "资金按时拨付率100%，{subject}工作按期完成率不低于{rate}%。",
)
MEASURES = (
    "完善制度建设。制定完善预算绩效管理制度、资金管理办法、工作保障制度等，"
    "为全年预算绩效目标的实现奠定制度基础。",
    "加强支出管理。通过优化支出结构、编细编实预算、加快履行政府采购手续、及时支付资金等多种措施，"
    "确保支出进度达标。",
    "加强绩效运行监控。按要求开展绩效运行监控，发现问题及时采取措施，确保绩效目标如期保质实现。",
    "做好绩效自评。按要求开展上年度部门预算绩效自评，对评价中发现的问题及时整改，"
    "提高财政资金使用效益。",
    "规范财务资产管理。完善财务管理制度，严格审批程序，加强固定资产登记、使用和报废处置管理。",
    "加强内部监督。加强内部监督制度建设，对重大支出决策和资产处置等事项的决策和执行进行督导，"
    "确保财政资金安全有效。",
)
GLOSSARY = (
    ("一般公共预算拨款收入", "指县级财政当年拨付的资金。"),
    ("政府性基金预算拨款收入", "指县级财政当年从政府性基金预算中拨付的资金。"),
    ("事业收入", "指事业单位开展专业业务活动及辅助活动所取得的收入。"),
    ("其他收入", "指除上述收入以外的收入，主要是按规定动用的租房收入、存款利息收入等。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    (
        "“三公”经费",
        "指用财政拨款安排的因公出国（境）费、公务用车购置及运维费和公务接待费。",
    ),
    (
        "机关运行经费",
        "指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。",
    ),
    ("上年结转", "指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。"),
)


@dataclass(frozen=True)
class Purchase:
    """A kind of procurement line: 品目, 目录序号, 类别, 计量单位, a unit price range in 万元."""

    item: str
    catalogue_no: str
    category: str
    measure_unit: str
    price_low: str
    price_high: str
    bulk: bool  # bought by the piece (several at a time) rather than as one contract


PURCHASES = (
    Purchase("台式计算机", "A02010104", "货物", "台", "0.45", "0.65", bulk=True),
    Purchase("便携式计算机", "A02010105", "货物", "台", "0.55", "0.80", bulk=True),
    Purchase("激光打印机", "A02010601", "货物", "台", "0.15", "0.35", bulk=True),
    Purchase("复印机", "A020201", "货物", "台", "1.50", "3.00", bulk=True),
    Purchase("空调机", "A02061802", "货物", "台", "0.40", "0.90", bulk=True),
    Purchase("复印纸", "A090101", "货物", "箱", "0.02", "0.03", bulk=True),
    Purchase("物业管理服务", "C1204", "服务", "项", "10.00", "60.00", bulk=False),
    Purchase("印刷服务", "C081401", "服务", "项", "1.00", "8.00", bulk=False),
    Purchase("信息系统运行维护服务", "C0204", "服务", "项", "3.00", "30.00", bulk=False),
    Purchase("办公用房维修工程", "B07", "工程", "项", "20.00", "150.00", bulk=False),
)

# -- the plan: departments, units, budgets -------------------------------------------------------


@dataclass(frozen=True)
class DepartmentPlan:
    code: str  # 101
    name: str  # 示例县教育局
    theme: Theme


@dataclass(frozen=True)
class UnitPlan:
    code: str  # 101001
    name: str
    department: DepartmentPlan
    office: bool  # the department's own office (本级), an administrative unit
    nature: str  # 单位性质: 行政, 参公, 事业


@dataclass(frozen=True)
class Money:
    """A project's 预算数, split: the fiscal part comes from `source`, the other from 单位资金."""

    fiscal: Decimal  # 财政资金
    other: Decimal  # 其他资金
    source: str  # funding_source

    @property
    def amount(self) -> Decimal:
        return self.fiscal + self.other


THREE_PUBLIC_ITEMS = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")
SOURCES = ("general_budget", "government_fund", "fiscal_special_account", "unit_funds")


@dataclass(frozen=True)
class Budget:
    """One unit's figures, drawn part by part; every total is derived from them here."""

    personnel: Decimal  # 人员经费
    public: Decimal  # 公用经费
    carryover: Decimal  # 上年结转, spent on basic expenditure
    projects: tuple[Money, ...]
    last_basic: Decimal
    last_projects: Decimal
    three_public: dict[str, Decimal]  # THREE_PUBLIC_ITEMS, this year
    last_three_public: dict[str, Decimal]
    vehicles: int  # 公务用车 on the asset register

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def projects_total(self) -> Decimal:
        return sum((money.amount for money in self.projects), ZERO)

    @property
    def total(self) -> Decimal:
        return self.basic + self.projects_total

    @property
    def last_total(self) -> Decimal:
        return self.last_basic + self.last_projects

    def revenue(self) -> dict[str, Decimal]:
        """收入 by source: basic expenditure from the general budget (less 上年结转), each
        project's fiscal part from its source, every project's other part from 单位资金."""
        revenue = dict.fromkeys(SOURCES, ZERO)
        revenue["general_budget"] = self.basic - self.carryover
        for money in self.projects:
            revenue[money.source] += money.fiscal
            revenue["unit_funds"] += money.other
        return revenue


def three_public_totals(items: dict[str, Decimal]) -> dict[str, Decimal]:
    """The four figures a “三公” change is stated for: total, 出国, 公务用车 (购置+运维), 接待."""
    vehicles = items["vehicle_purchase"] + items["vehicle_operation"]
    return {
        "total": items["overseas"] + vehicles + items["reception"],
        "overseas": items["overseas"],
        "vehicles": vehicles,
        "reception": items["reception"],
    }


def department_sizes(rng: random.Random, units: int) -> list[int]:
    """Units per department, 1–8 each; the last department takes the remainder."""
    sizes = []
    while units:
        size = min(rng.randint(1, 8), units)
        sizes.append(size)
        units -= size
    return sizes


def department_themes(rng: random.Random, count: int) -> list[Theme]:
    """The county's bureaus in a seeded order, then its towns (乡镇人民政府)."""
    themes = rng.sample(BUREAUS, len(BUREAUS)) + [
        town(n) for n in rng.sample(town_names(), len(town_names()))
    ]
    if count > len(themes):
        raise ValueError(f"a county of at most {len(themes)} departments can be named")
    return themes[:count]


def plan_units(rng: random.Random, department: DepartmentPlan, size: int) -> list[UnitPlan]:
    """The department's own office (本级) first, then subordinate units."""
    theme = department.theme
    generic = (f"{theme.name}{suffix}" for suffix in GENERIC_UNITS)
    subordinates = [*theme.units, *generic][:MAX_SUBORDINATES]
    chosen = rng.sample(subordinates, size - 1)
    office_name = department.name if size == 1 else f"{department.name}本级"
    plans = [UnitPlan(f"{department.code}001", office_name, department, office=True, nature="行政")]
    for number, name in enumerate(chosen, start=2):
        nature = "参公" if "执法" in name or "监察" in name else "事业"
        code = f"{department.code}{number:03d}"
        plans.append(UnitPlan(code, f"{COUNTY}{name}", department, office=False, nature=nature))
    return plans


def draw_project_amount(rng: random.Random) -> Decimal:
    """Mostly small running costs, some large transfers; mostly whole 万元, as budgets are."""
    tier = rng.choices(
        (("1.00", "30.00"), ("30.00", "300.00"), ("300.00", "3000.00"), ("3000.00", "9000.00")),
        weights=(56, 33, 10, 1),
    )[0]
    amount = draw_amount(rng, *tier)
    style = rng.random()
    if style < 0.6:
        return rounded_to(amount, "1")
    if style < 0.8:
        return rounded_to(amount, "0.5")
    return amount


def draw_source(rng: random.Random, plan: UnitPlan) -> str:
    # Public institutions (事业) also spend 财政专户 money and their own funds.
    weights = (78, 6, 8, 8) if plan.nature == "事业" else (92, 8, 0, 0)
    return rng.choices(SOURCES, weights=weights)[0]


def draw_money(rng: random.Random, plan: UnitPlan, headroom: Decimal) -> Money:
    """A project's split. Other funds on a general-budget project are capped by `headroom`, so
    the general budget still covers them (its revenue holds basic expenditure too)."""
    amount, source = draw_project_amount(rng), draw_source(rng, plan)
    if source == "unit_funds":
        return Money(ZERO, amount, source)
    if source == "general_budget" and rng.random() < 0.1:
        other = min(scaled(amount, rng.randint(10, 40)), headroom)
        if ZERO < other < amount:
            return Money(amount - other, other, source)
    return Money(amount, ZERO, source)


def draw_project_count(rng: random.Random) -> int:
    """3–40, most units having few (the samples have 19, 8, 3 and 5): about 15 on average."""
    return 3 + round(37 * rng.random() ** 2)


def draw_projects_money(rng: random.Random, plan: UnitPlan, basic: Decimal) -> list[Money]:
    headroom, projects = basic, []
    for _ in range(draw_project_count(rng)):
        money = draw_money(rng, plan, headroom)
        if money.source == "general_budget":
            headroom -= money.other
        projects.append(money)
    return projects


def draw_last_year(rng: random.Random, now: Decimal, low: int, high: int) -> Decimal:
    """Last year's figure near this year's, or the same (a change of 持平)."""
    if rng.random() < 0.1:
        return now
    return scaled(now, rng.randint(low, high))


def draw_three_public(rng: random.Random, plan: UnitPlan, vehicles: int) -> dict[str, Decimal]:
    """Mostly zero; reception for offices, running costs where there are official vehicles."""
    items = dict.fromkeys(THREE_PUBLIC_ITEMS, ZERO)
    if plan.office and rng.random() < 0.03:
        items["overseas"] = draw_amount(rng, "2.00", "8.00")
    if vehicles and rng.random() < 0.05:
        items["vehicle_purchase"] = draw_amount(rng, "12.00", "25.00")
    if vehicles and rng.random() < 0.9:
        items["vehicle_operation"] = draw_amount(rng, "0.80", "3.00") * vehicles
    if rng.random() < (0.8 if plan.office else 0.3):
        items["reception"] = draw_amount(rng, "0.10", "3.00")
    return items


def draw_last_three_public(rng: random.Random, now: dict[str, Decimal]) -> dict[str, Decimal]:
    last = {}
    for key, amount in now.items():
        if amount:
            last[key] = draw_last_year(rng, amount, 70, 130)
        elif key != "vehicle_purchase" and rng.random() < 0.1:  # cut to nothing this year
            last[key] = draw_amount(rng, "0.20", "2.00")
        else:
            last[key] = ZERO
    return last


def draw_budget(rng: random.Random, plan: UnitPlan) -> Budget:
    staff = rng.randint(12, 70) if plan.office else rng.randint(4, 50)
    personnel = cents(sum(rng.randint(900, 1500) for _ in range(staff)))
    public = cents(staff * rng.randint(60, 180) + rng.randint(0, 500))
    basic = personnel + public
    carryover = cents(rng.randint(1, int(basic * 20))) if rng.random() < 0.12 else ZERO
    projects = draw_projects_money(rng, plan, basic - carryover)
    projects_total = sum((money.amount for money in projects), ZERO)
    vehicles = rng.choice((0, 1, 1, 2, 3) if plan.office else (0, 0, 0, 1))
    three_public = draw_three_public(rng, plan, vehicles)
    return Budget(
        personnel=personnel,
        public=public,
        carryover=carryover,
        projects=tuple(projects),
        last_basic=draw_last_year(rng, basic, 85, 118),
        last_projects=draw_last_year(rng, projects_total, 70, 140),
        three_public=three_public,
        last_three_public=draw_last_three_public(rng, three_public),
        vehicles=vehicles,
    )


# -- unit source sections ------------------------------------------------------------------------


class Flow(dict[str, Any]):
    """A mapping written on one line, `{march: 20.00, june: 40.00}`, as the samples write
    short records."""


def stated_change(rng: random.Random, now: Decimal, before: Decimal, percent: bool) -> Flow:
    """比上年增减 as a source states it: the word, the amount, and the % when asked for."""
    delta = now - before
    words = {1: UP_WORDS, -1: DOWN_WORDS, 0: FLAT_WORDS}[sign(delta)]
    change = Flow(word=rng.choice(words), amount=abs(delta))
    if percent and before:
        change["percent"] = percent_change(delta, before)
    return change


def unit_info(rng: random.Random, plan: UnitPlan) -> Tree:
    theme = plan.department.theme
    first, second, third = rng.sample(theme.subjects, 3)
    if plan.office:
        rank, funding = "正科级", "财政全额拨款"
        duty = (
            f"贯彻执行国家和省、市关于{theme.field}工作的方针政策和法律法规，拟订{theme.area}"
            f"{theme.field}发展规划并组织实施；负责{theme.area}{first}、{second}和{third}等工作"
            "的统筹协调和监督管理；承办上级交办的其他事项。"
        )
    else:
        rank = rng.choice(("副科级", "正股级", "股级"))
        funding = (
            "财政全额拨款"
            if plan.nature == "参公"
            else rng.choice(("财政全额拨款", "财政差额拨款", "财政性资金基本保障"))
        )
        duty = (
            f"承担{theme.area}{first}方面的具体事务性工作，负责{second}的组织实施和日常管理，"
            f"为{theme.served}提供服务；完成{plan.department.name}交办的其他工作。"
        )
    return {
        "code": plan.code,
        "name": plan.name,
        "department": plan.department.name,
        "nature": plan.nature,
        "rank": rank,
        "funding_form": funding,
        "responsibilities": duty,
    }


def revenue_section(budget: Budget) -> Tree:
    return {**budget.revenue(), "carryover": budget.carryover, "total": budget.total}


def expenditure_section(budget: Budget) -> Tree:
    return {
        "personnel": budget.personnel,
        "public": budget.public,
        "basic_total": budget.basic,
        "projects_total": budget.projects_total,
        "total": budget.total,
    }


def last_year_section(rng: random.Random, budget: Budget, names: list[str]) -> Tree:
    percent = rng.random() < 0.5  # half the units also state the change in %
    figures = {
        "total": (budget.total, budget.last_total),
        "basic": (budget.basic, budget.last_basic),
        "projects": (budget.projects_total, budget.last_projects),
    }
    basic_delta = budget.basic - budget.last_basic
    projects_delta = budget.projects_total - budget.last_projects
    project_reason = rng.choice(PROJECT_REASONS[sign(projects_delta)])
    return {
        "basic": budget.last_basic,
        "projects": budget.last_projects,
        "total": budget.last_total,
        "stated_changes": {
            key: stated_change(rng, now, before, percent) for key, (now, before) in figures.items()
        },
        "reasons": {
            "basic": rng.choice(BASIC_REASONS[sign(basic_delta)]),
            "projects": project_reason.format(project=rng.choice(names)),
        },
    }


def operating_costs_section(rng: random.Random, budget: Budget) -> Tree:
    # 机关运行经费 is paid from 公用经费, so it never exceeds it.
    amount = scaled(budget.public, rng.randint(60, 100))
    return {"amount": amount, "purpose": rng.choice(OPERATING_PURPOSES)}


def three_public_section(rng: random.Random, budget: Budget) -> Tree:
    now = three_public_totals(budget.three_public)
    before = three_public_totals(budget.last_three_public)
    return {
        "this_year": Flow(budget.three_public),
        "last_year": Flow(budget.last_three_public),
        "stated": {"total": now["total"], "vehicles": now["vehicles"]},
        "stated_changes": {
            key: stated_change(rng, now[key], before[key], percent=False) for key in now
        },
        "reasons": {
            key: rng.choice(options[sign(now[key] - before[key])])
            for key, options in THREE_PUBLIC_REASONS.items()
        },
    }


def procurement_line(rng: random.Random, purchase: Purchase, projects: list[Tree]) -> Tree | None:
    """One line bought for one of the unit's projects, never costing more than the project;
    subsidies (补助) are paid out, not spent on purchases."""
    project = rng.choice([p for p in projects if "补助" not in p["name"]] or projects)
    price = draw_amount(rng, purchase.price_low, purchase.price_high)
    affordable = int(project["amount"] // price)
    quantity = min(rng.randint(1, 12) if purchase.bulk else 1, affordable)
    if quantity == 0:
        return None
    amount = price * quantity
    return {
        "project": project["name"],
        "item": purchase.item,
        "catalogue_no": purchase.catalogue_no,
        "category": purchase.category,
        "measure_unit": purchase.measure_unit,
        "quantity": quantity,
        "unit_price": price,
        "amounts": Flow({project["funding_source"]: amount}),
        "total": amount,
    }


def procurement_section(rng: random.Random, projects: list[Tree]) -> Tree:
    """A few lines for some units; for the others an empty table with a total of 0.00."""
    lines: list[Tree] = []
    if rng.random() < 0.45:
        for purchase in rng.sample(PURCHASES, rng.randint(1, 4)):
            line = procurement_line(rng, purchase, projects)
            if line is not None:
                lines.append(line)
    return {"lines": lines, "total": sum((line["total"] for line in lines), ZERO)}


def asset_line(quantity: int, value: Decimal) -> Flow:
    return Flow(quantity=quantity, value=value)


def assets_section(
    rng: random.Random, plan: UnitPlan, budget: Budget, goods: Decimal, year: int
) -> Tree:
    """Fixed assets at last year's end; office space is part of the buildings; this year's
    planned purchases are the goods it procures."""
    area = rng.randint(150, 6000)
    buildings = cents(area * rng.randint(6, 25))  # 0.06–0.25 万元 per m²
    office_area = area * rng.randint(30, 90) // 100
    office_value = (buildings * office_area / area).quantize(CENT, ROUND_DOWN)
    vehicles = cents(sum(rng.randint(600, 2500) for _ in range(budget.vehicles)))
    equipment = Flow()
    if plan.nature == "事业" and rng.random() < 0.2:  # 单价20万元以上的设备
        count = rng.randint(1, 3)
        equipment = asset_line(count, cents(sum(rng.randint(2000, 9000) for _ in range(count))))
    pieces = rng.randint(30, 1500)
    other = cents(pieces * rng.randint(5, 40))
    total = buildings + vehicles + equipment.get("value", ZERO) + other
    return {
        "as_of": f"{year - 1}-12-31",
        "buildings": asset_line(area, buildings),
        "office_space": asset_line(office_area, office_value),
        "vehicles": asset_line(budget.vehicles, vehicles),
        "equipment": equipment,
        "other": asset_line(pieces, other),
        "total": total,
        "planned_purchases": goods,
    }


# -- projects --------------------------------------------------------------------------------------


class ProjectCodes:
    """Project codes unique across the county, shaped like the samples' 131024212WPP84MMFSEMX:
    the division code, the year's last two digits and 13 random capitals and digits."""

    ALPHABET = string.digits + string.ascii_uppercase

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.prefix = f"{DIVISION_CODE}{year % 100:02d}"
        self.used: set[str] = set()

    def draw(self) -> str:
        while True:
            code = self.prefix + "".join(self.rng.choices(self.ALPHABET, k=13))
            # docgen's placeholder check reads XXX in any text, a code included, as a template
            # placeholder left in (checks.PLACEHOLDER_RE).
            if code not in self.used and "XXX" not in code:
                self.used.add(code)
                return code


@dataclass(frozen=True)
class ProjectIdea:
    name: str  # 项目名称
    subject: str  # the line of work its texts speak of
    use: str  # what the money pays for


def project_ideas(rng: random.Random, theme: Theme, year: int) -> list[ProjectIdea]:
    """Every project a unit of this department could run; at least 53, all names distinct."""
    ideas = [
        ProjectIdea(f"{subject}{kind}", subject, use.format(subject=subject, served=theme.served))
        for subject in theme.subjects
        for kind, use in PROJECT_KINDS
    ]
    ideas += [ProjectIdea(name, theme.field, use) for name, use in COMMON_PROJECTS]
    for subject in theme.subjects[:3]:
        notice = f"{theme.notice}【{year - 1}】{rng.randint(20, 300)}号"
        name = f"{notice}关于提前下达{year}年{subject}补助资金预算指标的通知"
        ideas.append(ProjectIdea(name, subject, f"落实上级下达的{subject}补助资金"))
    return ideas


def project_purpose(rng: random.Random, idea: ProjectIdea, money: Money, year: int) -> str:
    text = rng.choice(PURPOSES).format(
        year=year, name=idea.name, amount=prose(money.amount), use=idea.use, subject=idea.subject
    )
    if money.other:
        text += f"其中财政资金{prose(money.fiscal)}万元，其他资金{prose(money.other)}万元。"
    return text


def draw_spending_plan(rng: random.Random) -> Flow:
    """Cumulative shares that never decrease and reach 100 in December."""
    if rng.random() < 0.7:
        shape: tuple[int | None, ...] = rng.choice(PLAN_SHAPES)
    else:
        shape = (*sorted(rng.sample(range(5, 100, 5), 3)), 100)
    points = ("march", "june", "october", "december")
    return Flow(
        (point, None if share is None else Decimal(share).quantize(CENT))
        for point, share in zip(points, shape, strict=True)
    )


def indicator_slots(rng: random.Random) -> list[str]:
    """The 二级指标 of each row, 7–9 of them, in the framework's order."""
    order = [level2 for _, level2 in FRAMEWORK]
    extras = rng.sample(EXTRA_ROWS, rng.randint(0, 2))
    return sorted([*BASE_ROWS, *extras], key=order.index)


def indicator_rows(
    rng: random.Random, idea: ProjectIdea, theme: Theme, budget: Decimal
) -> list[Tree]:
    slots = indicator_slots(rng)
    level1_of = {level2: level1 for level1, level2 in FRAMEWORK}
    # Two rows under one 二级指标 take different templates, so no row repeats another.
    templates = {
        level2: iter(rng.sample(ROW_TEMPLATES[level2], slots.count(level2)))
        for level2 in dict.fromkeys(slots)
    }
    words = {"subject": idea.subject, "served": theme.served}
    rows = []
    for level2 in slots:
        name, description, value = next(templates[level2])
        rows.append(
            {
                "level1": level1_of[level2],
                "level2": level2,
                "name": name.format(**words),
                "description": description.format(**words),
                "value": fill_value(rng, value, budget),
            }
        )
    return rows


def project_basis(rng: random.Random, idea: ProjectIdea, theme: Theme, year: int) -> str:
    return rng.choice(PROJECT_BASES).format(
        county=COUNTY,
        year=year,
        last=year - 1,
        subject=idea.subject,
        notice=theme.notice,
        number=rng.randint(20, 300),
    )


def make_project(
    rng: random.Random, idea: ProjectIdea, money: Money, code: str, *, theme: Theme, year: int
) -> Tree:
    words = {"subject": idea.subject, "served": theme.served}
    project: Tree = {
        "code": code,
        "name": idea.name,
        "amount": money.amount,
        "fiscal": money.fiscal,
        "other": money.other,
        "funding_source": money.source,
        "purpose": project_purpose(rng, idea, money, year),
        "spending_plan": draw_spending_plan(rng),
        "goals": [goal.format(**words) for goal in rng.sample(GOALS, rng.randint(1, 3))],
    }
    rows = indicator_rows(rng, idea, theme, money.amount)
    # 指标值确定依据: one for the whole table, or one per row, as the samples have both.
    if rng.random() < 0.6:
        project["indicator_basis"] = project_basis(rng, idea, theme, year)
    else:
        for row in rows:
            row["basis"] = rng.choice(ROW_BASES.get(row["level2"], BENEFIT_BASES))
    project["indicators"] = rows
    return project


# -- a unit, a department, the county ----------------------------------------------------------


def unit_tables(plan: UnitPlan, budget: Budget, year: int, seed: int) -> Tree:
    """The unit's `tables:`, from a generator of its own: the unit's other sections are the
    same with or without them."""
    given = TablesInput(
        year=year,
        field=plan.department.theme.field,
        office=plan.office,
        administrative=plan.nature != "事业",
        personnel=budget.personnel,
        public=budget.public,
        carryover=budget.carryover,
        projects=tuple((money.fiscal, money.other, money.source) for money in budget.projects),
        reception=budget.three_public["reception"],
        vehicle_operation=budget.three_public["vehicle_operation"],
    )
    rng = random.Random(f"{seed}:{plan.code}:tables")
    block: Tree = tables_block(rng, given, Flow)
    return block


def make_unit(
    rng: random.Random, plan: UnitPlan, year: int, codes: ProjectCodes, seed: int
) -> tuple[Tree, Budget]:
    theme = plan.department.theme
    budget = draw_budget(rng, plan)
    ideas = rng.sample(project_ideas(rng, theme, year), len(budget.projects))
    projects = [
        make_project(rng, idea, money, codes.draw(), theme=theme, year=year)
        for idea, money in zip(ideas, budget.projects, strict=True)
    ]
    procurement = procurement_section(rng, projects)
    goods = sum((ln["total"] for ln in procurement["lines"] if ln["category"] == "货物"), ZERO)
    short_names = [idea.name for idea in ideas if len(idea.name) <= 16] or [ideas[0].name]
    unit = {
        "kind": "unit",
        "scope": "full",
        "year": year,
        "division_code": DIVISION_CODE,
        "unit": unit_info(rng, plan),
        "revenue": revenue_section(budget),
        "expenditure": expenditure_section(budget),
        "last_year": last_year_section(rng, budget, short_names),
        "operating_costs": operating_costs_section(rng, budget),
        "three_public": three_public_section(rng, budget),
        "projects": projects,
        "procurement": procurement,
        "assets": assets_section(rng, plan, budget, goods, year),
        # docgen prints 无。 for a unit without a glossary, so every unit carries the standard one.
        "glossary": [{"term": term, "definition": text} for term, text in GLOSSARY],
        "other_matters": rng.choice(OTHER_MATTERS),
        "tables": unit_tables(plan, budget, year, seed),
    }
    return unit, budget


def department_stated(rng: random.Random, budgets: list[Budget]) -> Tree:
    """The department's totals and changes, summed from its units."""

    def summed(figure: Callable[[Budget], Decimal]) -> Decimal:
        return sum((figure(budget) for budget in budgets), ZERO)

    total = summed(lambda b: b.total)
    figures = {
        "total": (total, summed(lambda b: b.last_total)),
        "basic": (summed(lambda b: b.basic), summed(lambda b: b.last_basic)),
        "projects": (summed(lambda b: b.projects_total), summed(lambda b: b.last_projects)),
    }
    return {
        "revenue_total": total,  # every unit balances: revenue = expenditure
        "expenditure_total": total,
        "basic": figures["basic"][0],
        "projects": figures["projects"][0],
        "three_public_total": summed(lambda b: three_public_totals(b.three_public)["total"]),
        "changes": {
            key: stated_change(rng, now, before, percent=True)
            for key, (now, before) in figures.items()
        },
    }


def sub_goal(rng: random.Random, theme: Theme, subject: str) -> Tree:
    words = {"subject": subject, "served": theme.served}
    indicators = rng.choice(SUB_GOAL_INDICATORS).format(
        **words, satisfaction=rng.choice((90, 95)), rate=rng.choice((90, 95, 98))
    )
    return {
        "title": f"{subject}工作目标",
        "goal": rng.choice(SUB_GOALS).format(**words),
        "indicators": indicators,
    }


def department_tree(
    rng: random.Random,
    department: DepartmentPlan,
    plans: list[UnitPlan],
    budgets: list[Budget],
    year: int,
) -> Tree:
    theme = department.theme
    subjects = rng.sample(theme.subjects, rng.randint(2, min(4, len(theme.subjects))))
    overall = (
        f"{year}年，{department.name}紧紧围绕县委、县政府中心工作，认真履行{theme.field}工作职能，"
        f"扎实推进{'、'.join(subjects)}等重点工作，全面完成年度各项目标任务，"
        f"{theme.served}的获得感和满意度进一步提升。"
    )
    measures = sorted(rng.sample(range(len(MEASURES)), rng.randint(3, len(MEASURES))))
    return {
        "kind": "department",
        "scope": "full",
        "year": year,
        "division_code": DIVISION_CODE,
        "department": {"code": department.code, "name": department.name},
        "units": [f"{plan.code}.yaml" for plan in plans],
        "overall_goal": overall,
        "sub_goals": [sub_goal(rng, theme, subject) for subject in subjects],
        "measures": [MEASURES[index] for index in measures],
        "stated": department_stated(rng, budgets),
    }


def make_department(
    rng: random.Random,
    department: DepartmentPlan,
    size: int,
    year: int,
    codes: ProjectCodes,
    *,
    seed: int,
) -> tuple[dict[str, str], int]:
    """The department's files (its units, then department.yaml) and its number of projects."""
    plans = plan_units(rng, department, size)
    files, budgets = {}, []
    for plan in plans:
        unit, budget = make_unit(rng, plan, year, codes, seed)
        files[f"{department.code}/{plan.code}.yaml"] = dump_yaml(unit)
        budgets.append(budget)
    tree = department_tree(rng, department, plans, budgets, year)
    files[f"{department.code}/department.yaml"] = dump_yaml(tree)
    return files, sum(len(budget.projects) for budget in budgets)


@dataclass(frozen=True)
class County:
    files: dict[str, str]  # path inside the folder → YAML text, in writing order
    departments: int
    projects: int


def build_county(units: int, seed: int, year: int) -> County:
    """The whole county in memory; nothing is written."""
    if units < 1:
        raise ValueError("a county needs at least one unit")
    if not FIRST_YEAR <= year <= 2100:
        raise ValueError(
            f"year {year} is outside {FIRST_YEAR}–2100: the code lists of the tables start in "
            f"{FIRST_YEAR}, the schema ends in 2100"
        )
    rng = random.Random(seed)
    sizes = department_sizes(rng, units)
    themes = department_themes(rng, len(sizes))
    codes = ProjectCodes(rng, year)
    files: dict[str, str] = {}
    refs, projects = [], 0
    for index, (size, theme) in enumerate(zip(sizes, themes, strict=True)):
        department = DepartmentPlan(str(101 + index), f"{COUNTY}{theme.name}", theme)
        department_files, count = make_department(rng, department, size, year, codes, seed=seed)
        files.update(department_files)
        refs.append(f"{department.code}/department.yaml")
        projects += count
    county = {
        "kind": "county",
        "year": year,
        "division_code": DIVISION_CODE,
        "county": {"name": COUNTY},
        "departments": refs,
    }
    return County({"county.yaml": dump_yaml(county), **files}, len(sizes), projects)


# -- YAML ------------------------------------------------------------------------------------------

# A text is written plain (unquoted) only when YAML cannot read it as anything else: not as a
# number, date, null or boolean (so 12月, 100%, 2021年… are quoted, as in the samples), and not
# as syntax. Otherwise as a JSON string, which is a valid YAML double-quoted scalar.
PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`~+. 0123456789")
YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


def is_plain(text: str, in_flow: bool) -> bool:
    return (
        bool(text)
        and text[0] not in PLAIN_FIRST
        and text == text.strip()
        and text.lower() not in YAML_WORDS
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not any(char in text for char in "\n\r\t")
        and not (in_flow and any(char in text for char in ",[]{}"))
    )


def yaml_scalar(value: object, in_flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # amounts and percentages: two places, as the samples write them
    if isinstance(value, bool):  # before int: a bool is one
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if is_plain(text, in_flow) else json.dumps(text, ensure_ascii=False)


def yaml_inline(value: object) -> str:
    if isinstance(value, dict):  # a Flow, or an empty mapping
        items = ", ".join(
            f"{key}: {yaml_scalar(item, in_flow=True)}" for key, item in value.items()
        )
        return "{" + items + "}"
    if isinstance(value, list):  # only an empty list is written inline
        return "[]"
    return yaml_scalar(value)


def is_block(value: object) -> bool:
    return isinstance(value, dict | list) and bool(value) and not isinstance(value, Flow)


def mapping_lines(tree: Tree, indent: int) -> Iterator[str]:
    pad = " " * indent
    for key, value in tree.items():
        if not is_block(value):
            yield f"{pad}{key}: {yaml_inline(value)}"
        elif isinstance(value, dict):
            yield f"{pad}{key}:"
            yield from mapping_lines(value, indent + 2)
        else:
            yield f"{pad}{key}:"
            yield from sequence_lines(value, indent + 2)


def sequence_lines(items: list[Any], indent: int) -> Iterator[str]:
    pad = " " * indent
    for item in items:
        if is_block(item) and isinstance(item, dict):
            first, *rest = mapping_lines(item, indent + 2)
            yield f"{pad}- {first.lstrip()}"
            yield from rest
        else:
            yield f"{pad}- {yaml_inline(item)}"


def dump_yaml(tree: Tree) -> str:
    return "\n".join(mapping_lines(tree, 0)) + "\n"


# -- writing ---------------------------------------------------------------------------------------


def check_target(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} exists and is not empty: give a new or empty folder")


def write_files(folder: Path, files: dict[str, str]) -> list[Path]:
    written = []
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def make_county(folder: Path, units: int, seed: int = 0, year: int = 2021) -> list[Path]:
    """Write a county of `units` unit sources into `folder`; returns the files written."""
    check_target(folder)
    return write_files(folder, build_county(units, seed, year).files)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a seeded synthetic county of sources.")
    parser.add_argument("folder", type=Path, help="a new or empty folder")
    parser.add_argument("--units", type=int, default=200, help="number of units (200)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    parser.add_argument("--year", type=int, default=2021, help="budget year (2021)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        check_target(args.folder)
        county = build_county(args.units, args.seed, args.year)
    except (FileExistsError, ValueError) as error:
        parser.error(str(error))
    written = write_files(args.folder, county.files)
    seconds = time.perf_counter() - start
    print(
        f"{args.units} units, {county.departments} departments, {county.projects} projects, "
        f"{len(written)} files in {seconds:.2f} s: {args.folder}"
    )


if __name__ == "__main__":
    main()

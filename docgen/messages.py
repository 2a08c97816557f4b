"""The rule catalogue: every finding code with its severity and its message in Chinese and English.

Stages create findings through `make_finding`, which looks the severity up here; `report` turns a
finding into text with `render_message`. Codes are stable: tools and tests match on them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from docgen.findings import Finding, Location, Severity

E = Severity.ERROR
W = Severity.WARNING


@dataclass(frozen=True)
class Rule:
    severity: Severity
    zh: str
    en: str


RULES: dict[str, Rule] = {
    # Loading: the file and its YAML.
    "file-unreadable": Rule(E, "无法读取文件：{reason}", "cannot read the file: {reason}"),
    "file-too-large": Rule(
        E,
        "文件过大（{size} 字节，上限 {limit} 字节），未读取",
        "file too large ({size} bytes, the limit is {limit}); not read",
    ),
    "file-link-outside": Rule(
        E,
        "此文件是指向所在文件夹之外（{target}）的链接，未读取：请放入文件本身",
        "the file is a link to outside its folder ({target}); not read: put the file itself here",
    ),
    "file-encoding": Rule(
        E,
        "文件不是 UTF-8 编码（可能是 GBK）：请在编辑器中另存为 UTF-8",
        "the file is not UTF-8 (perhaps GBK): save it as UTF-8 in your editor",
    ),
    "yaml-syntax": Rule(
        E,
        "YAML 语法错误：{problem_zh}。请检查此行和上一行：冒号和“-”后要有半角空格，"
        "同一层的键要左对齐，引号和括号要成对",
        "YAML syntax error: {problem_en}. Check this line and the one above: an ASCII space "
        "after every colon and '-', keys of one level lined up, quotes and brackets closed",
    ),
    "yaml-tab": Rule(
        E,
        "YAML 不允许用制表符（Tab）缩进，请改用空格",
        "YAML does not allow tabs for indentation; use spaces",
    ),
    "yaml-full-width-colon": Rule(
        E,
        "键“{key}”后是全角冒号“：”：YAML 要用半角冒号加空格，改为“{fix}”",
        "full-width colon '：' after the key '{key}': YAML needs an ASCII colon and a space: "
        "write '{fix}'",
    ),
    "yaml-full-width-space": Rule(
        E,
        "此处是全角空格：缩进和冒号后的空格都必须是半角空格",
        "a full-width space here: indentation and the space after a colon must be ASCII spaces",
    ),
    "yaml-dash-space": Rule(
        E,
        "列表项的“-”后缺少空格：改为“{fix}”",
        "missing space after the '-' of a list item: write '{fix}'",
    ),
    "yaml-colon-space": Rule(
        E,
        "键“{key}”的冒号后缺少空格：改为“{fix}”",
        "missing space after the colon of '{key}': write '{fix}'",
    ),
    "yaml-colon-in-value": Rule(
        E,
        "值中有“冒号+空格”，YAML 会把它当作又一个键：给整个值加引号，写成“{fix}”",
        "the value holds a colon and a space, which YAML reads as another key: quote the whole "
        "value, '{fix}'",
    ),
    "yaml-quote-unclosed": Rule(
        E,
        "从这里开始的引号 {value} 没有结束：在值的末尾补上 {value}",
        "the quote {value} opened here is never closed: add {value} at the end of the value",
    ),
    "yaml-quote-trailing": Rule(
        E,
        "引号结束后还有文字“{value}”：把整个值都放进引号里",
        "text '{value}' after the closing quote: put the whole value inside the quotes",
    ),
    "yaml-bracket-unclosed": Rule(
        E,
        "从这里开始的“{value}”没有对应的“{closing}”：补上“{closing}”，或把各项逐行写成“- ”列表",
        "the '{value}' opened here has no '{closing}': add it, or write the items as a '- ' list "
        "one per line",
    ),
    "yaml-list-mixed": Rule(
        E,
        "同一层不能既有键又有列表项“- ”：列表要写在以冒号结尾的键之下，并比它多缩进",
        "one level cannot hold both keys and list items ('- '): put the list under a key ending "
        "in a colon, indented more",
    ),
    "yaml-indent": Rule(
        E,
        "缩进不对（此行 {found} 个空格，上一行 {previous} 个）：同一层的键要左对齐；"
        "下一层要比上一层多缩进，且上一行以冒号结尾；列表项“- ”要缩进在它所属的键之下",
        "bad indentation ({found} spaces on this line, {previous} on the line above): keys of "
        "one level line up; a deeper level is indented more, under a line ending in a colon; "
        "list items ('- ') go under the key they belong to",
    ),
    "yaml-control-character": Rule(
        E,
        "文件中有不可见的控制字符（{codepoint}），多半是从别处复制带来的：请删除",
        "an invisible control character ({codepoint}), probably pasted in: delete it",
    ),
    "yaml-empty": Rule(E, "文件中没有内容", "the file has no content"),
    "yaml-multiple-documents": Rule(
        E,
        "一个文件只能有一个 YAML 文档（此处开始了第二个）",
        "a source holds one YAML document; a second one starts here",
    ),
    "yaml-duplicate-key": Rule(
        E,
        "键“{key}”重复：第 {first_line} 行已经写过",
        "duplicate key '{key}': already given on line {first_line}",
    ),
    "yaml-anchor": Rule(
        E,
        "不允许使用 YAML 锚点（&{name}）：请把内容直接写出来",
        "YAML anchors (&{name}) are not allowed: write the content out",
    ),
    "yaml-alias": Rule(
        E,
        "不允许使用 YAML 别名（*{name}）：请把内容直接写出来",
        "YAML aliases (*{name}) are not allowed: write the content out",
    ),
    "yaml-merge-key": Rule(
        E, "不允许使用 YAML 合并键（<<）", "YAML merge keys (<<) are not allowed"
    ),
    "yaml-tag": Rule(E, "不允许使用 YAML 标签（{tag}）", "YAML tags ({tag}) are not allowed"),
    "yaml-complex-key": Rule(E, "键必须是简单文本", "a key must be plain text"),
    "yaml-too-deep": Rule(
        E, "嵌套超过 {limit} 层，未继续读取", "nested deeper than {limit} levels; not read further"
    ),
    # The schema.
    "schema-required": Rule(
        E, "缺少必填项“{key}”（{title}）", "missing required key '{key}' ({field})"
    ),
    "schema-unknown-key": Rule(
        E,
        "未知的键“{key}”（{field}）{hint_zh}",
        "unknown key '{key}' ({field}){hint_en}",
    ),
    "schema-type": Rule(
        E,
        "“{title}”（{field}）应为{expected_zh}，实际为“{value}”{hint_zh}",
        "{field} must be {expected_en}, found '{value}'{hint_en}",
    ),
    "schema-enum": Rule(
        E,
        "“{title}”（{field}）的值“{value}”不在允许范围内：{allowed}",
        "{field}: '{value}' is not one of {allowed}",
    ),
    "schema-pattern": Rule(
        E,
        "“{title}”（{field}）的值“{value}”格式不对：{rule_zh}",
        "{field}: '{value}' is malformed: {rule_en}",
    ),
    "schema-range": Rule(
        E,
        "“{title}”（{field}）的值 {value} 超出范围（{bound}）",
        "{field}: {value} is out of range ({bound})",
    ),
    "amount-decimals": Rule(
        E,
        "“{title}”（{field}）的值 {value} 超过 {places} 位小数",
        "{field}: {value} has more than {places} decimal places",
    ),
    "schema-invalid": Rule(
        E, "“{title}”（{field}）不符合要求：{detail}", "{field} is invalid: {detail}"
    ),
    "schema-too-many": Rule(
        E,
        "“{title}”（{field}）有 {count} 项，超过上限 {limit} 项：请检查是否重复粘贴，或拆分文件",
        "{field} has {count} items, more than the limit of {limit}: check for a repeated paste, "
        "or split the file",
    ),
    "schema-too-few": Rule(
        E,
        "“{title}”（{field}）至少需要 {limit} 项",
        "{field} needs at least {limit} item(s)",
    ),
    "to-fill-in": Rule(
        E,
        "“{title}”（{field}）待填写：请把占位符换成{what}",
        "{field} is still to fill in ({what}): replace the placeholder",
    ),
    "empty-text": Rule(E, "“{title}”（{field}）不能为空", "{field} must not be empty"),
    "code-mangled": Rule(
        E,
        "编码“{value}”像是被电子表格变成了数字（小数或科学计数法）：请加引号写出原编码",
        "code '{value}' looks turned into a number by a spreadsheet: quote the original code",
    ),
    "framework-unknown": Rule(
        E,
        "未知的绩效指标体系“{value}”；可用的有：{available}",
        "unknown indicator framework '{value}'; available: {available}",
    ),
    "framework-invalid": Rule(
        E,
        "指标体系文件格式不对：应有 level1 列表，每项含 name 和 level2（name、expects）",
        "malformed framework file: expected level1 items with name and level2 (name, expects)",
    ),
    # Identities of a disclosure.
    "sum-mismatch": Rule(
        E,
        "{what_zh}：原文为 {stated}，按各项计算应为 {computed}，相差 {difference}{tolerance_zh}",
        "{what_en}: stated {stated}, the parts add up to {computed}, a difference of "
        "{difference}{tolerance_en}",
    ),
    "unbalanced": Rule(
        E,
        "收入合计 {revenue} 与支出合计 {expenditure} 不相等，相差 {difference}{tolerance_zh}",
        "revenue total {revenue} does not equal expenditure total {expenditure} "
        "(difference {difference}){tolerance_en}",
    ),
    "rounding-difference": Rule(
        W,
        "{what_zh}：原文为 {stated}，按各项计算为 {computed}，相差 {difference}，"
        "在四舍五入容许尾差 {allowed} 之内，但读者看到的表不平；"
        "docgen 按精确数生成时可用最大余额法取整，使各项之和等于合计",
        "{what_en}: stated {stated}, the parts add up to {computed}, a difference of "
        "{difference} within the rounding allowance {allowed}, yet a reader sees figures that "
        "do not add up; rendering from exact figures, docgen can round by largest remainder so "
        "the parts add up to the total",
    ),
    "profile-unknown": Rule(
        E,
        "公开格式“{value}”无法使用：{reason}",
        "the profile '{value}' cannot be used: {reason}",
    ),
    "classification-unknown": Rule(
        E,
        "{kind}中没有编码 {value}（{year}年科目表）；同级的科目有：{known}",
        "{value} is not a code of the {year} {kind}; codes at that level include: {known}",
    ),
    "classification-unlisted": Rule(
        W,
        "编码 {value} 不在 docgen 所带的{year}年{kind}中（该级科目未完整收录），无法核对",
        "{value} is not in docgen's {year} {kind} (that level is not listed in full): not checked",
    ),
    "classification-retired": Rule(
        E,
        "编码 {value}（{name}）见于{last}年的{kind}，{year}年已不再使用",
        "{value} ({name}) is in the {last} {kind} but no longer in the {year} one",
    ),
    "classification-retired-unconfirmed": Rule(
        W,
        "编码 {value}（{name}）见于{last}年的{kind}，docgen 所带的{year}年科目表中没有"
        "（该级未完整收录）：可能已停用，请核对",
        "{value} ({name}) is in the {last} {kind} but not in docgen's {year} list (that level "
        "is not listed in full): it may have been retired; check it",
    ),
    "classification-name": Rule(
        E,
        "编码 {listed} 在{year}年{kind}中的名称是“{expected}”，不是“{value}”",
        "in the {year} {kind}, {listed} is named '{expected}', not '{value}'",
    ),
    "tables-line-duplicate": Rule(
        E,
        "功能分类 {value} 的同一资金来源已在 {first} 填写过一行：请合并",
        "{value} with the same funding source already has a line at {first}: merge them",
    ),
    "department-tables-mismatch": Rule(
        E,
        "部门公开表“{what_zh}”：部门填写 {stated}，各单位之和为 {units}，相差 {difference}",
        "the department's table line {what_en}: it states {stated}, its units add up to {units}, "
        "a difference of {difference}",
    ),
    "department-no-units": Rule(
        E,
        "部门文件既未列出所属单位文件（units:），也未给出部门汇总公开表（tables:）：二者至少写一项",
        "the department file names no unit files (units:) and gives no consolidated tables "
        "(tables:) of its own: give one of them",
    ),
    "department-natures": Rule(
        E,
        "部门列出了所属单位文件，各单位的单位性质写在其单位文件中（unit: nature:），"
        "不在部门文件中另写：请删去 natures",
        "the department names its unit files, so each unit's nature is stated in its own file "
        "(unit: nature:), not in the department file: remove natures",
    ),
    "department-units-mismatch": Rule(
        E,
        "{what_zh}：部门为 {stated}，各单位之和为 {computed}，相差 {difference}{tolerance_zh}",
        "{what_en}: the department's is {stated}, its units' rows add up to {computed}, "
        "a difference of {difference}{tolerance_en}",
    ),
    "department-own-figures": Rule(
        E,
        "部门列出了所属单位文件，其“{key}”是各单位之和，不在部门文件中另写："
        "请删去此项（部门写明的合计写在 stated: 下）",
        "the department names its unit files, so its '{key}' is their sum and not stated in the "
        "department file: remove it (totals the department prints go under stated:)",
    ),
    "tables-text-mismatch": Rule(
        E,
        "{what_zh}：情况说明为 {stated}，公开表各行合计 {computed}，"
        "相差 {difference}{tolerance_zh}",
        "{what_en}: the text states {stated}, the tables' lines add up to {computed}, a "
        "difference of {difference}{tolerance_en}",
    ),
    "table-cell-mismatch": Rule(
        E,
        "{what_zh}：原表为 {stated}，按各行计算应为 {computed}，相差 {difference}{tolerance_zh}",
        "{what_en}: printed {stated}, the lines add up to {computed}, a difference of "
        "{difference}{tolerance_en}",
    ),
    "table-cell-unknown": Rule(
        E,
        "{table}没有“{row}”行的“{column}”栏：请核对编码和栏目",
        "{table} has no cell in row {row}, column {column}: check the code and the column",
    ),
    "economic-mismatch": Rule(
        E,
        "{what_zh}：按功能分类为 {function}，按经济分类（{classes}）为 {economic}，相差 "
        "{difference}",
        "{what_en}: {function} by function, {economic} by economic class ({classes}), a "
        "difference of {difference}",
    ),
    "three-public-economic": Rule(
        E,
        "经济分类 {economic} 为 {amount}，超过“三公”经费中的{item_zh} {cap}",
        "economic class {economic} is {amount}, more than the 三公 item {item_en} ({cap})",
    ),
    "operating-exceeds-economic": Rule(
        E,
        "机关运行经费 {operating} 超过一般公共预算基本支出表的公用经费 {public}",
        "the operating costs {operating} exceed the running costs {public} of the basic "
        "expenditure table",
    ),
    "part-exceeds-whole": Rule(
        E,
        "{part_zh} {amount} 超过{whole_zh} {limit}",
        "{part_en} ({amount}) exceeds {whole_en} ({limit})",
    ),
    "change-word-amount": Rule(
        E,
        "{what_zh}比上年：原文用词“{word}”与变化金额 {amount} 不符",
        "{what_en} vs last year: the word '{word}' does not match the stated amount {amount}",
    ),
    "change-mismatch": Rule(
        E,
        "{what_zh}比上年：原文为{word}{stated}，按两年数字计算应为{computed_word}{computed}，"
        "相差 {difference}",
        "{what_en} vs last year: stated {word_en}{stated}, the two years give {computed_word} "
        "{computed} (difference {difference})",
    ),
    "change-word-mismatch": Rule(
        E,
        "{what_zh}比上年：原文用词“{word}”与实际变化 {delta} 不符，应为“{computed_word}”",
        "{what_en} vs last year: the word '{word}' does not match the change {delta}; "
        "expected '{computed_word}'",
    ),
    "change-percent-mismatch": Rule(
        E,
        "{what_zh}比上年变化率：原文为 {stated}%，计算为 {computed_zh}",
        "{what_en} change vs last year: stated {stated}%, computed {computed_en}",
    ),
    "missing-reason": Rule(
        E,
        "{what_zh}比上年{word}{amount}，须说明原因：请补上 {path}，即在 {parent} 下写“{example}”",
        "{what_en} changed by {delta} vs last year: a reason is required: add {path}, "
        "under {parent}: '{example}'",
    ),
    "reason-incomplete": Rule(
        E,
        "原因说明不完整：“{value}”后面没有写出原因",
        "incomplete reason: nothing follows '{value}'",
    ),
    "source-overspent": Rule(
        E,
        "由“{source_zh}”安排的项目合计 {used}，超过该来源收入 {available}，超出 {difference}",
        "projects financed from {source_en} total {used}, more than its revenue {available} "
        "(by {difference})",
    ),
    "project-code-duplicate": Rule(
        E,
        "项目编码“{value}”重复：{first} 已经使用",
        "project code '{value}' is used twice: first at {first}",
    ),
    "project-name-duplicate": Rule(
        W,
        "项目名称“{value}”重复：{first} 已经使用",
        "project name '{value}' is used twice: first at {first}",
    ),
    "project-code-foreign": Rule(
        W,
        "项目编码“{value}”不以区划代码和年度“{expected}”开头：可能是其他年度或其他县区的项目",
        "project code '{value}' does not begin with division code and year '{expected}': "
        "it may belong to another year or county",
    ),
    "plan-decreasing": Rule(
        E,
        "资金支出计划不能倒退：{previous_label_zh} {previous}% 之后，{label_zh} 为 {value}%",
        "the spending plan goes backwards: {previous}% by {previous_label_en}, then {value}% by "
        "{label_en}",
    ),
    "plan-checkpoint-foreign": Rule(
        E,
        "资金支出计划的时点按省份格式为 {expected_zh}，没有{label_zh}：把 {value}% 写在相应时点下",
        "the spending plan's checkpoints in this profile are {expected_en}, not {label_en}: "
        "give the {value}% under one of them",
    ),
    "plan-incomplete": Rule(
        E,
        "资金支出计划到{label_zh}应为 100%，实际为 {value}",
        "the spending plan must reach 100% by the end of {label_en}; found {value}",
    ),
    "date-invalid": Rule(
        E,
        "“{value}”不是有效日期（应为 年-月-日，如 2020-12-31）",
        "'{value}' is not a date (use year-month-day, 2020-12-31)",
    ),
    "assets-category-missing": Rule(
        E,
        "国有资产表缺少“{category_zh}”：写了资产总额或某一类别时，房屋、车辆、其他固定资产都要写"
        "（没有的写 0，或把整个国有资产部分列入 not_given）",
        "the asset table lacks {category_en}: once the total or a category is given, buildings, "
        "vehicles and other fixed assets are all needed (0 where there is none, or list the "
        "whole asset section under not_given)",
    ),
    "vehicles-by-use-mismatch": Rule(
        E,
        "{what_zh}按用途分合计 {computed} 辆，与车辆数 {stated} 辆不符",
        "{what_en} by use add up to {computed}, not the {stated} vehicles stated",
    ),
    "office-exceeds-buildings": Rule(
        E,
        "其中{office_zh}{what_zh}（{office}）超过{buildings_zh}{what_zh}（{buildings}）",
        "{office_en} {what_en} ({office}) exceeds {buildings_en} {what_en} ({buildings})",
    ),
    "operating-outside-natures": Rule(
        E,
        "单位性质为{nature}，按公开格式只有{natures}单位安排机关运行经费，应说明无机关运行经费，"
        "此处却为 {amount}：写 0，或把 operating_costs 列入 not_given，"
        "或在公开格式的 operating_costs_stated_by 中列出{nature}",
        "a unit of nature {nature} states no 机关运行经费 in this profile (only {natures} units "
        "do), yet {amount} is stated: state 0, or name operating_costs under not_given, or name "
        "{nature} in the profile's operating_costs_stated_by",
    ),
    "operating-exceeds-public": Rule(
        E,
        "机关运行经费 {operating} 超过公用经费 {public}",
        "operating costs {operating} exceed public spending {public}",
    ),
    "procurement-price-mismatch": Rule(
        W,
        "数量 × 单价 = {computed}，与采购金额 {stated} 不符",
        "quantity × unit price = {computed}, but the line amount is {stated}",
    ),
    "placeholder": Rule(
        E,
        "文本中留有未完成的占位符“{placeholder}”",
        "unfinished placeholder '{placeholder}' left in the text",
    ),
    # A department and its units.
    "department-unit-missing": Rule(E, "找不到单位文件“{value}”", "unit file '{value}' not found"),
    "department-unit-outside": Rule(
        E,
        "单位文件“{value}”必须位于部门文件所在的文件夹内",
        "unit file '{value}' must lie inside the department file's folder",
    ),
    "department-unit-duplicate": Rule(
        E,
        "单位“{value}”重复列出：{first} 已经列过",
        "unit '{value}' is listed twice: first at {first}",
    ),
    "department-unit-kind": Rule(
        E, "“{value}”不是单位文件（kind 应为 unit）", "'{value}' is not a unit source (kind: unit)"
    ),
    "department-unit-year": Rule(
        E,
        "单位文件“{value}”的年度 {unit_year} 与部门年度 {year} 不一致",
        "unit file '{value}' is for {unit_year}, the department for {year}",
    ),
    "department-unit-money": Rule(
        E,
        "单位文件“{value}”的金额单位为{unit_money}，部门的第一个单位为{money}：部门的表把各单位的数字"
        "相加，请统一金额单位（amount_unit）",
        "unit file '{value}' states its figures in {unit_money}, the department's first unit in "
        "{money}: the department's tables add its units' figures up, so state them in one money "
        "unit (amount_unit)",
    ),
    "department-money": Rule(
        E,
        "部门的金额单位（amount_unit）为{value}，其第一个单位文件“{unit}”为{money}：部门写明的合计"
        "（stated:）按其单位的金额单位读取，请写{money}或删去 amount_unit",
        "the department names its money unit {value}, its first unit file '{unit}' states its "
        "figures in {money}: the department's stated totals are read in its units' money unit, "
        "so write {money} or leave amount_unit out",
    ),
    "department-unit-scope": Rule(
        E,
        "部门按全文公开（scope: full），单位文件“{value}”却只有项目绩效（scope: performance）",
        "the department is published in full, but unit file '{value}' has only project targets",
    ),
    "department-unit-parent": Rule(
        W,
        "单位的主管部门写作“{value}”，与部门名称“{department}”不一致",
        "the unit names its department '{value}', the department file '{department}'",
    ),
    # A county: its departments, and the checks across all its files.
    "county-file-kind": Rule(
        E,
        "{value} 应是县级文件（kind: county）",
        "{value} should be the county file (kind: county)",
    ),
    "county-department-missing": Rule(
        E, "找不到部门文件“{value}”", "department file '{value}' not found"
    ),
    "county-department-outside": Rule(
        E,
        "部门文件“{value}”必须位于县级文件所在的文件夹内",
        "department file '{value}' must lie inside the county file's folder",
    ),
    "county-department-kind": Rule(
        E,
        "“{value}”不是部门文件（kind 应为 department）",
        "'{value}' is not a department source (kind: department)",
    ),
    "county-department-duplicate": Rule(
        E,
        "部门文件“{value}”重复列出：{first} 已经列过",
        "department file '{value}' is listed twice: first at {first}",
    ),
    "county-department-unlisted": Rule(
        E,
        "部门“{value}”不在县级文件 {county} 的 departments 中：请列出它，或把它移出本县文件夹",
        "department '{value}' is not listed in the county file {county}: list it there, or "
        "move it out of the county's folder",
    ),
    "county-year": Rule(
        E,
        "“{value}”的年度 {year_of} 与县级文件的年度 {year} 不一致",
        "'{value}' is for {year_of}, the county file for {year}",
    ),
    "county-code-duplicate": Rule(
        E,
        "编码“{value}”在全县重复：{first} 已经用过（输出文件会相互覆盖）",
        "code '{value}' is used twice in the county: first at {first} (the outputs would "
        "overwrite each other)",
    ),
    "county-unit-orphan": Rule(
        E,
        "单位“{value}”不属于任何部门：请在其部门文件的 units 中列出它",
        "unit '{value}' belongs to no department: list it in its department file's units",
    ),
    "county-unit-shared": Rule(
        E,
        "单位文件“{value}”已由 {first} 列出：每个单位只能属于一个部门",
        "unit file '{value}' is already listed by {first}: a unit belongs to one department",
    ),
    # Last year's figures read from last year's source.
    "last-year-source-unreadable": Rule(
        E,
        "无法读取上年源文件“{value}”：{reason}",
        "cannot read last year's source '{value}': {reason}",
    ),
    "last-year-source-invalid": Rule(
        E,
        "上年源文件“{value}”有 {count} 个错误，不能取用其数字：请先核对该文件",
        "last year's source '{value}' has {count} errors; its figures cannot be used: check it",
    ),
    "last-year-source-scope": Rule(
        E,
        "上年源文件只有项目绩效（scope: performance），没有基本支出：请写明上年数字",
        "last year's source has only project targets (scope: performance), no basic "
        "expenditure: write last year's figures here",
    ),
    "last-year-source-mismatch": Rule(
        E,
        "{what_zh}写作 {value}，与上年源文件 {source} 的 {read} 不一致",
        "{what_en} is written as {value}, but last year's source {source} gives {read}",
    ),
    "last-year-source-unit": Rule(
        W,
        "上年源文件是单位 {value} 的，本文件是单位 {code}：请确认没有选错文件",
        "last year's source is for unit {value}, this file for {code}: check it is the right file",
    ),
    # Indicator rows (绩效指标).
    "indicator-level1-unknown": Rule(
        E,
        "一级指标“{value}”不在指标体系“{framework}”中；可用的有：{allowed}",
        "first-level indicator '{value}' is not in framework '{framework}'; allowed: {allowed}",
    ),
    "indicator-pair-unknown": Rule(
        E,
        "一级指标“{level1}”下没有二级指标“{value}”（指标体系“{framework}”）；可用的有：{allowed}",
        "'{value}' is not a second-level indicator of '{level1}' in framework '{framework}'; "
        "allowed: {allowed}",
    ),
    "indicator-level1-missing": Rule(
        W, "项目没有“{level1}”类指标", "the project has no indicator under '{level1}'"
    ),
    "indicator-order": Rule(
        W,
        "指标行顺序与指标体系不一致：“{value}”应排在“{after}”之前",
        "indicator rows out of framework order: '{value}' belongs before '{after}'",
    ),
    "indicator-basis-missing": Rule(
        E,
        "指标值确定依据为空：请填写 basis，或为整个项目填写 indicator_basis",
        "no basis for this indicator value: give basis, or indicator_basis for the project",
    ),
    "indicator-duplicate": Rule(
        W, "与第 {first_line} 行的指标完全重复", "duplicates the indicator on line {first_line}"
    ),
    "indicator-value-unparseable": Rule(
        W,
        "指标值“{value}”无法识别：{level2}的指标值应为“[比较符 ≥ ≤ = > <]数值[单位]”"
        "（如 {examples_zh}），或以这些定性表述结尾：{wordings_zh}",
        "indicator value '{value}' is not understood: a value of {level2} is "
        "'[comparator ≥ ≤ = > <] number [unit]' ({examples_en}) or ends in one of these "
        "qualitative targets: {wordings_en}",
    ),
    "indicator-unit-ratio": Rule(
        W,
        "“比率”不是计量单位：“{value}”应写作“{suggestion}”",
        "'比率' is not a unit: write '{suggestion}' instead of '{value}'",
    ),
    "indicator-unit-unknown": Rule(
        W,
        "指标值“{value}”的单位“{unit}”不常见，请核对",
        "indicator value '{value}' has an unusual unit '{unit}'",
    ),
    "indicator-unit-implausible": Rule(
        W,
        "{level2}的指标值“{value}”通常应为{expected_zh}",
        "a {level2} value '{value}' should normally be {expected_en}",
    ),
    "indicator-cost-comparator": Rule(
        W,
        "成本指标“{value}”应使用 ≤（不超过），而不是 {comparator}",
        "cost target '{value}' should use ≤ (at most), not {comparator}",
    ),
    "indicator-cost-over-budget": Rule(
        W,
        "成本指标“{value}”折合全年 {annual} 万元，超过项目预算数 {budget} 万元",
        "cost target '{value}' comes to {annual} 万元 a year, above the project budget {budget}",
    ),
    "indicator-cost-one-over-budget": Rule(
        W,
        "成本指标“{value}”：每{per}即 {amount} 万元，超过项目预算 {budget} 万元",
        "cost target '{value}': one {per} alone comes to {amount} 万元, above the project "
        "budget {budget}",
    ),
    "indicator-number-implausible": Rule(
        W,
        "指标值“{value}”不少于 {limit}，不可能达到：请检查是否多打了数字",
        "indicator value '{value}' is {limit} or more, beyond reach: check for extra digits",
    ),
    "indicator-satisfaction-unreachable": Rule(
        W,
        "满意度指标“{value}”无法达成或方向错误：应为 ≥ 一个小于 100 的百分比（如 ≥95%）",
        "satisfaction target '{value}' is unreachable or points the wrong way: use ≥ a "
        "percentage below 100 (≥95%)",
    ),
    "indicator-percent-over-100": Rule(
        W, "指标值“{value}”超过 100%", "indicator value '{value}' is above 100%"
    ),
    # Rendering and writing.
    "font-missing": Rule(
        E,
        "找不到配置的字体（{fonts}）：请安装 fonts-noto-cjk，或运行 docgen doctor 查看缺少什么",
        "none of the configured fonts ({fonts}) is installed: install fonts-noto-cjk, or run "
        "docgen doctor to see what is missing",
    ),
    "font-missing-glyph": Rule(
        E,
        "字符“{char}”（{codepoint}）不在配置的字体（{fonts}）中，PDF 中会显示为方框："
        "请改用常用字或安装含此字的字体",
        "the character '{char}' ({codepoint}) is in none of the configured fonts ({fonts}) and "
        "would print as a box: use another character or install a font that has it",
    ),
    "render-warning": Rule(
        E,
        "生成 {format} 时出现问题：{problem}",
        "a problem while making the {format}: {problem}",
    ),
    "render-failed": Rule(
        E,
        "无法生成 {format}（排版出错：{problem}）：其他单位不受影响；请带上此信息报告此问题",
        "could not make the {format} (the typesetter stopped: {problem}); other units are not "
        "affected: please report this message",
    ),
    "template-refused": Rule(
        E,
        "模板 {path} 不是普通文件（而是链接、文件夹或设备），未使用：请放入文件本身",
        "the template {path} is not a regular file (a link, a folder or a device); not used: put "
        "the file itself there",
    ),
    "pdf-standard-unmet": Rule(
        W,
        "PDF 未能符合 PDF/UA-1 与 PDF/A-2a（{problem}）：已生成不带此声明的带标签 PDF",
        "the PDF cannot meet PDF/UA-1 and PDF/A-2a ({problem}): it was made tagged, without "
        "claiming them",
    ),
    "render-crashed": Rule(
        E,
        "生成时 docgen 内部出错（{reason}）：其他单位不受影响；请带上 --debug 的输出报告此问题",
        "docgen failed while rendering ({reason}); other units are not affected: please report "
        "this with the output of --debug",
    ),
    "nothing-to-render": Rule(
        E,
        "没有可生成的文件：所选格式（{formats}）都不适用于此文件。XLSX 工作簿只含部门预算公开表，"
        "开放数据只含公开表和项目的数字，而来源没有 tables:（公开表由它算出），也没有项目：请加入"
        "它们，或选择其他格式",
        "nothing to make: none of the formats asked ({formats}) applies to this document. The "
        "XLSX workbook holds only the standard public tables, which come from the source's "
        "tables:, and the open data those and the projects' figures, of which it has none: add "
        "them, or choose another format",
    ),
    "output-unwritable": Rule(
        E,
        "无法写入输出文件 {path}：{reason}",
        "cannot write the output file {path}: {reason}",
    ),
    # The output folder's manifest: a cache, never trusted.
    "manifest-damaged": Rule(
        W,
        "构建记录（docgen-manifest.json）已损坏（{reason}），已弃用：全部重新生成",
        "the build record (docgen-manifest.json) is damaged ({reason}) and was discarded: "
        "everything is built again",
    ),
    "manifest-path-outside": Rule(
        W,
        "构建记录中 {slug} 的路径“{value}”不在输出文件夹或源文件夹内，已弃用该记录，不会删除该路径",
        "the build record of {slug} names '{value}', outside the output or source folder: the "
        "record was dropped and nothing there is deleted",
    ),
    "manifest-record-edited": Rule(
        W,
        "构建记录中 {slug} 的内容与其校验值不符（被手工修改过？），已弃用：重新生成",
        "the build record of {slug} does not match its seal (edited by hand?) and was dropped: "
        "it is built again",
    ),
}


def make_finding(code: str, loc: Location, value: str = "", **params: str) -> Finding:
    """A finding of a catalogued rule; an unknown code is a programming error."""
    rule = RULES[code]
    return Finding(code, rule.severity, loc, tuple(sorted(params.items())), value)


def recode(finding: Finding, code: str) -> Finding:
    """The same finding under a more precise rule of the same parameters (a sum that is a
    table's cell, not a 情况说明's total)."""
    return dataclasses.replace(finding, code=code, severity=RULES[code].severity)


def render_message(finding: Finding, lang: str) -> str:
    rule = RULES[finding.code]
    template = rule.zh if lang == "zh" else rule.en
    return template.format_map(_Params(finding.args, finding.value))


class _Params(dict[str, str]):
    """Message parameters; `value` defaults to the finding's value, absent hints to nothing."""

    def __init__(self, params: dict[str, str], value: str) -> None:
        super().__init__({"value": value, **params})

    def __missing__(self, key: str) -> str:
        if key.startswith(("hint_", "tolerance_")):
            return ""
        raise KeyError(key)

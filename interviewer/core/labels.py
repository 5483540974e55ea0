"""Words the reports and screens share, in both languages."""

from __future__ import annotations

from interviewer.core.text import I18n, Lang

TIER = {
    "fail": I18n("不合格", "Fail"),
    "compliant": I18n("达标", "Compliant (达标)"),
    "three_star": I18n("三星", "Three-star"),
    "four_star": I18n("四星", "Four-star"),
    "five_star": I18n("五星", "Five-star"),
}
STATUS = {
    "met": I18n("符合", "met"),
    "partial": I18n("部分符合", "partly met"),
    "not_met": I18n("不符合", "not met"),
    "open": I18n("未知", "unknown"),
    "excluded": I18n("不适用", "excluded"),
}
EFFORT = {"low": I18n("小", "low"), "medium": I18n("中", "medium"), "high": I18n("大", "high")}
PROVENANCE = {
    "verified": I18n("标准原文（已核实）", "verified"),
    "paraphrased": I18n("认证机构转述", "paraphrased"),
    "certifier_list": I18n("认证机构条款清单", "certifier clause list"),
    "inferred": I18n("推断（标准未公开）", "inferred"),
}
DEDUCTION_KIND = {
    "a": I18n("违反国家法律法规", "breach of national law or regulation"),
    "b": I18n("违反企业自身服务规范", "breach of the company's own service rules"),
    "c": I18n("违反行业专业要求", "breach of industry-specific requirements"),
    "d": I18n("影响服务体系运行", "affects the operation of the service system"),
}
SECTION = {
    "profile": I18n("企业概况", "About your business"),
    "eligibility": I18n("申请资格", "Eligibility"),
    "special": I18n("特别扣分与加分", "Special deductions and bonus"),
}
STAR_NOTE = I18n(
    "认证实践：企业通常先获得“达标”，一年后才评星级（成绩特别突出的除外）。",
    "Certification practice: a company is usually rated 达标 first and gets a star tier a year later, "
    "unless its results are outstanding.",
)
DEDUCTION_WARNING = I18n(
    "已有 4 项特别扣分：再多一项（共 5 项）就直接判定不合格。",
    "4 special deductions already: one more (5 in all) fails the evaluation outright.",
)
ROBUSTNESS = {
    "robust": I18n(
        "稳定：各条款权重上下浮动30%，星级不变",
        "robust: the tier holds with every item weight moved ±30%",
    ),
    "depends_on_weighting": I18n(
        "取决于权重：条款权重上下浮动30%时星级会变化",
        "depends on weighting: moving item weights ±30% changes the tier",
    ),
    "not_applicable": I18n("还没有可计分的回答", "nothing scored yet"),
}


def tier(name: str, lang: Lang) -> str:
    return TIER[name].get(lang)


def t(lang: Lang, zh: str, en: str) -> str:
    return en if lang == "en" else zh

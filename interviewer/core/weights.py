"""Weight profiles: a certifier's item points in place of the bank's estimated split, and which
weights score a given session.

A session keeps the profile it was answered with, points included, so `report`, `compare`,
`checklist`, `class-report` and `sessions` score it the same way without repeating `--weights`, and
say so when the profile file is missing or has changed since.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from fractions import Fraction

from interviewer.core.bank import Bank, WeightInfo
from interviewer.core.bankload import check_totals, parse_points
from interviewer.core.errors import BankError
from interviewer.core.session import Session
from interviewer.core.text import I18n, Lang


def apply_profile(bank: Bank, data: bytes, name: str, sha256: str) -> Bank:
    """Replace item points from a weight profile file, keeping the group totals (else BankError)."""
    from interviewer.core import validation, yamlsafe  # the YAML parser only when a file is read

    doc = yamlsafe.load(yamlsafe.decode(data, name), name)
    if not isinstance(doc.data, dict):
        raise BankError(f"{name}:1:1: expected a mapping with weights_for, name and points")
    problems = validation.problems(
        "weights.schema.json", doc.data, doc.where, lambda p: doc.raw.get(p)
    )
    if problems:
        raise BankError(problems)
    if doc.data["weights_for"] != bank.id:
        raise BankError(
            f"{doc.where(('weights_for',))}: this profile is for bank "
            f"'{doc.data['weights_for']}', not '{bank.id}'"
        )
    points = {k: parse_points(v) for k, v in doc.data["points"].items()}
    unknown = [
        f"{doc.where(('points', i))}: unknown item '{i}'" for i in points if not bank.has_item(i)
    ]
    if unknown:
        raise BankError(unknown)
    label = doc.data["name"]
    info = WeightInfo(
        I18n(str(label["zh"]), str(label["en"])) if isinstance(label, dict) else I18n.of(label),
        str(doc.data.get("source", "")),
        sha256,
        name,
    )
    return with_points(bank, points, info, lambda _g: doc.where(("points",)))


def with_points(
    bank: Bank,
    points: Mapping[str, Fraction],
    info: WeightInfo,
    where: Callable[[str], str] = lambda _g: "weights",
) -> Bank:
    items = tuple(dataclasses.replace(i, points=points.get(i.id, i.points)) for i in bank.items)
    weighted = dataclasses.replace(bank, items=items, weights=info)
    problems = check_totals(weighted, where)
    if problems:
        raise BankError(problems)
    return weighted


Read = Callable[[str], bytes | None]
"""Reads a profile file by its recorded path; None when it is missing or unreadable."""


def for_session(
    bank: Bank,
    session: Session,
    explicit: bool,
    read: Read,
    sha256: Callable[[bytes], str],
    lang: Lang | None = None,
) -> tuple[Bank, list[str]]:
    """The bank to score `session` with, and what to tell the user about its weights (in `lang`,
    else the session's language).

    `bank` carries the weights given on this command line (`explicit`), or none."""
    lang = lang or session.language
    w = session.weights
    if explicit:
        if w is not None and bank.weights is not None and w.sha256 != bank.weights.sha256:
            return bank, [_say(lang, "override", w.path, bank.weights.path)]
        return bank, []
    if w is None:
        return bank, []
    data = read(w.path)
    state = "missing" if data is None else "same" if sha256(data) == w.sha256 else "changed"
    if w.points is not None:
        info = WeightInfo(I18n.of(w.name), w.source, w.sha256, w.path)
        try:
            weighted = with_points(bank, w.points, info)
        except BankError:
            return bank, [_say(lang, "unfit", w.path)]
        return weighted, [] if state == "same" else [_say(lang, state, w.path)]
    if data is None:  # a file from before sessions kept the points
        return bank, [_say(lang, "lost", w.path)]
    try:
        weighted = apply_profile(bank, data, w.path, sha256(data))
    except BankError:
        return bank, [_say(lang, "unfit", w.path)]
    return weighted, [] if state == "same" else [_say(lang, "changed_reread", w.path)]


def _say(lang: Lang, what: str, path: str, other: str = "") -> str:
    zh, en = {
        "override": (
            f"这次按命令行给的权重文件 {other} 计分，而不是答题时用的 {path}。",
            f"Scored with the weight profile given on the command line ({other}), not the one the "
            f"session was answered with ({path}).",
        ),
        "missing": (
            f"答题时用的权重文件 {path} 已不存在；按会话里保存的权重计分。",
            f"The weight profile {path} used when answering is gone; scored with the weights "
            "saved in the session.",
        ),
        "changed": (
            f"权重文件 {path} 在答题之后被改过；仍按答题时（会话里保存）的权重计分。",
            f"The weight profile {path} changed after the session was answered; scored with the "
            "weights saved in the session, as answered.",
        ),
        "changed_reread": (
            f"权重文件 {path} 在答题之后被改过；按它现在的内容计分。",
            f"The weight profile {path} changed after the session was answered; scored with its "
            "current contents.",
        ),
        "lost": (
            f"答题时用的权重文件 {path} 已不存在，会话里也没有保存权重；按本工具估计的权重计分。",
            f"The weight profile {path} used when answering is gone and this older session did not "
            "keep its points: scored with the tool's estimated weights.",
        ),
        "unfit": (
            f"权重文件 {path} 的分值与现在的题库对不上；按本工具估计的权重计分。",
            f"The weights of {path} do not fit the current bank; scored with the tool's estimated "
            "weights.",
        ),
    }[what]
    return en if lang == "en" else zh

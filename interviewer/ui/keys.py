"""The key hints in the interface language: every binding is described in Chinese where it is
declared; `speak` gives a screen (or the app) the English words when the interface is English,
and the Chinese back, so a hint never mixes the two ("返回 Back")."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from interviewer.core.text import Lang

EN: dict[str, str] = {
    "退出": "Quit",
    "续答码": "Code",
    "帮助": "Help",
    "为什么": "Why",
    "跳过": "Skip",
    "上一题": "Back",
    "备注": "Note",
    "题目列表": "Questions",
    "报告": "Report",
    "中英切换": "Language",
    "不确定": "Unsure",
    "进度": "Progress",
    "返回": "Back",
    "重置假设": "Reset what-if",
    "关闭": "Close",
    "保存": "Save",
    "取消": "Cancel",
    "继续": "Continue",
    "去修改": "Jump and fix",
    "稍后": "Later",
}

TEXTUAL_ZH: dict[str, str] = {
    "Focus Next": "下一项",
    "Focus Previous": "上一项",
    "Copy selected text": "复制所选文字",
    "Quit": "退出",
}
"""Textual's own screen keys, which it describes in English."""


def words(description: str, lang: Lang) -> str:
    if lang == "en":
        return EN.get(description, description)
    return TEXTUAL_ZH.get(description, description)


def speak(node: DOMNode, lang: Lang) -> None:
    """Describe `node`'s own key bindings in `lang` (from the Chinese its class declares)."""
    declared = type(node)._merged_bindings
    if declared is None:
        return
    spoken = BindingsMap()
    spoken.key_to_bindings = {
        key: [replace(b, description=words(b.description, lang)) for b in bindings]
        for key, bindings in declared.key_to_bindings.items()
    }
    node._bindings = spoken
    node.refresh_bindings()

"""Small dialogs: the jump list, the note editor and the end-of-section recap."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from interviewer.core import engine, labels
from interviewer.core.bank import Bank
from interviewer.core.labels import t
from interviewer.core.session import Session
from interviewer.core.text import Lang, printable
from interviewer.ui.keys import speak


def jump_rows(bank: Bank, session: Session) -> list[tuple[str, str]]:
    """Every current question with its state: ✓ answered, · open, ? unsure, ↷ set aside, ∅ not applicable."""
    lang = session.language
    rows = []
    for q in engine.visible(bank, session):
        a = session.answers.get(q.id)
        mark = (
            "·"
            if a is None
            else "↷"
            if a.status == "skipped"
            else "∅"
            if a.status == "na"
            else "?"
            if a.unsure
            else "✓"
        )
        item = bank.item_of(q)
        where = item.id if item else labels.SECTION[q.section].get(lang)  # no bare internal ids
        rows.append((q.id, f"{mark} {where:<10} {q.text.get(lang)}"))
    return rows


class JumpList(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "关闭")]

    def __init__(self, bank: Bank, session: Session) -> None:
        super().__init__()
        self.rows = jump_rows(bank, session)
        self.lang = session.language
        speak(self, self.lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                Content(
                    t(
                        self.lang,
                        "全部问题（✓已答 ·未答 ?不确定 ↷跳过 ∅不适用）— 回车跳转，Esc 关闭",
                        "All questions (✓ answered · open ? unsure ↷ set aside ∅ n/a) — Enter to go, Esc to close",
                    )
                )
            )
            yield OptionList(
                *[Option(Content(printable(text)), id=qid) for qid, text in self.rows],
                id="jump-list",
                markup=False,
            )

    def on_mount(self) -> None:
        lst = self.query_one(OptionList)
        first_open = next((n for n, (_, text) in enumerate(self.rows) if text[0] in "·↷"), 0)
        lst.highlighted = first_open
        lst.focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class NoteEditor(ModalScreen[str | None]):
    """Multi-line note. Enter makes a new line (so confirming an input-method candidate never sends a
    half-written note); Ctrl+S or the button saves."""

    BINDINGS = [Binding("ctrl+s", "save", "保存"), Binding("escape", "dismiss(None)", "取消")]

    def __init__(self, name: str, text: str, lang: Lang) -> None:
        super().__init__()
        self.about, self.text, self.lang = name, text, lang
        speak(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                Content(
                    t(
                        self.lang,
                        f"“{self.about}”的备注（Ctrl+S 保存，Esc 取消）",
                        f"Note on “{self.about}” (Ctrl+S saves, Esc cancels)",
                    )
                )
            )
            yield TextArea(self.text, id="note-text", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button(t(self.lang, "保存备注", "Save note"), id="save", variant="primary")
                yield Button(t(self.lang, "取消", "Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)


class RecapModal(ModalScreen[bool]):
    BINDINGS = [
        Binding("enter", "dismiss(False)", "继续"),
        Binding("j", "dismiss(True)", "去修改"),
        Binding("escape", "dismiss(False)", "继续"),
    ]

    def __init__(self, text: str, lang: Lang) -> None:
        super().__init__()
        self.text, self.lang = text, lang
        speak(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(printable(self.text)), id="recap-text")
            with Horizontal(classes="buttons"):
                yield Button(
                    t(self.lang, "确认，继续 (Enter)", "Looks right, continue (Enter)"),
                    id="go",
                    variant="primary",
                )
                yield Button(t(self.lang, "去修改 (J)", "Jump and fix (J)"), id="fix")

    def on_mount(self) -> None:
        self.query_one("#go", Button).focus()

    @on(Button.Pressed, "#go")
    def go(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#fix")
    def fix(self) -> None:
        self.dismiss(True)

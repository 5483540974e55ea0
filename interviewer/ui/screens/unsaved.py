"""The two dialogs that keep acknowledged answers from being lost: quitting while an answer is held
in memory only (its save failed), and opening a session that has a recovery file beside it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from interviewer.core.labels import t
from interviewer.core.terminal import safe
from interviewer.core.text import Lang
from interviewer.ui.keys import speak

QUIT_CHOICES = ("again", "saveas", "quit")


class UnsavedQuit(ModalScreen[str | None]):
    """Ctrl+Q with unsaved answers: save again / save as a new session / quit anyway (the last
    writes a recovery file beside the session). Escape goes back to the interview."""

    BINDINGS = [Binding("escape", "dismiss(None)", "返回")]
    DEFAULT_CSS = """
    UnsavedQuit { align: center middle; }
    UnsavedQuit > Vertical { width: 80%; max-width: 90; height: auto; border: thick $error;
        background: $surface; padding: 1 2; }
    UnsavedQuit Horizontal { height: auto; }
    UnsavedQuit Button { margin: 1 1 0 0; }
    """

    def __init__(self, lang: Lang, problem: str = "") -> None:
        super().__init__()
        self.lang = lang
        self.problem = problem
        speak(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical():
            yield Static(
                Content(
                    t(
                        lang,
                        "还有回答没有保存到文件里（上次保存失败）。现在退出会丢失这些回答。",
                        "Some answers are not saved to the file yet (the last save failed). "
                        "Quitting now would lose them.",
                    )
                )
            )
            if self.problem:
                yield Static(Content(safe(self.problem)), id="problem")
            with Horizontal():
                yield Button(
                    Content(t(lang, "再试保存", "Save again")), id="again", variant="primary"
                )
                yield Button(Content(t(lang, "另存为新会话", "Save as new session")), id="saveas")
                yield Button(
                    Content(
                        t(lang, "仍然退出（写恢复文件）", "Quit anyway (write a recovery file)")
                    ),
                    id="quit",
                    variant="error",
                )

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


class RestoreRecovery(ModalScreen[str | None]):
    """A recovery file sits beside the session: restore it, or set it aside. Escape decides later
    (the file stays and is offered again)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "稍后")]
    DEFAULT_CSS = """
    RestoreRecovery { align: center middle; }
    RestoreRecovery > Vertical { width: 80%; max-width: 90; height: auto; border: thick $warning;
        background: $surface; padding: 1 2; }
    RestoreRecovery Horizontal { height: auto; }
    RestoreRecovery Button { margin: 1 1 0 0; }
    """

    def __init__(self, lang: Lang, on_disk: int, recovered: int, when: str) -> None:
        super().__init__()
        self.lang = lang
        speak(self, lang)
        self.text = t(
            lang,
            f"上次退出时有回答没能保存，已写入恢复文件（{when}）：恢复文件里有 {recovered} 个回答，"
            f"会话文件里有 {on_disk} 个。要恢复吗？",
            f"Last time some answers could not be saved and went to a recovery file ({when}): it "
            f"holds {recovered} answers, the session file {on_disk}. Restore them?",
        )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(safe(self.text)))
            with Horizontal():
                yield Button(
                    Content(t(self.lang, "恢复", "Restore")), id="restore", variant="primary"
                )
                yield Button(
                    Content(
                        t(
                            self.lang,
                            "不恢复（恢复文件改名保留）",
                            "Don't restore (file kept as .bak)",
                        )
                    ),
                    id="discard",
                )

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

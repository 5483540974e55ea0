"""The reference for start-up: the smallest Textual app (one Static, one Input), started the same way
as the interviewer (a fresh headless process) and leaving after its first refresh."""

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("你们企业主要是哪一类？")
        yield Input()

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    Minimal().run(headless=True)

"""An error toast quotes files (review D1: the "open elsewhere" refusal quotes the `.owner` file,
which anyone with write access to the folder can fill): what reaches the toast is sanitised."""

from __future__ import annotations

from pathlib import Path

from interviewer.core import store
from interviewer.core.terminal import has_control
from tests.reliability.test_file_system_as_found import _held_elsewhere
from tests.ui.conftest import tiny


async def test_error_toast_for_a_hostile_owner_file_holds_no_control_characters(
    make, tmp_path: Path
) -> None:
    folder = tmp_path / "sessions"
    store.start(tiny(), folder, session_id="d" * 32, clock=lambda: "t").close()
    path = folder / f"{'d' * 32}.json"
    owner = folder / f"{'d' * 32}.json.owner"
    owner.write_text(
        '{"pid": "\\u001b]0;OWNER\\u0007\\u001b[2J", "host": "\\u009b31mH", "user": "u"}'
    )
    proc = _held_elsewhere(path)
    try:
        app = make(resume=path)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            messages = [n.message for n in app._notifications]
    finally:
        proc.kill()
        proc.wait()
    assert any("正在另一个窗口中打开" in m for m in messages), messages
    assert not any(has_control(m) for m in messages), messages

"""A damaged file's error toast (review D1): the message quotes the file, so it is sanitised."""

from __future__ import annotations

from pathlib import Path

from interviewer.core.terminal import has_control


async def test_error_toast_for_a_hostile_file_holds_no_control_characters(
    make, tmp_path: Path
) -> None:
    tmp_path.joinpath("sessions").mkdir()
    dup = tmp_path / "sessions" / f"{'d' * 32}.json"
    dup.write_text(
        '{"schema_version":3,"\\u001b]0;DUP\\u0007\\u001b[2J":1,"\\u001b]0;DUP\\u0007\\u001b[2J":2}'
    )
    app = make(resume=dup)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("DUP" in m for m in messages), messages
    assert not any(has_control(m) for m in messages), messages

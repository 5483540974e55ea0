"""Every error the core raises. The UI shows `title` and `str(error)`; the CLI prints both to stderr.

* InterviewerError            base; carries a short user-facing title
  x BankError                 a question bank or weight profile cannot be loaded or is inconsistent
  x SessionError              a session file cannot be read, validated, migrated or written
    + SessionInUse            another process holds the session
    + SessionChanged          the file changed behind our back since we loaded it
    + SaveFailed              the write did not complete (the previous file is intact)
  x InvalidAnswer             a typed answer the current question cannot accept (also a ValueError)
  x AnswersFileError          a scripted answers file cannot be read or names unknown questions
"""

from __future__ import annotations

from collections.abc import Sequence


class InterviewerError(Exception):
    """Base class: anything the user can be told about in one title and a few lines."""

    title = "Interviewer error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        if title is not None:
            self.title = title


class BankError(InterviewerError):
    """A bank problem. Holds every problem found, each as `file:line:column: message`."""

    title = "Question bank problem"

    def __init__(self, problems: Sequence[str] | str) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__("\n".join(self.problems))


class SessionError(InterviewerError):
    title = "Session file problem"


class SessionInUse(SessionError):
    title = "Session is open elsewhere"


class SessionChanged(SessionError):
    title = "Session changed on disk"


class SaveFailed(SessionError):
    title = "Not saved"


class InvalidAnswer(InterviewerError, ValueError):
    """The message is already in the user's language: the engine knows which one the session uses."""

    title = "That answer doesn't fit"


class AnswersFileError(InterviewerError):
    """A scripted answers file (`run --answers`) cannot be read or names unknown questions."""

    title = "Answers file problem"

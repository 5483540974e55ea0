"""The interviewer started as the console script starts it (collector paused, the same command
line), leaving as soon as the first question is on screen: what the start and resume figures time."""

import gc
import sys

gc.disable()

from interviewer import cli  # noqa: E402
from interviewer.ui.app import InterviewerApp  # noqa: E402


class FirstQuestion(InterviewerApp):
    def first_question_shown(self) -> None:
        super().first_question_shown()
        self.exit()


if __name__ == "__main__":
    raise SystemExit(cli.main(sys.argv[1:], app_type=FirstQuestion))

"""A scripted interview (`run --answers FILE`): question id → the reply as a user would type it,
recorded in asking order so that branches open before their follow-ups."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from interviewer.core import engine
from interviewer.core.bank import Bank
from interviewer.core.errors import AnswersFileError, BankError, InvalidAnswer
from interviewer.core.session import Session


def load_answers(data: bytes, source: str) -> dict[str, str]:
    """The file's replies as text, exactly as written (YAML reads `no` as false and `3` as 3)."""
    from interviewer.core import yamlsafe

    try:
        doc = yamlsafe.load(yamlsafe.decode(data, source), source)
    except BankError as exc:  # the YAML layer speaks of banks; this is an answers file
        raise AnswersFileError("\n".join(exc.problems) or str(exc)) from None
    if not isinstance(doc.data, dict):
        raise AnswersFileError(f"{source}:1:1: expected a mapping of question id → answer")
    out: dict[str, str] = {}
    for key, value in doc.data.items():
        if isinstance(value, dict | list) or value is None:
            raise AnswersFileError(
                f"{doc.where((key,))}: the answer to {key} should be text as a user would type it"
            )
        out[str(key)] = value if isinstance(value, str) else doc.raw.get((key,), str(value))
    return out


def replay(
    bank: Bank, session: Session, answers: Mapping[str, str], clock: Callable[[], str], source: str
) -> Session:
    """`session` with every reply recorded; all problems are reported together, nothing half done."""
    unknown = [f"{source}: unknown question id '{k}'" for k in answers if not bank.has_question(k)]
    if unknown:
        raise AnswersFileError("\n".join(unknown))
    problems = []
    for q in bank.questions:
        if q.id in answers:
            try:
                session = engine.record(bank, session, q.id, answers[q.id], clock())
            except InvalidAnswer as exc:
                problems.append(f"{source}: {q.id} = {answers[q.id]!r}: {exc}")
    if problems:
        raise InvalidAnswer("\n".join(problems) + "\nNothing was written.")
    return session

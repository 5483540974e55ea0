"""Which question comes next, and how answers change a session. Pure functions over frozen values.

Visibility is recomputed from the answers every time (there is no hidden cursor): a question is
asked when its condition holds over the answers to questions asked before it, and its item is not
excluded. Changing an earlier answer can hide a branch; the answers under it stay in the session
(inactive) and count again if the branch comes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from interviewer.core import answers as typed
from interviewer.core.bank import Bank, Question
from interviewer.core.conditions import evaluate, references
from interviewer.core.errors import InvalidAnswer, SessionError
from interviewer.core.session import (
    DEFAULT_TRIAGE_LIMIT,
    Answer,
    Mode,
    Sampled,
    Session,
    WeightsUsed,
    clean_note,
    clean_text,
    value_to_json,
)
from interviewer.core.text import Lang


@dataclass(frozen=True)
class Progress:
    answered: int
    """Questions with an answer (including "not applicable")."""
    skipped: int
    """Questions passed over with "don't know": still open, can be revisited."""
    total: int
    """Questions to ask under the current branches."""

    @property
    def remaining(self) -> int:
        return self.total - self.answered - self.skipped

    @property
    def finished(self) -> bool:
        return self.remaining == 0


def new_session(
    bank: Bank,
    *,
    session_id: str,
    now: str,
    display_name: str = "",
    company: str = "",
    respondent: str = "",
    mode: Mode = "full",
    language: Lang = "zh",
    triage_limit: int = DEFAULT_TRIAGE_LIMIT,
) -> Session:
    w = bank.weights
    weights = (
        None
        if w is None
        else WeightsUsed(
            w.name.en, w.sha256, w.path, w.source, {i.id: i.points for i in bank.items}
        )
    )
    return Session(
        id=session_id,
        bank_id=bank.id,
        bank_version=bank.version,
        bank_sha256=bank.sha256,
        created_at=now,
        updated_at=now,
        display_name=clean_text(display_name),
        company=clean_text(company),
        respondent=clean_text(respondent),
        mode=mode,
        triage_limit=max(1, min(500, triage_limit)),
        language=language,
        weights=weights,
    )


def values(session: Session) -> dict[str, Any]:
    """Answer values that conditions may read: answered ones only (skipped = unanswered)."""
    return {k: a.value for k, a in session.answers.items() if a.status == "answered"}


def triage_profile(bank: Bank) -> frozenset[str]:
    """The profile questions a triage asks: those an item's exclusion (or its first question's
    condition) reads, and the ones their own conditions read. Eligibility, special clauses and
    profile questions that change nothing a triage asks are left to the full interview, so the
    triage's size is the number it promises."""
    wanted: set[str] = set()
    for item in bank.items:
        conds = [item.exclude_when, bank.question(item.question_ids[0]).when]
        for cond in conds:
            if cond is not None:
                wanted.update(qid for qid, _ in references(cond))
    profile = {q.id: q for q in bank.questions if q.section == "profile"}
    todo = [qid for qid in wanted if qid in profile]
    while todo:
        when = profile[todo.pop()].when
        for qid, _ in references(when) if when is not None else ():
            if qid in profile and qid not in wanted:
                wanted.add(qid)
                todo.append(qid)
    return frozenset(qid for qid in wanted if qid in profile)


def triage_size(bank: Bank, limit: int) -> tuple[int, int]:
    """How many questions a triage with this limit asks in all: (fewest, most). The same number
    unless the limit is smaller than the profile questions it needs (each triage asks at least
    one clause)."""
    profile = triage_profile(bank)
    always = sum(1 for q in bank.questions if q.id in profile and q.when is None)
    return max(limit, always + 1), max(limit, len(profile) + 1)


def triage_selection(bank: Bank, known: Mapping[str, Any], limit: int) -> frozenset[str]:
    """The first question of the items worth most, spread over the groups in proportion to their
    points (largest remainder), so a first call looks at every part of the standard: with the even
    split, 5.2's many small items would otherwise never be asked. Clause order breaks ties.
    `limit` counts the clauses (the caller takes the profile questions off the triage limit)."""
    order = {item.id: n for n, item in enumerate(bank.items)}
    candidates = [
        i
        for i in bank.items
        if not (i.exclude_when is not None and evaluate(i.exclude_when, known))
    ]
    by_group = {
        g.id: sorted(
            (i for i in candidates if i.group == g.id), key=lambda i: (-i.points, order[i.id])
        )
        for g in bank.groups
    }
    total = sum((g.points for g in bank.groups if by_group[g.id]), start=Fraction(0))
    share = {
        g.id: (g.points * limit / total if total and by_group[g.id] else 0) for g in bank.groups
    }
    seats = {gid: min(int(x), len(by_group[gid])) for gid, x in share.items()}
    # hand out what is left by largest remainder (then group order), never more than a group has
    for gid in sorted(share, key=lambda gid: -(share[gid] - int(share[gid]))):
        if sum(seats.values()) >= limit:
            break
        if seats[gid] < len(by_group[gid]):
            seats[gid] += 1
    while sum(seats.values()) < limit and any(seats[g] < len(by_group[g]) for g in seats):
        gid = next(g for g in seats if seats[g] < len(by_group[g]))
        seats[gid] += 1
    return frozenset(
        i.question_ids[0] for gid, items in by_group.items() for i in items[: seats[gid]]
    )


def visible(bank: Bank, session: Session, mode: Mode | None = None) -> list[Question]:
    """The questions asked under the current answers, in asking order."""
    return walk(bank, session, mode)[0]


def walk(
    bank: Bank, session: Session, mode: Mode | None = None
) -> tuple[list[Question], dict[str, Any]]:
    """The questions asked under the current answers, in asking order, and the answered values
    among them (what conditions and exclusions read): the tally needs both from one pass."""
    mode = mode or session.mode
    answers = session.answers
    known: dict[str, Any] = {}
    shown: list[Question] = []
    na_items: set[str] = set()
    selection: frozenset[str] | None = None
    profile = triage_profile(bank) if mode == "triage" else frozenset()
    for step in bank.plan():
        q = step.question
        if mode == "triage" and step.item_id is None and q.id not in profile:
            continue  # not what a triage estimate needs
        if step.item_id is not None:
            if mode == "triage":
                if selection is None:  # the clauses share what the profile questions left
                    seats = max(1, session.triage_limit - len(shown))
                    selection = triage_selection(bank, known, seats)
                if q.id not in selection:
                    continue
            if step.item_id in na_items or (step.excluded is not None and step.excluded(known)):
                continue
        if step.shown is not None and not step.shown(known):
            continue
        shown.append(q)
        a = answers.get(q.id)
        if a is not None:
            if a.status == "answered":
                known[q.id] = a.value
            elif a.status == "na" and step.item_id:
                na_items.add(step.item_id)
    return shown, known


def active_ids(bank: Bank, session: Session) -> frozenset[str]:
    """Questions whose answers count (the full interview's branches, whatever the mode)."""
    return frozenset(q.id for q in visible(bank, session, "full"))


def next_question(bank: Bank, session: Session) -> Question | None:
    for q in visible(bank, session):
        if q.id not in session.answers:
            return q
    return None


def progress(bank: Bank, session: Session) -> Progress:
    shown = visible(bank, session)
    answered = skipped = 0
    for q in shown:
        a = session.answers.get(q.id)
        if a is None:
            continue
        if a.status == "skipped":
            skipped += 1
        else:
            answered += 1
    return Progress(answered, skipped, len(shown))


def previous_question(bank: Bank, session: Session, current: str | None) -> Question | None:
    """The question before `current` in the interview (the last one answered when finished)."""
    shown = [q for q in visible(bank, session) if q.id in session.answers or q.id == current]
    if current is None or all(q.id != current for q in shown):
        answered = [q for q in shown if q.id in session.answers]
        return answered[-1] if answered else None
    index = next(n for n, q in enumerate(shown) if q.id == current)
    return shown[index - 1] if index > 0 else None


def _require(bank: Bank, qid: str, lang: Lang) -> Question:
    if not bank.has_question(qid):
        raise InvalidAnswer(
            ("unknown question id " if lang == "en" else "没有这个问题编号：") + qid
        )
    return bank.question(qid)


def record(
    bank: Bank, session: Session, qid: str, text: str, now: str, note: str | None = None
) -> Session:
    """Record a typed reply. "不适用：原因" / "na: reason" marks the item not applicable with a reason."""
    question = _require(bank, qid, session.language)
    text, reason = typed.split_na_reason(text)
    parsed = typed.parse(question, text, session.language)
    if parsed.kind == "skip":
        return skip(bank, session, qid, now, note)
    if parsed.kind == "na":
        return mark_na(bank, session, qid, reason or note or "", now)
    return set_value(bank, session, qid, parsed.value, now, note)


def set_value(
    bank: Bank, session: Session, qid: str, value: Any, now: str, note: str | None = None
) -> Session:
    question = _require(bank, qid, session.language)
    if question.type == "choice" and question.option(value) is None:
        raise InvalidAnswer(f"{qid}: '{value}' is not one of its options")
    old = session.answers.get(qid)
    keep_note = old.note if old is not None and note is None else clean_note(note or "")
    answer = Answer(value, "answered", keep_note, old.unsure if old else False, now)
    return _touch(session.with_answer(qid, answer), now)


def skip(bank: Bank, session: Session, qid: str, now: str, note: str | None = None) -> Session:
    _require(bank, qid, session.language)
    old = session.answers.get(qid)
    keep_note = old.note if old is not None and note is None else clean_note(note or "")
    return _touch(session.with_answer(qid, Answer(None, "skipped", keep_note, False, now)), now)


def mark_na(bank: Bank, session: Session, qid: str, reason: str, now: str) -> Session:
    question = _require(bank, qid, session.language)
    lang = session.language
    if not question.can_be_na:
        raise InvalidAnswer(
            "这一条不能选“不适用”。"
            if lang == "zh"
            else "This one cannot be marked not applicable."
        )
    reason = clean_note(reason).strip()
    if not reason:
        raise InvalidAnswer(
            "选“不适用”时请写明原因，审核员会问。例如：不适用：我们不负责送货。"
            if lang == "zh"
            else "Give a reason for 'not applicable' — the auditor will ask. "
            "For example: na: we do not deliver."
        )
    return _touch(session.with_answer(qid, Answer(None, "na", reason, False, now)), now)


def set_note(session: Session, qid: str, note: str, now: str) -> Session:
    old = session.answers.get(qid)
    if old is None:
        raise InvalidAnswer(
            "先回答这个问题，再加备注。"
            if session.language == "zh"
            else "Answer the question first, then add a note."
        )
    return _touch(session.with_answer(qid, old._replace(note=clean_note(note), at=now)), now)


def set_unsure(session: Session, qid: str, unsure: bool, now: str) -> Session:
    old = session.answers.get(qid)
    if old is None or old.status != "answered":
        raise InvalidAnswer(
            "只有已回答的问题可以标记“不确定”。"
            if session.language == "zh"
            else "Only an answered question can be marked unsure."
        )
    return _touch(session.with_answer(qid, old._replace(unsure=unsure, at=now)), now)


def undo(session: Session, qid: str, now: str) -> Session:
    """Forget an answer entirely (the question will be asked again)."""
    return _touch(session.without_answer(qid), now)


def set_language(session: Session, lang: Lang) -> Session:
    return replace(session, language=lang)


def _touch(session: Session, now: str) -> Session:
    return replace(session, updated_at=now)


def adopt_orphans(bank: Bank, session: Session) -> Session:
    """Move answers whose question is not in this bank to `orphaned` (kept and reported)."""
    orphans = {k: a for k, a in session.answers.items() if not bank.has_question(k)}
    if not orphans:
        return session
    kept = dict(session.orphaned)
    for k, a in orphans.items():
        kept[k] = {
            "value": value_to_json(a.value),
            "status": a.status,
            "note": a.note,
            "at": a.at,
        }
    answers = {k: a for k, a in session.answers.items() if k not in orphans}
    return replace(session, answers=answers, orphaned=kept)


def hypothetical(bank: Bank, session: Session, item_id: str, met: bool) -> Session:
    """The session as if `item_id` were fully met (or not met at all): for the report's what-if.

    Met: every question of the item gets its best answer (follow-ups included, as they would then
    be asked). Not met: its first question gets its lowest-credit answer. The recorded session is
    never touched; the caller throws this copy away."""
    item = bank.item(item_id)
    s = session
    for n, qid in enumerate(item.question_ids):
        q = bank.question(qid)
        if not met and n > 0:
            break
        if q.type == "sampled":
            value: Any = Sampled(10, 10) if met else Sampled(0, 10)
        elif q.options:
            scored = [o for o in q.options if o.credit is not None]
            if not scored:
                continue
            pick = (
                max(scored, key=lambda o: o.credit or 0)
                if met
                else min(scored, key=lambda o: o.credit or 0)
            )
            value = pick.value
        else:
            continue
        s = s.with_answer(qid, Answer(value, "answered", "", False, s.updated_at))
    return s


def repin(bank: Bank, s: Session) -> tuple[Session, list[str]]:
    """Attach a session to the loaded bank; answers to questions the bank no longer has are kept
    under `orphaned` and reported."""
    warnings: list[str] = []
    if s.bank_id != bank.id:
        raise SessionError(
            f"this session was answered with bank '{s.bank_id}', but the loaded bank is "
            f"'{bank.id}'. Open it with --bank pointing at that bank; the file has not been modified."
        )
    adopted = adopt_orphans(bank, s)
    moved = len(adopted.orphaned) - len(s.orphaned)
    if s.bank_sha256 != bank.sha256:
        note = (
            f'This session was answered with bank "{s.bank_id}" v{s.bank_version}; '
            f"v{bank.version} ({bank.sha256[:12]}) is loaded."
        )
        if moved:
            note += f' {moved} answer(s) no longer match a question and were kept under "orphaned answers".'
        warnings.append(note)
        adopted = replace(adopted, bank_version=bank.version, bank_sha256=bank.sha256)
    elif moved:
        warnings.append(
            f'{moved} answer(s) no longer match a question and were kept under "orphaned answers".'
        )
    return adopted, warnings

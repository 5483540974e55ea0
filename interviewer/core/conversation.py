"""The interview as a conversation: typed lines in, events out.

Both the Textual screen and the plain line mode drive this one object, so they behave the same:
every answer is handed to `save` before the next question is produced, commands (/back, /skip,
/why, /note …, /score, /lang, /help, /unsure, /jump) mean the same everywhere, and a failed save
keeps the answer in memory and retries at the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from interviewer.core import answers as typed
from interviewer.core import crosscheck, engine, labels, resumecode, training
from interviewer.core.bank import Bank, Question
from interviewer.core.errors import InterviewerError, InvalidAnswer, SessionError
from interviewer.core.figures import score_text
from interviewer.core.labels import t
from interviewer.core.scoring import Evaluation, evaluate
from interviewer.core.session import Session
from interviewer.core.text import Lang

EventKind = Literal[
    "ask",
    "user",
    "info",
    "error",
    "why",
    "training",
    "recap",
    "finished",
    "saved",
    "unsaved",
    "report",
    "help",
    "lang",
]


@dataclass(frozen=True)
class Event:
    kind: EventKind
    text: str = ""
    title: str = ""
    question: Question | None = None
    data: Any = None


COMMANDS = (
    "back",
    "skip",
    "why",
    "note",
    "score",
    "lang",
    "help",
    "unsure",
    "jump",
    "report",
    "quit",
)


NOTE_SEPARATOR = "\n"


def join_notes(old: str, new: str) -> str:
    """A second note on the same question is added below the first, never over it."""
    old, new = old.strip(), new.strip()
    return f"{old}{NOTE_SEPARATOR}{new}" if old and new else old or new


def help_text(lang: Lang) -> str:
    return t(
        lang,
        "直接输入回答：选项序号、是/否/部分、不知道（先跳过）、不适用：原因；抽查题输入 8/10。\n"
        "命令：/back 改上一题 · /skip 跳过 · /why 这一条为什么重要、审核员看什么 · /note 备注内容 · "
        "/unsure 标记“不确定”（F9） · /jump 条款号或标题 跳到某题 · /score 当前得分 · /lang zh|en 切换语言 · "
        "/report 查看报告 · /saveas 另存为新会话（保存失败时） · /help 帮助",
        "Type your answer: an option number, yes/no/partial, skip (don't know), na: reason; "
        "for record checks type 8/10.\n"
        "Commands: /back change the previous answer · /skip · /why the clause, why it matters, the evidence "
        "an auditor asks for · /note text · /unsure flag the answer (F9) · /jump 5.1.1.1 or title words · "
        "/score · /lang zh|en · /report · /saveas (save a copy when saving fails) · /help",
    )


@dataclass
class Conversation:
    bank: Bank
    session: Session
    save: Callable[[Session], Session]
    clock: Callable[[], str]
    current: Question | None = None
    pending_na: str | None = None
    """Waiting for the reason after "not applicable" was typed for this question."""
    unsaved: bool = False
    last_group: str | None = None
    recapped: set[str] = field(default_factory=set)
    pending_notes: dict[str, str] = field(default_factory=dict)
    """Notes typed on a question not answered yet: they belong to it and are saved with its answer."""
    explained: frozenset[str] = frozenset()
    """Training mode: clauses and indicators whose card was shown (explained once, not again)."""
    evaluation: Evaluation = field(init=False)
    """The session scored: computed once per change, read by the screen and the commands."""

    def __post_init__(self) -> None:
        self.evaluation = evaluate(self.bank, self.session)

    @property
    def lang(self) -> Lang:
        return self.session.language

    # -- start and replay ------------------------------------------------------------------
    def start(self) -> list[Event]:
        events = self.history()
        if self.session.mode == "training":  # explained in an earlier sitting: not again
            self.explained = training.explained_by(self.bank, self.session)
        self.current = self.evaluation.next_question
        if self.current is not None and self.current.item_id:
            self.last_group = self._group_of(self.current)
        if self.session.answers and self.current is not None:
            events.append(
                Event(
                    "info",
                    t(
                        self.lang,
                        "欢迎回来，接着上次的地方继续。",
                        "Welcome back — carrying on where you left off.",
                    ),
                )
            )
        elif not self.session.answers:
            events.append(
                Event(
                    "info",
                    t(
                        self.lang,
                        "您好！我会按 GB/T 27922-2011《商品售后服务评价体系》一条一条问您企业的售后情况，"
                        "最后告诉您大概能评到哪个星级、哪些地方最需要改。每个回答都会马上保存，随时可以退出、下次接着答。"
                        "不知道的可以输入“不知道”先跳过。输入 /help 查看所有命令。",
                        "Hello! I will walk through GB/T 27922-2011 (after-sales service evaluation) one point at a time, "
                        "then tell you the likely star tier and what most needs fixing. Every answer is saved at once: "
                        "you can quit any time and carry on later. Type 'skip' if you don't know. /help lists the commands.",
                    ),
                )
            )
        events += self._ask_current()
        return events

    def history(self) -> list[Event]:
        """The transcript so far, rebuilt from the answers (the session file is the only record)."""
        out: list[Event] = []
        for q in self.evaluation.asked:
            a = self.session.answers.get(q.id)
            if a is None:
                continue
            out.append(Event("ask", q.text.get(self.lang), self._title(q), q))
            out.append(Event("user", self._answer_text(q), question=q, data=a))
        return out

    # -- input ------------------------------------------------------------------------------
    def submit(self, text: str) -> list[Event]:
        line = text.strip()
        if line.startswith("/"):
            name, _, arg = line[1:].partition(" ")
            return self.command(name.lower(), arg.strip())
        if self.current is None:
            return [
                Event(
                    "info",
                    t(
                        self.lang,
                        "所有问题都答完了。输入 /report 查看报告，/back 修改上一题，/jump 题号 修改任意一题。",
                        "Every question is answered. /report shows the report, /back changes the last "
                        "answer, /jump <id> changes any answer.",
                    ),
                )
            ]
        q = self.current
        if self.pending_na == q.id:
            if not line:
                return [
                    Event("error", t(self.lang, "请写明不适用的原因。", "Please give the reason."))
                ]
            return self._apply(
                lambda s: engine.mark_na(self.bank, s, q.id, line, self.clock()),
                Event(
                    "user", t(self.lang, f"不适用：{line}", f"not applicable: {line}"), question=q
                ),
            )
        text, reason = typed.split_na_reason(text)
        try:
            parsed = typed.parse(q, text, self.lang)
        except InvalidAnswer as exc:
            return [Event("error", str(exc))]
        if parsed.kind == "na":
            if reason:
                return self._apply(
                    lambda s: engine.mark_na(self.bank, s, q.id, reason, self.clock()),
                    Event(
                        "user",
                        t(self.lang, f"不适用：{reason}", f"not applicable: {reason}"),
                        question=q,
                    ),
                )
            self.pending_na = q.id
            return [
                Event("user", text.strip(), question=q),
                Event(
                    "info",
                    t(
                        self.lang,
                        "为什么不适用？请写一句原因（审核员会问，它会记进报告）。",
                        "Why does it not apply? One sentence, please — the auditor will ask, "
                        "and it goes into the report.",
                    ),
                ),
            ]
        if parsed.kind == "skip":
            return self.command("skip", "")
        return self.choose_value(parsed.value, shown=text.strip())

    def choose_value(self, value: Any, shown: str | None = None) -> list[Event]:
        """An answer picked from the option list (or already parsed from typed text)."""
        q = self.current
        if q is None:
            return []
        label = shown if shown is not None else typed.describe(q, value, self.lang)

        def change(s: Session) -> Session:
            return engine.set_value(self.bank, s, q.id, value, self.clock())

        echo = typed.describe(q, value, self.lang)
        return self._apply(
            change, Event("user", label if label == echo else f"{label} → {echo}", question=q)
        )

    # -- commands --------------------------------------------------------------------------
    def command(self, name: str, arg: str) -> list[Event]:
        """A typed /command or its key: one table, so the screen and plain mode cannot drift."""
        run = _COMMAND_TABLE.get(name)
        if run is None:
            return [
                Event(
                    "error",
                    t(
                        self.lang,
                        f"没有 /{name} 这个命令。输入 /help 查看命令。",
                        f"There is no /{name} command. /help lists them.",
                    ),
                )
            ]
        return run(self, arg)

    def _help(self, arg: str) -> list[Event]:
        return [Event("help", help_text(self.lang))]

    def _why_now(self, arg: str) -> list[Event]:
        q = self.current or self.last_answered()
        return [self._why(q)] if q is not None else []

    def _score(self, arg: str) -> list[Event]:
        return [self.score_event()]

    def _report(self, arg: str) -> list[Event]:
        return [Event("report")]

    def _quit(self, arg: str) -> list[Event]:
        return [Event("info", "quit")]

    def _switch_language(self, arg: str) -> list[Event]:
        """`/lang en`, `/lang zh`, or a bare `/lang` for the other one."""
        if arg:
            new: Lang = "en" if arg.lower().startswith("en") else "zh"
        else:
            new = "en" if self.lang == "zh" else "zh"
        return self._apply(
            lambda s: engine.set_language(s, new),
            Event("lang", t(new, "已切换为中文。", "Switched to English.")),
            advance=False,
            reask=True,
        )

    def _skip(self, arg: str) -> list[Event]:
        q = self.current
        if q is None:
            return []
        self.pending_na = None
        skip_id = q.id
        return self._apply(
            lambda s: engine.skip(self.bank, s, skip_id, self.clock()),
            Event("user", t(self.lang, "不知道（先跳过）", "don't know (skipped)"), question=q),
        )

    def _note(self, arg: str) -> list[Event]:
        lang = self.lang
        target = self.note_target()
        if target is None:
            return [
                Event(
                    "error",
                    t(
                        lang,
                        "还没有可以加备注的问题。",
                        "There is no question to add a note to yet.",
                    ),
                )
            ]
        if not arg:
            return [Event("error", t(lang, "用法：/note 备注内容", "Usage: /note your note"))]
        return self.add_note(target.id, join_notes(self.note_of(target.id), arg))

    def _unsure(self, arg: str) -> list[Event]:
        """Flags (or unflags) the answer on screen, else the last one given."""
        lang = self.lang
        answered = self.session.answers
        current = self.current
        q = self.last_answered() if current is None or current.id not in answered else current
        if q is None or q.id not in answered:
            return [
                Event("error", t(lang, "还没有可以标记的回答。", "There is no answer to flag yet."))
            ]
        flag = not answered[q.id].unsure
        name = self.name(q)
        said = (
            t(
                lang,
                f"“{name}”已标记为“不确定”：申请前请核实。",
                f"“{name}” flagged unsure: verify it before you apply.",
            )
            if flag
            else t(lang, f"“{name}”已取消“不确定”。", f"“{name}” no longer flagged.")
        )
        return self._apply(
            lambda s: engine.set_unsure(s, q.id, flag, self.clock()),
            Event("info", said),
            advance=False,
        )

    def _back(self, arg: str) -> list[Event]:
        lang = self.lang
        prev = engine.previous_question(
            self.bank, self.session, self.current.id if self.current else None
        )
        if prev is None:
            return [Event("error", t(lang, "前面没有问题了。", "There is no earlier question."))]
        self.current, self.pending_na = prev, None
        was = self._answer_text(prev)
        return [
            Event(
                "info",
                t(
                    lang,
                    f"好的，重新回答 {self._title(prev)}（原来的回答：{was}）。",
                    f"Sure — answer {self._title(prev)} again (was: {was}).",
                ),
            )
        ] + self._ask_current()

    def new_code(self, code: str) -> list[Event]:
        """Keep a new resume code's hash with the answers (the old code stops working). Saved
        like an answer, so a failed save keeps it in memory and says so."""
        sha = resumecode.digest(code)
        return self._apply(
            lambda s: replace(s, code_sha256=sha),
            Event(
                "info",
                t(
                    self.lang,
                    f"您的新续答码：{code}（请记下，下次凭它继续；以前的续答码已作废）",
                    f"Your new resume code: {code} (write it down to carry on later; any earlier "
                    "code no longer works)",
                ),
            ),
            advance=False,
        )

    def find(self, what: str) -> Question | None:
        """The question `/jump` means: a question id, the clause number shown on every card
        (5.1.1.1: its first open question, else its first), or words of a clause title or of a
        question, when they fit exactly one."""
        key = what.strip()
        shown = self.evaluation.asked
        by_id = {q.id: q for q in shown}
        if key in by_id:
            return by_id[key]
        of_item = [q for q in shown if q.item_id == key]
        if of_item:
            return next((q for q in of_item if q.id not in self.session.answers), of_item[0])
        if not key:
            return None
        folded = key.casefold()
        titled = {
            q.item_id: q
            for q in reversed(shown)
            if q.item_id
            and any(
                folded in x.casefold()
                for x in (self.bank.item(q.item_id).title.zh, self.bank.item(q.item_id).title.en)
            )
        }
        if len(titled) == 1:
            return self.find(next(iter(titled)))
        worded = [q for q in shown if folded in q.text.get(self.lang).casefold()]
        return worded[0] if len(worded) == 1 else None

    def jump(self, what: str) -> list[Event]:
        target = self.find(what)
        if target is None:
            return [
                Event(
                    "error",
                    t(
                        self.lang,
                        f"现在的问题里找不到“{what}”。可以输入条款号（如 5.1.1.1）、题号或标题里的词，"
                        "或按 F6 从列表里选。",
                        f"None of the current questions matches '{what}'. Type a clause number "
                        "(e.g. 5.1.1.1), a question id or words of its title, or press F6 to pick.",
                    ),
                )
            ]
        self.current, self.pending_na = target, None
        events: list[Event] = []
        if target.id in self.session.answers:
            events.append(
                Event(
                    "info",
                    t(
                        self.lang,
                        f"好的，重新回答 {self._title(target)}（原来的回答：{self._answer_text(target)}）。",
                        f"Sure — answer {self._title(target)} again (was: {self._answer_text(target)}).",
                    ),
                )
            )
        return events + self._ask_current()

    # -- internals -----------------------------------------------------------------------
    def _apply(
        self,
        change: Callable[[Session], Session],
        echo: Event,
        *,
        advance: bool = True,
        reask: bool = False,
    ) -> list[Event]:
        answered = self.current
        try:
            new = change(self.session)
            held = self.pending_notes.get(answered.id) if answered is not None else None
            if answered is not None and held is not None and answered.id in new.answers:
                had = new.answers[answered.id].note
                new = engine.set_note(new, answered.id, join_notes(had, held), self.clock())
                del self.pending_notes[answered.id]
        except InvalidAnswer as exc:
            return [Event("error", str(exc))]
        events = [echo]
        was_done = self.evaluation.next_question is None
        try:
            self.session = self.save(new)
            if self.unsaved:
                events.append(Event("saved", t(self.lang, "已重新保存成功。", "Saved again.")))
            self.unsaved = False
        except SessionError as exc:
            self.session = new  # keep the answer in memory; the next save retries
            self.unsaved = True
            events.append(Event("unsaved", f"{exc.title}: {exc}"))
        except InterviewerError as exc:
            self.session = new
            self.unsaved = True
            events.append(Event("unsaved", f"{exc.title}: {exc}"))
        self.pending_na = None
        self.evaluation = evaluate(self.bank, self.session)
        if answered is not None:  # an eligibility and a clause answer that contradict
            events += [Event("info", w) for w in crosscheck.warnings(self.bank, new, answered.id)]
        if reask:
            return events + self._ask_current()
        if not advance:
            return events
        if self.session.mode == "training" and answered is not None:
            events += self._training_card(answered)
        self.current = self.evaluation.next_question
        events += self._recap_if_group_done()
        if self.current is None:
            events.append(self._finished(edited=was_done))
            return events
        if self.session.mode == "training":
            hint = training.before_asking(self.bank, self.session, self.current, self.lang)
            events += [Event("info", hint)] if hint else []
        return events + self._ask_current()

    def _finished(self, *, edited: bool) -> Event:
        """Nothing left to ask. Says how many questions are still open (set aside with "don't
        know", or outside a triage), and opens the report only the first time: an edit of a
        finished session just says so."""
        lang = self.lang
        left = self.evaluation.open_count
        if edited:
            return Event(
                "info",
                t(
                    lang,
                    "已改好。F7 或 /report 查看报告。",
                    "Changed. F7 or /report shows the report.",
                ),
            )
        if self.session.mode == "triage":
            text = t(
                lang,
                f"快速初筛的问题问完了！完整评估还有 {left} 题没有问。下面是您的初筛报告。",
                f"That was the last triage question! A full assessment has {left} more. "
                "Here is your triage report.",
            )
        elif left:
            text = t(
                lang,
                f"问题都过了一遍，还有 {left} 题先跳过了（不知道）。下面是您的报告，"
                "可以用 F6 回去补答。",
                f"That was the last question; {left} are set aside as 'don't know'. Here is your "
                "report; F6 takes you back to them.",
            )
        else:
            text = t(
                lang,
                "全部问题都答完了！下面是您的报告。",
                "That was the last question! Here is your report.",
            )
        return Event("finished", text)

    def _ask_current(self) -> list[Event]:
        q = self.current
        if q is None:
            return []
        return [Event("ask", q.text.get(self.lang), self._title(q), q)]

    def _title(self, q: Question) -> str:
        item = self.bank.item_of(q)
        if item is not None:
            return f"{item.id} {item.title.get(self.lang)}"
        section = labels.SECTION.get(q.section)
        return section.get(self.lang) if section else ""

    def name(self, q: Question) -> str:
        """How a question is named to the user: its clause (number and title), or, for the
        questions about the business, the question itself; never only an internal id."""
        if self.bank.item_of(q) is not None:
            return self._title(q)
        text = q.text.get(self.lang)
        return text if len(text) <= 30 else text[:29] + "…"

    def _answer_text(self, q: Question) -> str:
        a = self.session.answers.get(q.id)
        if a is None:
            return ""
        if a.status == "skipped":
            return t(self.lang, "不知道（先跳过）", "don't know (skipped)")
        if a.status == "na":
            return t(self.lang, f"不适用：{a.note}", f"not applicable: {a.note}")
        return typed.describe(q, a.value, self.lang)

    def note_target(self) -> Question | None:
        """The question a note belongs to: the one on screen (answered or not), else, when every
        question is answered, the last one answered."""
        return self.current if self.current is not None else self.last_answered()

    def note_of(self, qid: str) -> str:
        """The note so far: saved on the answer, or held for a question not answered yet."""
        answer = self.session.answers.get(qid)
        return answer.note if answer is not None else self.pending_notes.get(qid, "")

    def add_note(self, qid: str, text: str) -> list[Event]:
        """Set the whole note of a question (callers append with `join_notes`). On an answered
        question it is saved like an answer; on one not answered yet it is held and saved with
        the answer. The interview stays put either way."""
        title = self.name(self.bank.question(qid))
        if qid not in self.session.answers:
            self.pending_notes[qid] = text
            return [
                Event(
                    "info",
                    t(
                        self.lang,
                        f"已记下“{title}”的备注，回答这道题时和回答一起保存。",
                        f"Note kept for “{title}”: it is saved with your answer to this question.",
                    ),
                )
            ]
        return self._apply(
            lambda s: engine.set_note(s, qid, text, self.clock()),
            Event("info", t(self.lang, f"已为“{title}”记下备注。", f"Note saved on “{title}”.")),
            advance=False,
        )

    def last_answered(self) -> Question | None:
        answered = [q for q in self.evaluation.asked if q.id in self.session.answers]
        return answered[-1] if answered else None

    def _training_card(self, q: Question) -> list[Event]:
        """Training mode: the card for this answer (see `training.card`), each clause explained once."""
        shown = training.card(
            self.bank, self.session, q, self.session.answers.get(q.id), self.lang, self.explained
        )
        if shown is None:
            return []
        self.explained |= training.explains(shown, self.bank)
        return [Event("training", shown.text, shown.heading, q, shown)]

    def _why(self, q: Question | None) -> Event:
        lang = self.lang
        if q is None:
            return Event("why", "")
        item = self.bank.item_of(q)
        if item is None:
            return Event(
                "why",
                (q.help.get(lang) if q.help else "")
                or t(
                    lang,
                    "这是了解企业情况的问题，不计分，用来决定后面哪些条款适用。",
                    "This question about your business earns no points; it decides which clauses apply.",
                ),
                self._title(q),
                q,
            )
        parts = [
            t(lang, "要求：", "Requirement: ") + item.requirement.get(lang),
            t(lang, "为什么重要：", "Why it matters: ") + (item.why.get(lang) if item.why else "—"),
            t(lang, "审核员会看：", "Evidence an auditor asks for: ")
            + t(lang, "；", "; ").join(item.evidence.get(lang)),
            (
                t(lang, "分值（权重文件）：", "Points (weight profile): ")
                if self.bank.weights is not None
                else t(lang, "分值（估计）：", "Points (estimate): ")
            )
            + f"{float(item.points):.2f}"
            + t(lang, "  ·  来源：", "  ·  source: ")
            + labels.PROVENANCE[item.provenance].get(lang),
        ]
        return Event("why", "\n".join(parts), f"{item.id} {item.title.get(lang)}", q, item)

    def _group_of(self, q: Question) -> str | None:
        item = self.bank.item_of(q)
        return item.group if item else None

    def _recap_if_group_done(self) -> list[Event]:
        nxt = self._group_of(self.current) if self.current is not None else None
        done = self.last_group
        self.last_group = nxt if nxt is not None else self.last_group
        if done is None or done == nxt or done in self.recapped:
            return []
        self.recapped.add(done)
        return [self.recap(done)]

    def recap(self, group_id: str) -> Event:
        lang = self.lang
        r = self.evaluation
        rows = [x for x in r.items if x.item.group == group_id]
        met = sum(1 for x in rows if x.status == "met")
        not_met = sum(1 for x in rows if x.status in ("not_met", "partial"))
        unknown = sum(1 for x in rows if x.status == "open")
        excluded = [x for x in rows if x.excluded]
        g = self.bank.group(group_id)
        text = t(
            lang,
            f"{g.id} {g.title.zh}：{met} 条符合，{not_met} 条不符合，{unknown} 条未知，{len(excluded)} 条不适用",
            f"{g.id} {g.title.en}: {met} met, {not_met} not met, {unknown} unknown, {len(excluded)} excluded",
        )
        if excluded:
            reasons = "；".join(f"{x.item.id} {x.why_excluded(lang)}" for x in excluded[:3])
            text += t(lang, f"（不适用原因：{reasons}）", f" (excluded because: {reasons})")
        return Event("recap", text, g.title.get(lang), data=group_id)

    def score_event(self) -> Event:
        lang = self.lang
        r = self.evaluation
        if r.complete:
            text = t(
                lang,
                f"得分 {score_text(r.score)}，{labels.tier(r.tier, lang)}。",
                f"Score {score_text(r.score)}: {labels.tier(r.tier, lang)}.",
            )
        else:
            tiers = " / ".join(labels.tier(x, lang) for x in r.outlook.tiers)
            score, low, high = (
                score_text(r.score),
                score_text(r.outlook.low),
                score_text(r.outlook.high),
            )
            text = t(
                lang,
                f"暂定得分 {score}（{labels.tier(r.tier, lang)}）；还有 {r.open_count} 题，"
                f"最终可能在 {low}–{high} 之间（{tiers}）。",
                f"Provisional score {score} ({labels.tier(r.tier, lang)}); {r.open_count} questions "
                f"to go, so the final score can still be {low}–{high} ({tiers}).",
            )
        text += t(lang, f" 特别扣分 {r.deductions} 项。", f" Special deductions: {r.deductions}.")
        if r.deductions == 4:
            text += " " + labels.DEDUCTION_WARNING.get(lang)
        return Event("info", text, data=r)


_COMMAND_TABLE: dict[str, Callable[[Conversation, str], list[Event]]] = {
    "help": Conversation._help,
    "h": Conversation._help,
    "?": Conversation._help,
    "why": Conversation._why_now,
    "score": Conversation._score,
    "report": Conversation._report,
    "lang": Conversation._switch_language,
    "skip": Conversation._skip,
    "note": Conversation._note,
    "unsure": Conversation._unsure,
    "back": Conversation._back,
    "jump": Conversation.jump,
    "quit": Conversation._quit,
}

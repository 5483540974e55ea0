"""Bank files (bytes) → a checked `Bank`. Pure: the storage module reads the files.

Every problem is collected and reported at once, each as `file:line:column: what is wrong`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from interviewer.core import conditions, validation
from interviewer.core.bank import (
    Bank,
    Group,
    Indicator,
    Item,
    Material,
    Option,
    Question,
    Quota,
    Section,
)
from interviewer.core.conditions import Condition
from interviewer.core.errors import BankError
from interviewer.core.text import I18n, I18nList

if TYPE_CHECKING:  # the YAML parser is only needed when the bank is not cached
    from interviewer.core import yamlsafe

LIST_KEYS = ("profile", "eligibility", "special", "items", "groups", "indicators")
Path = tuple[str | int, ...]


class _Merged:
    """The merged document and, for every path in it, the file position it came from."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.marks: dict[Path, str] = {}
        self.raw: dict[Path, str] = {}
        self.top: dict[str, str] = {}

    def add(self, doc: yamlsafe.Located, problems: list[str]) -> None:
        if not isinstance(doc.data, dict):
            problems.append(f"{doc.where(())}: expected a mapping (key: value) at the top level")
            return
        offsets: dict[str, int] = {}
        for key, value in doc.data.items():
            if (
                key in LIST_KEYS
                and isinstance(value, list)
                and isinstance(self.data.get(key), list)
            ):
                offsets[key] = len(self.data[key])
                self.data[key] = self.data[key] + value
            elif key in self.data:
                problems.append(
                    f"{doc.where((key,))}: '{key}' is already defined in {self.top[key]}"
                )
                continue
            else:
                self.data[key] = value
                self.top[key] = doc.source
        for path, (line, col) in doc.marks.items():
            self.marks[self._shift(path, offsets)] = f"{doc.source}:{line}:{col}"
        for path, text in doc.raw.items():
            self.raw[self._shift(path, offsets)] = text
        self.marks.setdefault((), f"{doc.source}:1:1")

    @staticmethod
    def _shift(path: Path, offsets: Mapping[str, int]) -> Path:
        if (
            len(path) >= 2
            and isinstance(path[0], str)
            and path[0] in offsets
            and isinstance(path[1], int)
        ):
            return (path[0], path[1] + offsets[path[0]], *path[2:])
        return path

    def where(self, path: Iterable[Any]) -> str:
        p = tuple(path)
        for cut in range(len(p), -1, -1):
            if p[:cut] in self.marks:
                return self.marks[p[:cut]]
        return "bank:1:1"


def parse_points(value: Any) -> Fraction:
    """Points as the bank and weights schemas allow them: a number, or text "a", "a.b", "a/c" or
    "a.b/c" (Fraction alone refuses the last, which the schemas' pattern accepts)."""
    if isinstance(value, str):
        whole, slash, den = value.partition("/")
        return Fraction(whole) / (int(den) if slash else 1)
    return Fraction(str(value))


def _text(d: Any) -> I18n:
    return I18n(str(d["zh"]), str(d["en"]))


def _opt_text(d: Any) -> I18n | None:
    return None if d is None else _text(d)


def _quota(d: Any) -> Quota | None:
    if d is None:
        return None
    return Quota(d["of"], int(d["percent"]), int(d.get("least", 1)), _text(d["needed"]))


class Cache(Protocol):
    def get(self, key: str) -> Any: ...
    def put(self, key: str, value: Any) -> None: ...


def load_bank_cached(
    files: Sequence[tuple[str, bytes]], source: str, cache: Cache | None, fingerprint: bytes = b""
) -> Bank:
    """`load_bank`, remembered: a bank already checked with the same bytes and the same loader code
    comes back from the cache."""
    if cache is None:
        return load_bank(files, source)
    digest = hashlib.sha256(fingerprint)
    for name, data in files:
        digest.update(_base(name).encode() + b"\0" + hashlib.sha256(data).digest())
    key = digest.hexdigest()
    hit = cache.get(key)
    if isinstance(hit, Bank):
        return dataclasses.replace(hit, source=source)
    bank = load_bank(files, source)
    cache.put(key, bank)
    return bank


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def load_bank(files: Sequence[tuple[str, bytes]], source: str) -> Bank:
    """Parse, validate and cross-check a bank given as (display name, bytes) pairs, bank.yaml first."""
    from interviewer.core import yamlsafe

    problems: list[str] = []
    merged = _Merged()
    for name, data in files:
        try:
            merged.add(yamlsafe.load(yamlsafe.decode(data, name), name), problems)
        except BankError as exc:
            problems.extend(exc.problems)
    if problems:
        raise BankError(problems)
    if not merged.data:
        raise BankError(f'{source}: expected a mapping with "items" at the top level')
    problems = validation.problems("bank.schema.json", merged.data, merged.where, merged.raw.get)
    if problems:
        raise BankError(problems)
    digest = hashlib.sha256()
    for name, data in files:
        # base names only: the hash must not depend on the folder the tool was started from
        digest.update(name.replace("\\", "/").rsplit("/", 1)[-1].encode() + b"\0" + data + b"\0")
    return _Builder(merged).build(digest.hexdigest(), source)


def _option(o: Mapping[str, Any]) -> Option:
    return Option(
        o["value"],
        _text(o["label"]),
        None if o.get("credit") is None else Fraction(str(o["credit"])),
        o.get("means"),
        bool(o.get("quick_win", False)),
    )


class _Builder:
    def __init__(self, merged: _Merged) -> None:
        self.m = merged
        self.d = merged.data
        self.problems: list[str] = []
        self.sets: dict[str, Any] = self.d.get("option_sets", {})
        self._qpaths: dict[str, Path] = {}
        """Where each question id is first defined; _qpath_all keeps every place (duplicates)."""
        self._qpath_all: dict[str, list[Path]] = {}

    def err(self, path: Path, message: str) -> None:
        self.problems.append(f"{self.m.where(path)}: {message}")

    def build(self, sha256: str, source: str) -> Bank:
        groups = self._groups()
        indicators = self._indicators(groups)
        questions: list[Question] = []
        sections: tuple[Section, ...] = ("profile", "eligibility", "special")
        for section in sections:
            for n, q in enumerate(self.d.get(section, [])):
                questions.append(self._question(q, (section, n), section, None, False))
        items = self._items(indicators, questions)
        self._unique(questions)
        bank_groups = tuple(
            Group(
                g["id"],
                _text(g["title"]),
                parse_points(g["points"]),
                tuple(i.id for i in indicators if i.group == g["id"]),
            )
            for g in groups
        )
        bank_indicators = tuple(
            Indicator(
                i.id,
                i.group,
                i.title,
                i.provenance,
                tuple(it.id for it in items if it.indicator == i.id),
                i.discussion,
                i.mistake,
            )
            for i in indicators
        )
        if self.problems:
            raise BankError(self.problems)
        bank = Bank(
            id=self.d["id"],
            version=str(self.d["version"]),
            title=_text(self.d["title"]),
            weighting_note=_opt_text(self.d.get("weighting_note"))
            or I18n.of("组内分值为估计值。", "Points below the groups are estimates."),
            groups=bank_groups,
            indicators=bank_indicators,
            items=tuple(items),
            questions=tuple(questions),
            sha256=sha256,
            source=source,
            materials=tuple(
                Material(_text(m["text"]), m.get("when"))
                for m in self.d.get("application_materials", [])
            ),
        )
        self.problems += check_semantics(bank, self.m.where, self._qpath)
        self.problems += check_totals(bank, lambda gid: self.m.where(("groups", self._gindex[gid])))
        if self.problems:
            raise BankError(self.problems)
        return bank

    # -- pieces -------------------------------------------------------------------------------
    def _groups(self) -> list[dict[str, Any]]:
        groups: list[dict[str, Any]] = self.d["groups"]
        self._gindex = {g["id"]: n for n, g in enumerate(groups)}
        for n, g in enumerate(groups):
            if self._gindex[g["id"]] != n:
                self.err(("groups", n, "id"), f"group '{g['id']}' is defined twice")
        return groups

    def _indicators(self, groups: list[dict[str, Any]]) -> list[Indicator]:
        out: list[Indicator] = []
        seen: dict[str, int] = {}
        for n, i in enumerate(self.d["indicators"]):
            if i["id"] in seen:
                self.err(("indicators", n, "id"), f"indicator '{i['id']}' is defined twice")
            seen[i["id"]] = n
            if i["group"] not in self._gindex:
                self.err(("indicators", n, "group"), f"unknown group '{i['group']}'")
            out.append(
                Indicator(
                    i["id"],
                    i["group"],
                    _text(i["title"]),
                    i["provenance"],
                    (),
                    _opt_text(i.get("discussion")),
                    _opt_text(i.get("common_mistake")),
                )
            )
        self._iindex = seen
        return out

    def _items(self, indicators: list[Indicator], questions: list[Question]) -> list[Item]:
        by_id = {i.id: i for i in indicators}
        order = {i.id: n for n, i in enumerate(indicators)}
        raw_items = list(enumerate(self.d["items"]))
        raw_items.sort(key=lambda p: (order.get(p[1]["indicator"], 10**6), p[0]))
        items: list[Item] = []
        seen: dict[str, str] = {}
        self._ipath: dict[str, Path] = {}
        for n, it in raw_items:
            path: Path = ("items", n)
            iid = it["id"]
            if iid in seen:
                self.err((*path, "id"), f"item id '{iid}' is used twice (first at {seen[iid]})")
                continue
            seen[iid] = self.m.where((*path, "id"))
            self._ipath[iid] = path
            ind = by_id.get(it["indicator"])
            if ind is None:
                self.err((*path, "indicator"), f"unknown indicator '{it['indicator']}'")
                continue
            if not (iid == ind.id or iid.startswith(ind.id + ".") or iid.startswith(ind.id + "-")):
                self.err((*path, "id"), f"item '{iid}' does not belong under indicator '{ind.id}'")
            can_na = bool(it.get("may_exclude")) or "exclude_when" in it
            qids = []
            for k, q in enumerate(it["questions"]):
                question = self._question(q, (*path, "questions", k), "item", iid, can_na)
                questions.append(question)
                qids.append(question.id)
            has_sampled = any(q.get("type") == "sampled" for q in it["questions"])
            if bool(it.get("sampled", False)) != has_sampled:
                self.err(
                    (*path, "sampled"),
                    "'sampled' must be true exactly when the item has a question of type sampled",
                )
            items.append(
                Item(
                    id=iid,
                    indicator=ind.id,
                    group=ind.group,
                    title=_text(it["title"]),
                    requirement=_text(it["requirement"]),
                    why=_opt_text(it.get("why")),
                    points=parse_points(it["points"]),
                    provenance=it["provenance"],
                    evidence=I18nList(tuple(it["evidence"]["zh"]), tuple(it["evidence"]["en"])),
                    fix=I18nList(tuple(it["fix"]["zh"]), tuple(it["fix"]["en"])),
                    effort=it["effort"],
                    may_exclude=can_na,
                    exclude_when=it.get("exclude_when"),
                    exclude_reason=_opt_text(it.get("exclude_reason")),
                    sampled=has_sampled,
                    question_ids=tuple(qids),
                    evidence_when=self._evidence_when(it, path),
                    quota=_quota(it.get("quota")),
                )
            )
        for ind in indicators:
            if not any(i.indicator == ind.id for i in items):
                self.err(("indicators", self._iindex[ind.id]), f"indicator '{ind.id}' has no items")
        return items

    def _evidence_when(self, it: Mapping[str, Any], path: Path) -> tuple[Condition | None, ...]:
        """`evidence_when` keyed by line number, as one condition (or None) per evidence line."""
        raw = it.get("evidence_when") or {}
        count = len(it["evidence"]["zh"])
        for key in raw:
            if int(key) > count:
                self.err(
                    (*path, "evidence_when", key),
                    f"evidence line {key} does not exist (the clause has {count} evidence lines)",
                )
        return tuple(raw.get(str(n)) for n in range(1, count + 1)) if raw else ()

    def _question(
        self, q: Mapping[str, Any], path: Path, section: Section, item_id: str | None, can_na: bool
    ) -> Question:
        self._qpaths.setdefault(q["id"], path)
        self._qpath_all.setdefault(q["id"], []).append(path)
        qtype = q.get("type", "choice")
        options = self._options(q, path, section, qtype)
        self._check_type(q, path, section, qtype)
        return Question(
            id=q["id"],
            section=section,
            text=_text(q["text"]),
            type=qtype,
            options=options,
            help=_opt_text(q.get("help")),
            sample=_opt_text(q.get("sample")),
            when=q.get("when"),
            min=int(q.get("min", 0)),
            max=q.get("max"),
            item_id=item_id,
            effect=q.get("effect"),
            kind=q.get("kind"),
            issue=_opt_text(q.get("issue")),
            can_be_na=can_na,
        )

    def _options(
        self, q: Mapping[str, Any], path: Path, section: Section, qtype: str
    ) -> tuple[Option, ...]:
        """The question's options (its own or a named set); only choice questions may have any."""
        raw_opts, unknown_set = self._raw_options(q, path)
        if qtype == "choice":
            if not raw_opts and not unknown_set:
                self.err(path, f"question {q['id']}: a choice question needs options")
            options = tuple(_option(o) for o in raw_opts or [])
            self._check_options(q, path, section, options)
            return options
        if raw_opts:
            self.err((*path, "options"), f"question {q['id']}: a {qtype} question has no options")
        return ()

    def _raw_options(self, q: Mapping[str, Any], path: Path) -> tuple[Any, bool]:
        """The options as written, a named set resolved; True when the set is unknown (reported
        here, so the question is not also told it "needs options")."""
        raw_opts = q.get("options")
        if not isinstance(raw_opts, str):
            return raw_opts, False
        if raw_opts in self.sets:
            return self.sets[raw_opts], False
        self.err(
            (*path, "options"),
            f"unknown option set '{raw_opts}' (defined: {', '.join(sorted(self.sets)) or 'none'})",
        )
        return [], True

    def _check_options(
        self, q: Mapping[str, Any], path: Path, section: Section, options: tuple[Option, ...]
    ) -> None:
        """Distinct values; credit on every option of a scored question, none on a profile one."""
        values = [o.value for o in options]
        for v in {v for v in values if values.count(v) > 1}:
            self.err((*path, "options"), f"question {q['id']}: option value '{v}' is used twice")
        scored = section in ("item", "eligibility") or q.get("effect") == "bonus"
        if scored and any(o.credit is None for o in options):
            self.err(
                (*path, "options"), f"question {q['id']}: every option needs a 'credit' (0..1)"
            )
        if section == "profile" and any(o.credit is not None for o in options):
            self.err(
                (*path, "options"),
                f"question {q['id']}: profile answers earn no credit; remove 'credit'",
            )

    def _check_type(self, q: Mapping[str, Any], path: Path, section: Section, qtype: str) -> None:
        """Each question type where it belongs, with what it needs (max, sample, effect)."""
        if qtype in ("number", "count") and q.get("max") is None:
            self.err(path, f"question {q['id']}: a {qtype} question needs 'max'")
        if qtype == "number" and section != "profile":
            self.err((*path, "type"), f"question {q['id']}: number questions belong in the profile")
        if qtype == "count" and q.get("effect") != "deduction":
            self.err(
                (*path, "type"), f"question {q['id']}: count questions are for special deductions"
            )
        if qtype == "sampled" and section != "item":
            self.err((*path, "type"), f"question {q['id']}: sampled questions belong to items")
        if qtype == "sampled" and "sample" not in q:
            self.err(path, f"question {q['id']}: a sampled question needs 'sample' (what to count)")
        if q.get("effect") == "deduction" and qtype != "count":
            self.err(
                (*path, "type"), f"question {q['id']}: a deduction question must have type: count"
            )
        if q.get("effect") == "bonus" and qtype != "choice":
            self.err((*path, "type"), f"question {q['id']}: a bonus question must be a choice")

    def _qpath(self, qid: str) -> Path:
        path: Path = self._qpaths.get(qid, ())
        return path

    def _unique(self, questions: list[Question]) -> None:
        for qid, paths in self._qpath_all.items():
            if len(paths) > 1:
                places = [self.m.where((*p, "id")) for p in paths]
                self.problems.append(
                    f'{places[1]}: question id "{qid}" is used twice ({" and ".join(places)})'
                )


def check_semantics(bank: Bank, where: Any, qpath: Any) -> list[str]:
    """Conditions, references and reachability. Conditions may only read questions asked earlier,
    which rules out cycles by construction; a backward reference is reported as a loop."""
    problems: list[str] = []
    for q in bank.questions:
        if q.when is not None:
            problems += _check_condition(bank, q.when, q.id, where((*qpath(q.id), "when")), "when")
    for item in bank.items:
        if item.exclude_when is not None:
            first = item.question_ids[0]
            problems += _check_condition(
                bank,
                item.exclude_when,
                first,
                where((*qpath(first)[:2], "exclude_when")),
                "exclude_when",
            )
    for item in bank.items:
        first = item.question_ids[0]
        for n, cond in enumerate(item.evidence_when, 1):
            if cond is not None:
                problems += _check_condition(
                    bank,
                    cond,
                    first,
                    where((*qpath(first)[:2], "evidence_when", str(n))),
                    f"evidence_when.{n}",
                )
        if item.quota is not None:
            of = item.quota.of
            if not bank.has_question(of) or bank.question(of).type != "number":
                problems.append(
                    f"{where((*qpath(first)[:2], 'quota', 'of'))}: quota.of must name a question "
                    f"of type number, not '{of}'"
                )
            elif bank.order(of) >= bank.order(first):
                problems.append(
                    f"{where((*qpath(first)[:2], 'quota', 'of'))}: quota.of '{of}' is asked after "
                    f"this clause; it must be asked earlier"
                )
    for n, m in enumerate(bank.materials):
        if m.when is not None:
            problems += _check_condition(
                bank,
                m.when,
                bank.questions[-1].id,
                where(("application_materials", n, "when")),
                f"application_materials[{n}].when",
                strict_order=False,
            )
    return problems or _check_reachable(bank, where, qpath)


def _check_reachable(bank: Bank, where: Any, qpath: Any) -> list[str]:
    """Every question can be asked by some profile and earlier answers (checked only once the
    conditions themselves are sound, and within a budget so a hostile bank cannot hang us)."""
    problems: list[str] = []
    budget = _Budget()
    for q in bank.questions:
        try:
            reachable = _reachable(bank, q, budget)
        except TooComplex:
            problems.append(
                f"{where(qpath(q.id))}: question {q.id}: the bank's conditions are too complex to "
                f"check (more than {budget_cases():,} cases tried); simplify the conditions of this "
                "question or the ones it reads"
            )
            break
        if not reachable:
            problems.append(
                f"{where(qpath(q.id))}: question {q.id} can never be reached "
                "(no profile and no earlier answers make its conditions true)"
            )
    return problems


def _check_condition(
    bank: Bank, cond: Any, qid: str, where: str, label: str, strict_order: bool = True
) -> list[str]:
    out = [f"{where}: question {qid}, {p}: {m}" for p, m in conditions.check(cond, label)]
    if out:
        return out
    mine = bank.order(qid)
    for ref, literal in conditions.references(cond):
        if not bank.has_question(ref):
            out.append(f"{where}: question {qid}, {label}: unknown question id '{ref}'")
            continue
        if strict_order and bank.order(ref) >= mine:
            kind = "itself" if ref == qid else f"{ref}, which is asked later"
            out.append(
                f"{where}: question {qid}, {label}: refers to {kind} — "
                f"questions {qid} → {ref} would form a loop; a condition may only read earlier answers"
            )
            continue
        target = bank.question(ref)
        if literal is None:
            continue
        if target.type == "choice" and target.option(literal) is None:
            values = ", ".join(o.value for o in target.options)
            out.append(
                f"{where}: question {qid}, {label}: question {ref} has no option '{literal}' "
                f"(options: {values})"
            )
        elif target.type != "choice" and (
            isinstance(literal, bool) or not isinstance(literal, int | float)
        ):
            out.append(
                f"{where}: question {qid}, {label}: question {ref} takes a number; compare it with a number"
            )
    return out


def _candidates(bank: Bank, qid: str, conds: Iterable[Any]) -> list[Any]:
    q = bank.question(qid)
    if q.type == "choice":
        return [None, *(o.value for o in q.options)]
    nums: set[float] = {q.min, q.max or q.min}
    for c in conds:
        for ref, lit in conditions.references(c):
            if ref == qid and isinstance(lit, int | float) and not isinstance(lit, bool):
                nums |= {lit - 1, lit, lit + 1}
    return [None, *sorted(n for n in nums if n >= q.min)]


REACH_BUDGET = 200_000
"""Cases the reachability check may try for a whole bank. Deciding reachability is satisfiability,
so no method is fast on every bank; the search prunes as soon as a partial set of answers settles
a condition, which keeps real banks to a few cases per question, and a bank that still needs more
is refused with a clear message instead of keeping `bank check` busy for minutes."""


class _Budget:
    def __init__(self, cases: int | None = None) -> None:
        self.left = REACH_BUDGET if cases is None else cases


def _partial(cond: Any, assigned: Mapping[str, Any]) -> bool | None:
    """Three-valued: the verdict if the questions assigned so far settle it (a key present with
    None means "left unanswered"), else None."""
    ((op, arg),) = cond.items()
    if op in ("all", "any"):
        stop = op == "any"
        unknown = False
        for sub in arg:
            verdict = _partial(sub, assigned)
            if verdict is stop:
                return stop
            unknown |= verdict is None
        return None if unknown else not stop
    if op == "not":
        inner = _partial(arg, assigned)
        return None if inner is None else not inner
    qid = arg if op == "answered" else arg[0]
    if qid not in assigned:
        return None
    return conditions.evaluate(cond, assigned)


def budget_cases() -> int:
    return REACH_BUDGET


class TooComplex(Exception):
    """The reachability search ran out of its budget."""


def _reachable(bank: Bank, q: Question, budget: _Budget | None = None) -> bool:
    """Is there some set of earlier answers under which `q` is asked? A backtracking search over
    the questions its conditions (and theirs, transitively) read, cut off as soon as the answers
    chosen so far settle a condition. Raises TooComplex when `budget` runs out."""
    budget = budget or _Budget()
    item = bank.item_of(q)
    exclusion = item.exclude_when if item else None
    refs: list[str] = []
    frontier = [c for c in (q.when, exclusion) if c is not None]
    while frontier:
        cond = frontier.pop()
        for ref, _ in conditions.references(cond):
            if ref not in refs:
                refs.append(ref)
                parent = bank.question(ref).when
                if parent is not None:
                    frontier.append(parent)
    if not refs:
        return True
    refs.sort(key=bank.order)  # parents before the questions they gate: earlier pruning
    all_conds = [c for c in (q.when, exclusion) if c is not None] + [
        bank.question(r).when for r in refs if bank.question(r).when is not None
    ]
    choices = [_candidates(bank, r, all_conds) for r in refs]
    parents = [bank.question(r).when for r in refs]
    assigned: dict[str, Any] = {}

    def dead() -> bool:
        if q.when is not None and _partial(q.when, assigned) is False:
            return True
        if exclusion is not None and _partial(exclusion, assigned) is True:
            return True
        return any(
            r in assigned
            and assigned[r] is not None
            and parent is not None
            and _partial(parent, assigned) is False
            for r, parent in zip(refs, parents, strict=True)
        )

    def search(depth: int) -> bool:
        budget.left -= 1
        if budget.left < 0:
            raise TooComplex
        if dead():
            return False
        if depth == len(refs):
            return True
        ref = refs[depth]
        for value in choices[depth]:
            assigned[ref] = value
            if search(depth + 1):
                return True
        del assigned[ref]
        return False

    return search(0)


def check_totals(bank: Bank, where_group: Any) -> list[str]:
    problems = []
    total = Fraction(0)
    for g in bank.groups:
        got = sum((i.points for i in bank.items if i.group == g.id), Fraction(0))
        total += g.points
        if got != g.points:
            problems.append(
                f"{where_group(g.id)}: group {g.id} should total {_fmt(g.points)} points "
                f"but its items add up to {_fmt(got)}"
            )
    if total != 100:
        problems.append(
            f"{where_group(bank.groups[0].id)}: the groups should total 100 points, not {_fmt(total)}"
        )
    return problems


def _fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):.4f} ({x})"

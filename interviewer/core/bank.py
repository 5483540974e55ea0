"""The question bank as frozen values: groups → indicators → items → questions, plus the profile,
eligibility and special (deduction / bonus) questions. Built and checked by `bankload`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal, TypeVar

from interviewer.core.conditions import Condition
from interviewer.core.text import I18n, I18nList

Section = Literal["profile", "eligibility", "special", "item"]
QuestionType = Literal["choice", "sampled", "number", "count"]
Effort = Literal["low", "medium", "high"]
EFFORT_COST: dict[str, int] = {"low": 1, "medium": 2, "high": 3}
SECTIONS: tuple[Section, ...] = ("profile", "eligibility", "special", "item")
T = TypeVar("T")


@dataclass(frozen=True)
class Option:
    value: str
    label: I18n
    credit: Fraction | None = None
    means: str | None = None
    quick_win: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    section: Section
    text: I18n
    type: QuestionType = "choice"
    options: tuple[Option, ...] = ()
    help: I18n | None = None
    sample: I18n | None = None
    when: Condition | None = None
    min: int = 0
    max: int | None = None
    item_id: str | None = None
    effect: Literal["deduction", "bonus"] | None = None
    kind: str | None = None
    issue: I18n | None = None
    can_be_na: bool = False
    """True when the item may be excluded: the UI offers "not applicable" (with a reason)."""
    _by_value: dict[Any, Option] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_value", {o.value: o for o in self.options})

    def option(self, value: Any) -> Option | None:
        try:
            return self._by_value.get(value)
        except TypeError:  # an unhashable value from a hand-edited file is no option
            return None


@dataclass(frozen=True)
class Quota:
    """A head count the clause sets as a share of a number the user gave earlier (5.1.2.2: 10 %
    of the after-sales management staff are certified): training cards work it out."""

    of: str
    percent: int
    least: int
    needed: I18n


@dataclass(frozen=True)
class Item:
    id: str
    indicator: str
    group: str
    title: I18n
    requirement: I18n
    why: I18n | None
    points: Fraction
    provenance: str
    evidence: I18nList
    fix: I18nList
    effort: Effort
    may_exclude: bool
    exclude_when: Condition | None
    exclude_reason: I18n | None
    sampled: bool
    question_ids: tuple[str, ...]
    evidence_when: tuple[Condition | None, ...] = ()
    """Per evidence line: the condition under which it applies (None: always)."""
    quota: Quota | None = None

    @property
    def excludable(self) -> bool:
        return self.may_exclude or self.exclude_when is not None


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    title: I18n
    provenance: str
    item_ids: tuple[str, ...]
    discussion: I18n | None = None
    """For a course: a prompt for the class to discuss (inferred teaching material)."""
    mistake: I18n | None = None
    """For a course: a common mistake firms make here (inferred teaching material)."""


@dataclass(frozen=True)
class Group:
    id: str
    title: I18n
    points: Fraction
    indicator_ids: tuple[str, ...]


@dataclass(frozen=True)
class WeightInfo:
    """Which weight profile replaced the bank's estimated split (None: the estimate is in use)."""

    name: I18n
    source: str
    sha256: str
    path: str


@dataclass(frozen=True)
class Material:
    """Something to prepare for the application itself (not tied to one clause)."""

    text: I18n
    when: Condition | None = None


@dataclass(frozen=True)
class Step:
    """One question as the visibility pass needs it."""

    question: Question
    item_id: str | None
    excluded: Callable[[Mapping[str, Any]], bool] | None
    shown: Callable[[Mapping[str, Any]], bool] | None


@dataclass(frozen=True)
class Bank:
    id: str
    version: str
    title: I18n
    weighting_note: I18n
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    items: tuple[Item, ...]
    questions: tuple[Question, ...]
    """Every question in asking order: profile, eligibility, special, then items in clause order."""
    sha256: str
    source: str
    weights: WeightInfo | None = None
    materials: tuple[Material, ...] = ()
    _q: dict[str, Question] = field(init=False, repr=False, compare=False)
    _i: dict[str, Item] = field(init=False, repr=False, compare=False)
    _order: dict[str, int] = field(init=False, repr=False, compare=False)
    _memo: dict[str, Any] = field(init=False, repr=False, compare=False, default_factory=dict)
    _plan: tuple[Step, ...] | None = field(init=False, repr=False, compare=False, default=None)
    _scaled: tuple[int, tuple[int, ...]] | None = field(
        init=False, repr=False, compare=False, default=None
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_q", {q.id: q for q in self.questions})
        object.__setattr__(self, "_i", {i.id: i for i in self.items})
        object.__setattr__(self, "_order", {q.id: n for n, q in enumerate(self.questions)})

    def memo(self, name: str, make: Callable[[Bank], T]) -> T:
        """What a module works out once per bank (the completions' layout), kept with the bank so
        that it lives as long as the bank and goes into the bank cache with it; the bank does not
        need to know the modules that use it."""
        if name not in self._memo:
            self._memo[name] = make(self)
        value: T = self._memo[name]
        return value

    def __getstate__(self) -> dict[str, Any]:
        """The compiled plan holds closures: rebuilt after unpickling, never pickled."""
        state = dict(self.__dict__)
        state["_plan"] = None
        return state

    def plan(self) -> tuple[Step, ...]:
        """Every question with its item and compiled conditions, in asking order: what the
        visibility pass walks (built once per bank, on first use)."""
        if self._plan is None:
            from interviewer.core.conditions import compiled

            steps = []
            for q in self.questions:
                item = self.item_of(q)
                exclude = item.exclude_when if item is not None else None
                steps.append(
                    Step(
                        q,
                        q.item_id,
                        compiled(exclude) if exclude is not None else None,
                        compiled(q.when) if q.when is not None else None,
                    )
                )
            object.__setattr__(self, "_plan", tuple(steps))
        assert self._plan is not None
        return self._plan

    def scaled_points(self) -> tuple[int, tuple[int, ...]]:
        """(scale, each item's points × scale as an integer, in the bank's order): sums of points
        without fractions."""
        if self._scaled is None:
            import math

            scale = math.lcm(1, *(i.points.denominator for i in self.items))
            points = tuple(int(i.points * scale) for i in self.items)
            object.__setattr__(self, "_scaled", (scale, points))
        assert self._scaled is not None
        return self._scaled

    def question(self, qid: str) -> Question:
        return self._q[qid]

    def has_question(self, qid: str) -> bool:
        return qid in self._q

    def item(self, iid: str) -> Item:
        return self._i[iid]

    def has_item(self, iid: str) -> bool:
        return iid in self._i

    def order(self, qid: str) -> int:
        return self._order[qid]

    def group(self, gid: str) -> Group:
        return next(g for g in self.groups if g.id == gid)

    def indicator(self, iid: str) -> Indicator:
        return next(i for i in self.indicators if i.id == iid)

    def item_of(self, question: Question) -> Item | None:
        return self._i.get(question.item_id) if question.item_id else None

    @property
    def total_points(self) -> Fraction:
        return sum((g.points for g in self.groups), Fraction(0))

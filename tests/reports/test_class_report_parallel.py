"""A large class is scored by forked workers: they inherit the bank (it is never pickled with a
chunk of files), and the result is the one a single process gets, copies counted once."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from interviewer import cli
from interviewer.core import classreport, storage
from interviewer.core.bank import Bank
from interviewer.core.bankopen import open_bank

TINY = Path(__file__).resolve().parent.parent / "data" / "banks" / "tiny.yaml"


@pytest.mark.skipif(
    multiprocessing.cpu_count() < 2 or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs two cores and fork",
)
def test_forked_workers_inherit_the_bank_and_agree_with_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "class"
    for n, sample in enumerate(("10/10", "7/10", "3/10", "9/10")):
        src = tmp_path / f"{n}.yaml"
        src.write_text(
            f'p.delivery: "yes"\ne.legal: 是\ns.law: 0\ns.bonus: 否\n5.1.1.1-a: 有\n'
            f"5.1.1.1-b: 有\n5.1.1.2-a: 1\n5.1.1.2-b: {sample}\n5.2.1-i1-a: 是\n5.2.1-i2-a: 是\n",
            encoding="utf-8",
        )
        out = folder / f"{n + 1:032x}.json"
        argv = ["run", "--bank", str(TINY), "--answers", str(src), "--out", str(out)]
        assert cli.main([*argv, "--name", f"p{n}"]) == 0
    files = storage.list_files(folder)
    files = [files[0], files[0], *files[1:]]  # a copy lands in the other worker's chunk
    bank = open_bank(TINY)
    alone = classreport.build(bank, classreport.score_files(bank, files))

    def refuse(self: Bank, protocol: int) -> object:
        raise AssertionError("the bank was pickled for a worker")

    monkeypatch.setattr(Bank, "__reduce_ex__", refuse)
    monkeypatch.setattr(classreport, "PARALLEL_FROM", 2)
    shared = classreport.build(bank, classreport.score_all(bank, files))
    assert shared == alone
    assert shared["counts"]["duplicates"] == 1 and shared["counts"]["finished"] == 4
    unique = files[1:]  # no copies: the workers' per-clause sums are used as they come
    summed = classreport.build(bank, classreport.score_all(bank, unique))
    counted = classreport.build(
        bank, classreport.Roll(classreport.score_files(bank, unique).people)
    )
    assert summed == counted == {**alone, "counts": {**alone["counts"], "duplicates": 0}}


@pytest.mark.skipif(not storage.can_fork(), reason="needs two cores and fork")
def test_a_worker_that_fails_loses_no_participant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forked child dies before it sends anything: this process scores the child's share
    itself, and the report is the one a single process makes."""
    folder = tmp_path / "class"
    src = tmp_path / "a.yaml"
    src.write_text('p.delivery: "yes"\ne.legal: 是\n5.1.1.1-a: 有\n', encoding="utf-8")
    for n in range(6):
        out = folder / f"{n + 1:032x}.json"
        argv = ["run", "--bank", str(TINY), "--answers", str(src), "--out", str(out)]
        assert cli.main([*argv, "--name", f"p{n}"]) == 0
    files = storage.list_files(folder)
    bank = open_bank(TINY)
    alone = classreport.build(bank, classreport.score_files(bank, files))
    parent = os.getpid()
    real = classreport.score_files

    def dies_in_the_child(*args: Any) -> classreport.Roll:
        if os.getpid() != parent:
            raise MemoryError("the child ran out of memory")
        return real(*args)

    monkeypatch.setattr(classreport, "PARALLEL_FROM", 2)
    monkeypatch.setattr(classreport, "score_files", dies_in_the_child)
    shared = classreport.build(bank, classreport.score_all(bank, files))
    assert shared == alone and len(shared["started"]) + shared["count"] == 6

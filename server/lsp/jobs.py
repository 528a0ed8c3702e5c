"""Work on a document off the event loop: only for its current version, never queued behind
other documents.

Each open document has its own worker: a daemon thread that exists while the document has work
queued, and runs that work one job at a time. A job is for one (version, settings generation);
a job whose key is no longer the document's current one when its turn comes is not started (nor
one nobody waits for any more, unless it is worth keeping), and its waiters wake up to wait for
the job of the current key instead. A running job can ask `stale()` between its steps and give
up. An analysis that would take long waits for a pause in the typing first (a fraction of its
last run, at most 0.2 s), so that keys typed into a huge report do not each start one. One
worker per document, rather than one queue for all, means a request on a small report
never waits behind a megabyte being linted, and typing into a huge report costs at most the
analysis that is running plus the one for the newest version. The threads are daemons, so an
`exit` does not wait for a lint that nobody needs any more.
"""
from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from typing import Callable

STALE = object()          # what a job that gave up returns


class Job:
    __slots__ = ("kind", "key", "run", "future", "waiters", "keep", "started", "ended")

    def __init__(self, kind: str, key: tuple, run: Callable, future: asyncio.Future, keep: bool):
        self.kind = kind
        self.key = key                  # (version, settings generation) it is for
        self.run = run                  # run(stale) -> result, in the worker thread
        self.future = future            # resolved on the event loop when it ends or is dropped
        self.waiters = 0
        self.keep = keep                # worth running with nobody waiting (a document's analysis)
        self.started: float | None = None    # perf_counter() when it started, if it did …
        self.ended: float | None = None      # … and when it ended


class Worker:
    def __init__(self, loop: asyncio.AbstractEventLoop, current: Callable[[], tuple | None],
                 settle: Callable[[Job], float], began: Callable[[Job], None],
                 finished: Callable[[Job, object, BaseException | None], None], name: str):
        self.loop = loop
        self.current = current          # the document's current key; None once it is closed
        self.settle = settle            # seconds a job should still wait for the typing to pause
        self.began = began              # called on the event loop when a job starts …
        self.finished = finished        # … and with each job's outcome, run or dropped
        self.name = name
        self.queue: deque[Job] = deque()
        self.lock = threading.Lock()
        self.busy = False

    def wanted(self, job: Job) -> bool:
        return job.key == self.current() and (job.keep or job.waiters > 0)

    def submit(self, job: Job) -> None:
        with self.lock:
            self.queue.append(job)
            if self.busy:
                return
            self.busy = True
        threading.Thread(target=self._work, name=self.name, daemon=True).start()

    def _work(self) -> None:
        while True:
            with self.lock:
                if not self.queue:
                    self.busy = False
                    return
                job = self.queue.popleft()
            result, error = STALE, None
            while self.wanted(job) and (wait := self.settle(job)) > 0:
                time.sleep(wait)
            try:
                if self.wanted(job):
                    job.started = time.perf_counter()
                    self.loop.call_soon_threadsafe(self.began, job)
                    try:
                        result = job.run(lambda: not self.wanted(job))
                    except Exception as e:          # handed to the waiters, as an error answer
                        error = e
                    job.ended = time.perf_counter()
                self.loop.call_soon_threadsafe(self.finished, job, result, error)
            except RuntimeError:                    # the event loop has closed: the server is ending
                return

"""The build's side of a Dask cluster: connect to the user's scheduler (started with Dask's own
``dask scheduler``; workers with ``dask worker ADDRESS --resources render=N``), refuse to build on
workers whose project or Manim differs, send each scene's render with its files, follow progress,
and stop everything on Ctrl-C. Dask schedules, retries and re-runs the work of a lost worker."""
from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

from lessonpublish.jobs import Cancelled

from . import call, worker

TASK = "lessonfarm.worker.render_task"
IDENTITY = "lessonfarm.worker.identity"

RESOURCE = "render"  # how many renders a worker runs at once: dask worker ... --resources render=2
RETRIES = 2  # a render that raised (a full disk, say) is tried again elsewhere; a lost worker's is re-run anyway
GONE_AFTER = 20.0  # seconds without a scheduler before the build stops


def _slots(worker_info: dict) -> int:
    """How many renders a worker (as the scheduler describes it) runs at once."""
    return int(worker_info.get("resources", {}).get(RESOURCE, 0))


class ClusterError(Exception):
    """The cluster cannot be used, or went away; said in one line."""


ADDRESS = re.compile(r"(tcp|tls)://(\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?")


def address_from(option: str | None, env: dict[str, str]) -> str | None:
    """The scheduler the build uses: --scheduler, else $DASK_SCHEDULER_ADDRESS, else None (local);
    ClusterError for an address that is not one (tcp://HOST:PORT or tls://HOST:PORT)."""
    given = option if option is not None else env.get("DASK_SCHEDULER_ADDRESS", "")
    value = given.strip()
    if value and "://" not in value:
        value = f"tcp://{value}"
    if value and not ADDRESS.fullmatch(value):
        where = "--scheduler" if option is not None else "DASK_SCHEDULER_ADDRESS"
        raise ClusterError(f"{where} {given!r} is not a Dask scheduler's address, such as tcp://HOST:8786")
    return value or None


class Cluster:
    """A connection to the scheduler at ``address`` for one build. ``on_event(label, worker,
    animations)`` hears of every render starting (animations 0) and going on."""

    def __init__(self, address: str, on_event: Callable[[str, str, int], None], wait: float = 30.0):
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError("rendering on a Dask cluster needs Dask's distributed package: "
                               "pip install -e '.[video,cluster]'") from None
        for name in ("distributed", "tornado"):  # the build says what went wrong, in one line of its own
            logging.getLogger(name).setLevel(logging.CRITICAL)
        self.call = call.by_value()  # the scheduler needs nothing of the project
        self.address = address
        try:
            self.client = Client(address, timeout="10s", set_as_default=False)
        except Exception as e:  # noqa: BLE001 - any reason (unreachable, TLS without Dask's security settings)
            raise ClusterError(f"cannot reach the Dask scheduler at {address} ({type(e).__name__}: "
                               f"{str(e).strip().splitlines()[0] if str(e).strip() else 'no reason given'})") from None
        self.topic = f"lesson-build-{uuid.uuid4().hex[:12]}"
        self.cancel_name = self.topic + "-cancel"
        self.expected = worker.identity()
        self.futures: set = set()
        self.scattered: dict[str, object] = {}
        self._lock = threading.Lock()  # the futures under way (cancel() needs it at once: no waiting inside)
        self._sending = threading.Lock()  # one scatter at a time
        self._asking = threading.Lock()  # one question about the workers at a time; the others use its answer
        self.stopped = threading.Event()
        self._gone_since: float | None = None
        self._asked = 0.0
        try:
            self.workers = self._check_workers(wait)
        except BaseException:
            self.close()
            raise
        self.client.subscribe_topic(self.topic, lambda event: on_event(event[1]["label"], event[1]["worker"],
                                                                       int(event[1]["animations"])))

    def _check_workers(self, wait: float) -> dict[str, int]:
        """The workers and their render slots; ClusterError if there are none, or if one is refused."""
        try:
            self.client.wait_for_workers(1, timeout=wait)
        except (TimeoutError, OSError):
            raise ClusterError(f"the Dask scheduler at {self.address} has no workers (waited {wait:.0f} s): start "
                               f"some with: dask worker {self.address} --resources {RESOURCE}=2") from None
        try:
            found = self.client.run(self.call, IDENTITY, on_error="return")
            info = self._workers()
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"the Dask scheduler at {self.address} went away ({e})") from None
        for where, who in sorted(found.items()):
            if isinstance(who, BaseException):
                raise ClusterError(f"refused worker {where}: it cannot run this project's code ({type(who).__name__}: "
                                   f"{who}); install the project there from a clone (pip install -e .)")
            if who != self.expected:
                raise ClusterError(f"refused worker {where}: it has {worker.say(who)}; this build has "
                                   f"{worker.say(self.expected)}. Install the same there, or stop that worker")
        slots = {where: _slots(w) for where, w in info.items()}
        if not any(slots.values()):
            raise ClusterError(f"no worker at {self.address} offers '{RESOURCE}' slots: start workers with "
                               f"dask worker {self.address} --resources {RESOURCE}=2 (one per core)")
        return slots

    @property
    def slots(self) -> int:
        return sum(self.workers.values())

    def _workers(self) -> dict[str, dict]:
        """The scheduler's workers, asked now (the client's own copy is refreshed with none listed)."""
        return self.client.sync(self.client.scheduler.identity, n_workers=-1, callback_timeout=10)["workers"]

    def _blobs(self, blobs: dict[str, bytes]) -> dict[str, object]:
        """Each file once on the cluster, by digest, copied to every worker (a lost worker loses no file)."""
        with self._sending:
            new = {digest: data for digest, data in blobs.items() if digest not in self.scattered}
            if new:
                futures = self.client.scatter({f"lesson-file-{d}": data for d, data in new.items()},
                                              broadcast=True, hash=False)
                self.scattered.update({d: futures[f"lesson-file-{d}"] for d in new})
            return {digest: self.scattered[digest] for digest in blobs}

    def render(self, key: str, job: dict, blobs: dict[str, Path], priority: int) -> dict:
        """Render ``job`` (worker.render_task) somewhere on the cluster and return its result. Raises
        Cancelled after cancel(), ClusterError if the scheduler goes away (or every worker that could
        render does), OSError if a file cannot be read here, RuntimeError if the files sent are lost."""
        from distributed import CancelledError

        if self.stopped.is_set():
            raise Cancelled("interrupted")
        data = {digest: path.read_bytes() for digest, path in blobs.items()}
        try:
            future = self.client.submit(self.call, TASK, job, self._blobs(data), self.expected, self.topic,
                                        self.cancel_name, key=f"lesson-render-{key[:32]}-{self.topic[-12:]}",
                                        priority=priority, retries=RETRIES, resources={RESOURCE: 1})
        except Exception as e:  # noqa: BLE001 - sending failed: say so in one line if the cluster is gone
            if self.client.status != "running" or isinstance(e, (OSError, TimeoutError)):
                raise ClusterError(f"the Dask scheduler at {self.address} went away") from None
            raise
        with self._lock:
            self.futures.add(future)
        try:
            while True:
                if self.stopped.is_set():
                    raise Cancelled("interrupted")
                if not future.done():  # (not result() with a timeout: that would cancel a long transfer)
                    time.sleep(0.5)
                    self._check_alive()
                    continue
                try:
                    return future.result()
                except CancelledError:
                    if self.stopped.is_set():
                        raise Cancelled("interrupted") from None
                    if self.client.status == "running":  # the workers that held this scene's files are gone
                        with self._sending:
                            self.scattered = {d: f for d, f in self.scattered.items() if f.status == "finished"}
                        raise RuntimeError("the files sent for this scene were lost with every worker that held "
                                           "them; run the same command again") from None
                    raise ClusterError(f"the Dask scheduler at {self.address} went away") from None
        finally:
            with self._lock:
                self.futures.discard(future)

    def _check_alive(self) -> None:
        """ClusterError once the scheduler, or every worker with render slots, has been gone for
        GONE_AFTER seconds. One render asks at a time, at most every few seconds; the others go on."""
        now = time.monotonic()
        if now - self._asked >= 3 and self._asking.acquire(blocking=False):
            try:
                self._asked = now
                slots = 0
                if self.client.status == "running":
                    try:
                        slots = sum(map(_slots, self._workers().values()))
                    except Exception:  # noqa: BLE001 - not answering: counted as gone
                        slots = 0
                self._gone_since = None if slots else (self._gone_since or now)
            finally:
                self._asking.release()
        gone = self._gone_since
        if gone is not None and now - gone > GONE_AFTER:
            if self.client.status != "running":
                raise ClusterError(f"the Dask scheduler at {self.address} went away")
            raise ClusterError(f"no worker at {self.address} has offered '{RESOURCE}' slots for {GONE_AFTER:.0f} s "
                               "(all gone?)")

    def cancel(self) -> None:
        """Stop every render this build sent: the workers end them at once (a Dask Event)."""
        from distributed import Event

        self.stopped.set()
        if self.client.status != "running":
            return
        try:
            Event(self.cancel_name, client=self.client).set()
            with self._lock:
                futures = list(self.futures)
            self.client.cancel(futures)
        except Exception:  # noqa: BLE001 - the scheduler is gone: nothing is left to stop
            pass

    def close(self) -> None:
        try:
            self.client.close(timeout=5)
        except Exception:  # noqa: BLE001 - closing a connection that is gone
            pass

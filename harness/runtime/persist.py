"""Keeping the world on disk as a base dump plus a journal of changes, compacted now and then.

Layout of a state directory:

- ``world.json``: a whole-world dump (``World.to_dict()``) with a generation number ``journal_gen``;
  written atomically (temp file, fsync, rename, fsync of the directory) at start-up, on a reset or a
  state load, and at each compaction.
- ``journal.jsonl``: one header line ``{"gen": G}``, then one JSON line per persisted change. A line
  holds only the *sections* that changed (below), so persisting one command costs what that command
  changed, not what the estate holds. A journal whose generation is not the base's is ignored (a
  compaction killed between its two renames leaves a journal that the base already contains).
- ``transcript.jsonl``: every transcript entry ever recorded, appended (the in-memory transcript is a
  ring of ``TRANSCRIPT_RING`` entries, harness/world/world.py; this file is where older ones remain).

Sections: ``meta`` (the world without its partitions, RMC sessions, HMC node tables, timers and
transcript: HMCs, system skeletons, LAN, rng, clock time, faults), one per partition
(``p␟SYSTEM␟ID``), one per RMC session (``s␟KEY``), one per HMC node-table slot (``n␟HMC␟SLOT``) and
one per timer (``t␟SEQ``), one per partition entry of a system's I/O state (``i␟SYSTEM␟KIND␟ID``, the
kinds of IO_PER_PARTITION) and one per AIX error log (``e␟SYSTEM␟ID``, written as appends ``app`` and
front cuts ``cut`` as the log grows and wraps). Which partitions to look at comes from the world's
change marks (``World.touch``/``changed(part)``, timer events naming a partition, the host a command
ran on); ``changed_outside_partitions()`` marks none (the meta is compared on every line anyway); a
bare ``changed()`` marks everything and costs a whole comparison (hashes, written only when they
differ). Timers come from the clock's own add/remove log, so they are exact and cheap. A system's I/O
entries are also compared whenever its per-partition dict was replaced or changed size (ioslots.state
fills it lazily, on a listing too); an entry it re-derives in place after a rename is not, and a load
derives the same entry again.

Durability: a journal line is written with ``os.write`` before the command's reply is sent. A process
killed at any moment (SIGKILL) loses nothing acknowledged: the kernel already holds the bytes. With
``FAKEHMC_FSYNC=1`` every line is also fsync'd (survives a power cut, costs a disk flush per
command). Compaction (a new base, an empty journal) runs when the journal outgrows
max(COMPACT_MIN_BYTES, the base's size), so its cost per command stays bounded on average.
"""

from __future__ import annotations

import json
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from ..world.world import World

STATE_FILE = "world.json"
JOURNAL_FILE = "journal.jsonl"
TRANSCRIPT_FILE = "transcript.jsonl"
COMPACT_MIN_BYTES = 4 * 1024 * 1024
SEP = "\x1f"
# the parts of ManagedSystem.io kept per partition (keyed by lpar id): each entry is its own section,
# so the I/O of a 1,000-partition system (about 0.9 MB) is not compared and rewritten on every line
IO_PER_PARTITION = ("virtual", "vios_maps")

_dumps = json.JSONEncoder(separators=(",", ":")).encode
_GONE = object()  # the hash of a section known deleted


def _fingerprint(value: Any) -> int:
    """A hash that changes when the JSON of ``value`` would: every line compares the meta (30 KB on a
    10-system estate) and the touched sections against what was last written, and marshal is several
    times cheaper than JSON encoding. Marshal keeps exact types (1, 1.0 and True differ, as in JSON) and
    dict order, and version 2 writes no back-references, so its bytes depend on the value alone; what
    it refuses (str/int subclasses such as enums) is hashed as JSON."""
    try:
        return hash(marshal.dumps(value, 2))
    except ValueError:
        return hash(_dumps(value))


def state_path(state_dir: Path) -> Path:
    return state_dir / STATE_FILE


def _fsync_dir(path: Path) -> None:
    dir_fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save(world: World, path: Path, gen: int = 0) -> int:
    """A whole-world base at ``path`` with an empty journal of generation ``gen`` beside it.
    Returns the base's size in bytes."""
    data = world.to_dict()
    data["journal_gen"] = gen
    text = _dumps(data)
    _write_atomic(path, text)
    _write_atomic(path.parent / JOURNAL_FILE, _dumps({"gen": gen}) + "\n")
    return len(text)


# ---- sections of a dump (used to replay a journal onto a base) ----------------------------------------
def _split(data: dict) -> tuple[dict, dict]:
    """A whole dump -> (meta, sections) in the keys the journal writes."""
    data = dict(data)
    sections: dict[str, Any] = {}
    systems = []
    for s in data.get("systems", []):
        s = dict(s)
        if isinstance(s.get("io"), dict):
            io = s["io"] = dict(s["io"])
            for kind in IO_PER_PARTITION:
                if isinstance(io.get(kind), dict):
                    for sub, value in io[kind].items():
                        sections[f"i{SEP}{s.get('name')}{SEP}{kind}{SEP}{sub}"] = value
                    io[kind] = {}
        for p in s.pop("partitions", []):
            key = f"{s.get('name')}{SEP}{p.get('id')}"
            if isinstance(p.get("os"), dict) and "errpt" in p["os"]:
                p = dict(p, os=dict(p["os"]))
                sections[f"e{SEP}{key}"] = p["os"].pop("errpt")
            sections[f"p{SEP}{key}"] = p
        s["partitions"] = []
        systems.append(s)
    data["systems"] = systems
    hmcs = []
    nodes_len = {}
    for h in data.get("hmcs", []):
        h = dict(h)
        nodes = h.pop("managed_nodes", [])
        nodes_len[h.get("name")] = len(nodes)
        for i, n in enumerate(nodes):
            sections[f"n{SEP}{h.get('name')}{SEP}{i}"] = n
        h["managed_nodes"] = []
        hmcs.append(h)
    data["hmcs"] = hmcs
    data["nodes_len"] = nodes_len
    rmc = dict(data.get("rmc", {}))
    for sess in rmc.get("sessions", []):
        sections[f"s{SEP}{sess.get('hmc')}/{sess.get('system')}/{sess.get('lpar_id')}"] = sess
    rmc["sessions"] = []
    data["rmc"] = rmc
    clock = dict(data.get("clock", {}))
    for t in clock.get("timers", []):
        sections[f"t{SEP}{t.get('seq')}"] = t
    clock["timers"] = []
    data["clock"] = clock
    data.pop("transcript", None)
    return data, sections


def _join(meta: dict, sections: dict, transcript: list) -> dict:
    data = dict(meta)
    nodes_len = data.pop("nodes_len", {})
    systems = {s["name"]: dict(s, partitions=[]) for s in data.get("systems", [])}
    for s in systems.values():
        if isinstance(s.get("io"), dict):
            s["io"] = {k: dict(v) if k in IO_PER_PARTITION and isinstance(v, dict) else v for k, v in s["io"].items()}
    hmcs = {h["name"]: dict(h, managed_nodes=[None] * int(nodes_len.get(h["name"], 0))) for h in data.get("hmcs", [])}
    sessions, timers = [], []
    for key, value in sections.items():
        kind, _, rest = key.partition(SEP)
        if kind == "p":
            system = systems.get(rest.rsplit(SEP, 1)[0])
            errpt = sections.get(f"e{SEP}{rest}")
            if isinstance(value, dict) and isinstance(value.get("os"), dict) and errpt is not None:
                value = dict(value, os=dict(value["os"], errpt=errpt))
            if system is not None:
                system["partitions"].append(value)
        elif kind == "n":
            name, slot = rest.rsplit(SEP, 1)
            nodes = hmcs.get(name, {}).get("managed_nodes")
            if nodes is not None and int(slot) < len(nodes):
                nodes[int(slot)] = value
        elif kind == "i":
            name, io_kind, sub = rest.split(SEP)
            io = systems.get(name, {}).get("io")
            if isinstance(io, dict) and isinstance(io.get(io_kind), dict):
                io[io_kind][sub] = value
        elif kind == "s":
            sessions.append(value)
        elif kind == "t":
            timers.append(value)
    data["systems"] = list(systems.values())
    data["hmcs"] = list(hmcs.values())
    data["rmc"] = dict(data.get("rmc", {}), sessions=sessions)
    data["clock"] = dict(data.get("clock", {}), timers=timers)
    data["transcript"] = transcript
    return data


def replay(base: dict, lines: list[str]) -> dict:
    """The dump a base plus journal lines describe. A torn last line (a write cut by a kill before its
    reply was sent) is ignored; a journal of another generation is ignored whole."""
    if not lines:
        return base
    try:
        header = json.loads(lines[0])
    except ValueError:
        return base
    if not isinstance(header, dict) or header.get("gen") != base.get("journal_gen", 0):
        return base
    meta, sections = _split(base)
    transcript = list(base.get("transcript", []))
    total = int(base.get("transcript_total", len(transcript)))
    for line in lines[1:]:
        try:
            rec = json.loads(line)
        except ValueError:
            break  # torn tail: never acknowledged
        if not isinstance(rec, dict):
            break
        meta.update(rec.get("meta", {}))
        for key, value in rec.get("set", {}).items():
            sections[key] = value
        for key in rec.get("del", []):
            sections.pop(key, None)
        for key, n in rec.get("cut", {}).items():
            sections[key] = sections.get(key, [])[int(n):]
        for key, entries in rec.get("app", {}).items():
            sections.setdefault(key, []).extend(entries)
        first = int(rec.get("x0", total))
        for i, entry in enumerate(rec.get("x", [])):
            if first + i >= total:  # entries the base already holds are skipped
                transcript.append(entry)
                total += 1
    data = _join(meta, sections, transcript)
    from ..world.world import TRANSCRIPT_RING

    data["transcript"] = transcript[-TRANSCRIPT_RING:]
    data["transcript_total"] = total
    return data


def load(path: Path) -> World:
    """The world of a state file and its journal, checked like any dump from outside (ValueError
    naming the field)."""
    from ..control.dump_check import load_world_dump

    with path.open() as fh:
        try:
            data = json.load(fh)
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"{path}: not JSON: {exc}") from None
    journal = path.parent / JOURNAL_FILE
    if isinstance(data, dict) and journal.exists():
        try:
            data = replay(data, journal.read_text().splitlines())
        except (KeyError, TypeError, AttributeError, ValueError, RecursionError) as exc:
            raise ValueError(f"{journal}: not a fakehmc journal: {type(exc).__name__}: {exc}") from None
    return load_world_dump(data, str(path))


# ---- the writer ------------------------------------------------------------------------------------------
class Journal:
    """Persists one world into a state directory: ``persist()`` after each change, a line per call."""

    def __init__(self, state_dir: Path, world: World, fsync: bool | None = None):
        self.dir = state_dir
        self.world = world
        self.fsync = os.environ.get("FAKEHMC_FSYNC") == "1" if fsync is None else fsync
        self.gen = 0
        self.fd: int | None = None
        self.tx_fd: int | None = None
        self.journal_bytes = 0
        self.base_bytes = 0
        self.lines = 0
        self.compactions = 0
        self._meta_hash: dict[str, int] = {}  # top-level meta key -> hash of its JSON as last written
        self._hashes: dict[str, int] = {}  # section key -> hash of its JSON as last written
        self._slots: dict[tuple[str, str, int], int] = {}  # (hmc, system, lpar id) -> node slot last written
        # errpt key -> (the list, its entries dropped by the wrap, entries written, last entry written)
        self._errpt: dict[str, tuple[list, int, int, object]] = {}
        self._errpt_due: dict = {}
        self._tx_written = world.transcript_total
        world.clock.log = []  # the clock records timers added and removed from now on
        self.compact()

    # ---- compaction ----
    def compact(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
        path = state_path(self.dir)
        prev = path.exists() and self.gen == 0 and _base_gen(path)
        self.gen = (prev or self.gen) + 1
        self.world.clock.log = []
        self.world.touched.clear()
        self.world.touched_all = self.world.touched_meta = False
        self.base_bytes = save(self.world, path, self.gen)
        self.fd = os.open(self.dir / JOURNAL_FILE, os.O_WRONLY | os.O_APPEND)
        self.journal_bytes = 0
        self._hashes.clear()
        self._slots.clear()
        self._known()
        self._errpt = {f"e{SEP}{s.name}{SEP}{p.id}": self._errpt_mark(p.os)
                       for s in self.world.systems.values() for p in s.partitions.values() if p.os is not None}
        self._meta_hash = {key: _fingerprint(value) for key, value in self._meta().items()}
        self._spill_transcript()
        self.compactions += 1

    def close(self) -> None:
        for fd in (self.fd, self.tx_fd):
            if fd is not None:
                os.close(fd)
        self.fd = self.tx_fd = None
        self.world.clock.log = None

    # ---- one change ----
    def persist(self, tick: bool = False) -> bool:
        """Write what changed since the last call (nothing when nothing did). True when a line was written.
        ``tick``: only the clock moved unless a timer fired; time alone is not worth a write."""
        world = self.world
        if tick and not (world.touched or world.touched_all or world.touched_meta or world.clock.log):
            return False
        rec: dict[str, Any] = {}
        changed_meta = {}
        for key, value in self._meta().items():  # only the top-level keys that changed
            h = _fingerprint(value)
            if self._meta_hash.get(key) != h:
                self._meta_hash[key] = h
                changed_meta[key] = value
        if changed_meta:
            rec["meta"] = changed_meta
        sets: dict[str, Any] = {}
        dels: list[str] = []
        for key, value in self._candidates():
            if value is None and not key.startswith("n" + SEP):  # gone (a blank node slot is a value)
                if key[0] == "i" and not self._io_on_disk(key):
                    continue
                if self._hashes.get(key) is not _GONE:
                    self._hashes[key] = _GONE
                    dels.append(key)
                    if key[0] == "p":  # its error log goes with it
                        dels.append("e" + key[1:])
                        self._errpt.pop("e" + key[1:], None)
                continue
            hv = _fingerprint(value)
            if self._hashes.get(key) != hv:
                self._hashes[key] = hv
                sets[key] = value
        apps, cuts = self._errpt_changes(sets)
        for item in world.clock.log:
            if isinstance(item, int):
                key = f"t{SEP}{item}"
                if sets.pop(key, None) is None:
                    dels.append(key)
            else:
                sets[f"t{SEP}{item.seq}"] = item.to_dict()
        world.clock.log.clear()
        if world.touched_all:
            self._known()
        else:
            for key in sets:
                if key[0] in "psi":
                    self._key_known(key, True)
            for key in dels:
                if key[0] in "psi":
                    self._key_known(key, False)
        world.touched.clear()
        world.touched_all = world.touched_meta = False
        if sets:
            rec["set"] = sets
        if dels:
            rec["del"] = dels
        if cuts:
            rec["cut"] = cuts
        if apps:
            rec["app"] = apps
        new = world.transcript_total - self._tx_written
        if new > 0:
            rec["x0"] = self._tx_written
            rec["x"] = [e.to_dict() for e in world.transcript[-new:]] if new <= len(world.transcript) else \
                [e.to_dict() for e in world.transcript]
            self._tx_written = world.transcript_total
        if not rec:
            return False
        line = (_dumps(rec) + "\n").encode()
        os.write(self.fd, line)
        if self.fsync:
            os.fsync(self.fd)
        if "x" in rec:
            self._spill(rec["x"])
        self.journal_bytes += len(line)
        self.lines += 1
        if self.journal_bytes > max(COMPACT_MIN_BYTES, self.base_bytes):
            self.compact()
        return True

    @staticmethod
    def _errpt_mark(os) -> tuple[list, int, int, object]:
        return os.errpt, os.errpt_dropped, len(os.errpt), os.errpt[-1] if os.errpt else None

    def _errpt_changes(self, sets: dict) -> tuple[dict, dict]:
        """AIX error logs grow at the end and wrap at the front (world/aix.py log_error): entries
        appended since the last write go out as an append (``app``), entries the wrap dropped as a cut
        from the front (``cut``); any other change (errclear, errlog -rm) rewrites the list."""
        apps, cuts = {}, {}
        for key, part in self._errpt_due.items():
            os_ = part.os
            if os_ is None:
                continue
            errpt = os_.errpt
            prev = self._errpt.get(key)
            if prev is not None and prev[0] is errpt and os_.errpt_dropped >= prev[1]:
                cut = os_.errpt_dropped - prev[1]
                kept = prev[2] - cut  # entries on disk still in the log
                ok = kept == 0 and cut == 0 or 0 < kept <= len(errpt) and errpt[kept - 1] is prev[3]
            else:
                ok = False
            if ok:
                if cut:
                    cuts[key] = cut
                if len(errpt) > kept:
                    apps[key] = [e.to_dict() for e in errpt[kept:]]
            else:
                sets[key] = [e.to_dict() for e in errpt]
            self._errpt[key] = self._errpt_mark(os_)
        self._errpt_due.clear()
        return apps, cuts

    def _partition(self, system_name: str, part) -> dict:
        """A partition's section without its error log (that is its own, appended section): the log
        is swapped out for the dump so its cost does not grow with the log."""
        if part.os is None:
            return part.to_dict()
        errpt = part.os.errpt
        part.os.errpt = []
        try:
            d = part.to_dict()
        finally:
            part.os.errpt = errpt
        d["os"].pop("errpt", None)
        self._errpt_due[f"e{SEP}{system_name}{SEP}{part.id}"] = part
        return d

    def _known(self) -> None:
        """The partitions and RMC sessions the files hold (deletions are found against these)."""
        self._parts = {(s.name, p.id) for s in self.world.systems.values() for p in s.partitions.values()}
        self._sessions = set(self.world.rmc.sessions)
        # (system, io kind) -> (identity and size of the dict when last looked at, its keys on disk)
        self._io: dict[tuple[str, str], tuple[tuple[int, int], set[str]]] = {}
        for s in self.world.systems.values():
            for kind in IO_PER_PARTITION:
                d = s.io.get(kind)
                self._io[(s.name, kind)] = ((id(d), len(d)), set(d)) if isinstance(d, dict) else ((0, 0), set())

    def _key_known(self, key: str, present: bool) -> None:
        if key[0] == "i":
            _, system, kind, sub = key.split(SEP)
            entry = self._io.get((system, kind))
            if entry is not None:
                (entry[1].add if present else entry[1].discard)(sub)
            return
        if key[0] == "p":
            _, system, lpar_id = key.split(SEP)
            item, bag = (system, int(lpar_id)), self._parts
        else:
            item, bag = key[2:], self._sessions
        if present:
            bag.add(item)
        else:
            bag.discard(item)

    def _meta(self) -> dict:
        """The world's dump without its per-partition collections: swap them out for the call (the loop
        is single-threaded), so the meta follows whatever fields World.to_dict gains."""
        world = self.world
        saved_parts = {name: s.partitions for name, s in world.systems.items()}
        saved_io = {name: s.io for name, s in world.systems.items()}
        saved_nodes = {name: h.managed_nodes for name, h in world.hmcs.items()}
        saved = (world.transcript, world.clock._heap, world.rmc.sessions)
        try:
            for s in world.systems.values():
                s.partitions = {}
                s.io = {k: {} if k in IO_PER_PARTITION and isinstance(v, dict) else v for k, v in s.io.items()}
            for h in world.hmcs.values():
                h.managed_nodes = []
            world.transcript, world.clock._heap, world.rmc.sessions = [], [], {}
            data = world.to_dict()
        finally:
            for name, s in world.systems.items():
                s.partitions = saved_parts.get(name, s.partitions)
                s.io = saved_io.get(name, s.io)
            for name, h in world.hmcs.items():
                h.managed_nodes = saved_nodes.get(name, h.managed_nodes)
            world.transcript, world.clock._heap, world.rmc.sessions = saved
        data.pop("transcript", None)
        data.pop("transcript_total", None)  # each line's x0 says it
        data["nodes_len"] = {name: len(nodes) for name, nodes in saved_nodes.items()}
        return data

    def _candidates(self):
        """(key, current value or None) of every section that may have changed."""
        world = self.world
        from ..world.rmc import session_key

        yield from self._io_candidates()
        if world.touched_all:
            keys = [(s.name, p.id) for s in world.systems.values() for p in s.partitions.values()]
            keys += sorted(self._parts - set(keys))
            for name, h in world.hmcs.items():
                for slot, node in enumerate(h.managed_nodes):
                    yield f"n{SEP}{name}{SEP}{slot}", node.to_dict() if node else None
            for key, sess in world.rmc.sessions.items():
                yield f"s{SEP}{key}", sess.to_dict()
            for key in self._sessions - set(world.rmc.sessions):
                yield f"s{SEP}{key}", None
        else:
            keys = list(world.touched)
        for system_name, lpar_id in dict.fromkeys(keys):
            system = world.systems.get(system_name)
            part = system.partitions.get(lpar_id) if system is not None else None
            yield f"p{SEP}{system_name}{SEP}{lpar_id}", self._partition(system_name, part) if part is not None else None
            if world.touched_all:
                continue
            for kind in IO_PER_PARTITION:
                d = system.io.get(kind) if system is not None else None
                entry = d.get(str(lpar_id)) if isinstance(d, dict) else None
                yield f"i{SEP}{system_name}{SEP}{kind}{SEP}{lpar_id}", entry
            for name, h in world.hmcs.items():
                skey = session_key(name, system_name, lpar_id)
                sess = world.rmc.sessions.get(skey)
                yield f"s{SEP}{skey}", sess.to_dict() if sess is not None else None
                slots = {h.node_slot(system_name, lpar_id), self._slots.get((name, system_name, lpar_id))}
                for slot in slots - {None}:
                    if slot < len(h.managed_nodes):
                        node = h.managed_nodes[slot]
                        yield f"n{SEP}{name}{SEP}{slot}", node.to_dict() if node else None
                        self._slots[(name, system_name, lpar_id)] = slot

    def _io_on_disk(self, key: str) -> bool:
        _, system, kind, sub = key.split(SEP)
        entry = self._io.get((system, kind))
        return entry is not None and sub in entry[1]

    def _io_candidates(self):
        """The per-partition I/O entries to compare besides those of the touched partitions: all of them
        on a bare ``changed()``; all of a system's dict when it was replaced, filled (ioslots.state fills
        it lazily, on a listing too) or lost or gained entries; entries on disk whose system is gone."""
        world = self.world
        seen = set()
        for s in world.systems.values():
            for kind in IO_PER_PARTITION:
                d = s.io.get(kind)
                shape = (id(d), len(d)) if isinstance(d, dict) else (0, 0)
                prev = self._io.setdefault((s.name, kind), ((0, 0), set()))
                seen.add((s.name, kind))
                if not world.touched_all and shape == prev[0]:
                    continue
                self._io[(s.name, kind)] = (shape, prev[1])
                items = d if isinstance(d, dict) else {}
                for sub, value in items.items():
                    yield f"i{SEP}{s.name}{SEP}{kind}{SEP}{sub}", value
                for sub in prev[1] - set(items):
                    yield f"i{SEP}{s.name}{SEP}{kind}{SEP}{sub}", None
        for (name, kind), (shape, on_disk) in list(self._io.items()):
            if (name, kind) not in seen:
                for sub in list(on_disk):
                    yield f"i{SEP}{name}{SEP}{kind}{SEP}{sub}", None
                del self._io[(name, kind)]

    # ---- transcript spill ----
    def _spill_transcript(self) -> None:
        if self.tx_fd is None:
            self.tx_fd = os.open(self.dir / TRANSCRIPT_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def _spill(self, entries: list[dict]) -> None:
        os.write(self.tx_fd, "".join(_dumps(e) + "\n" for e in entries).encode())


def _base_gen(path: Path) -> int:
    """The generation of an existing base, read from its head without parsing the whole file."""
    try:
        with path.open() as fh:
            data = json.load(fh)
        return int(data.get("journal_gen", 0)) if isinstance(data, dict) else 0
    except (ValueError, OSError, TypeError):
        return 0


SNAPSHOT_DIR = "snapshots"


def snapshot_path(state_dir: Path, name: str) -> Path:
    """Where a named snapshot is kept; names are checked by the caller (no path separators)."""
    return state_dir / SNAPSHOT_DIR / f"{name}.json"


def snapshot_names(state_dir: Path) -> list[str]:
    return sorted(p.stem for p in (state_dir / SNAPSHOT_DIR).glob("*.json"))

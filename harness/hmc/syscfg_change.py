"""mksyscfg / chsyscfg / rmsyscfg: create, change and remove partitions and partition profiles.

  mksyscfg -r lpar -m sys -i "name=..,profile_name=..,lpar_env=aixlinux,min_mem=..,..."
  mksyscfg -r prof -m sys -i "name=prof,lpar_name=lpar|lpar_id=N,..."
  mksyscfg -r prof -m sys -o save {-p lpar | --id N} -n prof [--force]
  chsyscfg -r lpar -m sys -i "name=old,new_name=new,..." | -i "lpar_id=N,..."
  chsyscfg -r prof -m sys -i "name=prof,lpar_name=lpar,desired_mem=..,\"virtual_eth_adapters+=..\""
  chsyscfg -r lpar -m sys -o apply {-p lpar | --id N} [-n prof]
  chsyscfg -r sys -m sys -i "..."
  rmsyscfg -r lpar -m sys {-n lpar | --id N} [--vioscfg] [--vdisk]
  rmsyscfg -r prof -m sys -n prof {-p lpar | --id N}

The -i data is the listing's own CSV [V-client rbvppc, op-test, ansible]: fields split on commas
outside double quotes; a quoted field holds a whole ``attr=v1,v2`` list; a list element holding
commas is wrapped in doubled quotes (``virtual_eth_adapters=""2/1/1/3,4/0/1""`` inside the quoted field); ``+=``/``-=``
add to and remove from a list; blanks around a field are ignored (op-test sends ``name=L, a=1``).
Success prints nothing [V-client]. Profiles are what the partition gets at its next activation
(harness.world.power); a running partition's resources change only through chhwres.
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import power, profile_io
from ..world.errors import WorldError
from ..world.system import ManagedSystem, MemAlloc, Partition, ProcAlloc, Profile
from .attributes import LPAR_EXTRA_V8, LPAR_V9, PROF_ALL
from . import syscfg_settings
from .boundary import hmc_command
from .messages import HmcError, error
from .options import FLAG, VALUE, parse
from .syscfg_records import compat_modes
from .targets import HmcTarget

MK_USAGE = """Usage: mksyscfg -r {lpar | prof | sysprof} -m managed-system -i "attributes" [--help]
       mksyscfg -r prof -m managed-system -o save {-p partition-name | --id partition-ID}
                -n profile-name [--force]
"""  # [I] layout
CH_USAGE = """Usage: chsyscfg -r {lpar | prof | sys} -m managed-system -i "attributes" [--force] [--help]
       chsyscfg -r lpar -m managed-system -o apply {-p partition-name | --id partition-ID}
                [-n profile-name]
"""  # [I] layout; synopsis [V] POWER9 page
RM_USAGE = """Usage: rmsyscfg -r lpar -m managed-system {-n partition-name | --id partition-ID}
                [--vioscfg] [--vdisk] [--help]
       rmsyscfg -r prof -m managed-system -n profile-name {-p partition-name | --id partition-ID}
"""  # [I] layout

MK_SPEC = {"-r": VALUE, "-m": VALUE, "-i": VALUE, "-f": VALUE, "-o": VALUE, "-p": VALUE, "--id": VALUE,
           "-n": VALUE, "--force": FLAG, "--help": FLAG}
CH_SPEC = {"-r": VALUE, "-m": VALUE, "-i": VALUE, "-f": VALUE, "-o": VALUE, "-p": VALUE, "--id": VALUE,
           "-n": VALUE, "--force": FLAG, "--help": FLAG}
RM_SPEC = {"-r": VALUE, "-m": VALUE, "-n": VALUE, "-p": VALUE, "--id": VALUE, "--vioscfg": FLAG,
           "--vdisk": FLAG, "--help": FLAG}

COMMANDS = {
    "mksyscfg": ("create partitions and partition profiles",
                 ("-r lpar", "-r prof", "-r sysprof", "-m", "-i", "-o save", "-p", "--id", "-n", "--force")),
    "chsyscfg": ("change partitions, partition profiles and managed systems",
                 ("-r lpar", "-r prof", "-r sys", "-m", "-i", "-o apply", "-p", "--id", "-n", "--force")),
    "rmsyscfg": ("remove partitions and partition profiles",
                 ("-r lpar", "-r prof", "-m", "-n", "-p", "--id", "--vioscfg", "--vdisk")),
}

LIST_ATTRS = frozenset({"io_slots", "lpar_io_pool_ids", "virtual_serial_adapters", "virtual_scsi_adapters",
                        "virtual_eth_adapters", "virtual_fc_adapters", "hca_adapters", "power_ctrl_lpar_ids",
                        "vnic_adapters", "virtual_opti_pool_id"})
# what a profile holds in the model; other profile attributes are accepted and not modelled [I]
PROF_ATTRS = frozenset(PROF_ALL) | {"profile_name", "virtual_fc_adapters", "vnic_adapters", "lpar_proc_compat_mode",
                                     "shared_proc_pool_name", "shared_proc_pool_id", "mem_expansion",
                                     "max_virtual_slots", "sync_curr_profile", "name", "new_name", "lpar_name",
                                     "lpar_id", "electronic_err_reporting", "lhea_logical_ports",
                                     "lhea_capabilities", "affinity_group_id", "bsr_arrays", "lpar_avail_priority",
                                     "vtpm_enabled"}
LPAR_ATTRS = frozenset(LPAR_V9) | frozenset(LPAR_EXTRA_V8) | {"new_name", "profile_name"}


# ---- the -i data ---------------------------------------------------------------------------------
_MARK = "\x00"


def parse_config(data: str) -> list[tuple[str, str, str | list[str]]]:
    """``attr=value`` CSV -> [(name, op, value)]; op is "=", "+=" or "-="; list attributes get lists."""
    fields: list[tuple[str, bool]] = []
    cur: list[str] = []
    quoted = in_q = False
    i = 0
    while i < len(data):
        ch = data[i]
        if ch == '"':
            if in_q and data[i + 1:i + 2] == '"':
                cur.append(_MARK)  # a doubled quote inside a quoted field: an element holding commas
                i += 2
                continue
            in_q, quoted = not in_q, True
        elif ch == "," and not in_q:
            fields.append(("".join(cur), quoted))
            cur, quoted = [], False
        else:
            cur.append(ch)
        i += 1
    if in_q:
        raise error("bad_config_format")
    fields.append(("".join(cur), quoted))
    out: list[tuple[str, str, str | list[str]]] = []
    for text, was_quoted in fields:
        text = text.strip()
        if not text:
            continue
        name, eq, value = text.partition("=")
        if not eq or not name.strip():
            raise error("bad_config_format")
        op = "="
        if name.endswith(("+", "-")):
            op, name = name[-1] + "=", name[:-1]
        name = name.strip()
        if name in LIST_ATTRS or (was_quoted and "," in value.replace(_MARK, "")):
            out.append((name, op, _elements(value)))
        else:
            out.append((name, op, value.replace(_MARK, "")))
    return out


def _elements(value: str) -> list[str]:
    elems, cur, inner = [], [], False
    for ch in value:
        if ch == _MARK:
            inner = not inner
        elif ch == "," and not inner:
            elems.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    elems.append("".join(cur))
    return [e for e in elems if e not in ("", "none")]


def _config(opts) -> dict[str, tuple[str, str | list[str]]]:
    if opts.has("-f"):
        raise error("invalid_parameter", name="-f")  # [I] no files on the fake HMC's side
    opts.require("-i")
    return {name: (op, value) for name, op, value in parse_config(opts.get("-i"))}


def _int(cfg: dict, name: str, default: int | None = None) -> int | None:
    if name not in cfg:
        return default
    v = cfg[name][1]
    if not (isinstance(v, str) and v.isascii() and v.isdigit()):
        raise error("bad_config_value", name=name)
    return int(v)


def _units(cfg: dict, name: str, default: float | None = None) -> float | None:
    if name not in cfg:
        return default
    v = cfg[name][1]
    try:
        f = float(v) if isinstance(v, str) else -1.0
    except ValueError:
        f = -1.0
    if f < 0:
        raise error("bad_config_value", name=name)
    return round(f, 2)


def _str(cfg: dict, name: str, default: str | None = None) -> str | None:
    if name not in cfg:
        return default
    v = cfg[name][1]
    return v if isinstance(v, str) else ",".join(v)


def _check_names(cfg: dict, known: frozenset[str]) -> None:
    for name in cfg:
        if name not in known:
            raise error("invalid_config_attr", name=name)


# ---- profile contents ----------------------------------------------------------------------------
def _apply_profile(cfg: dict, prof: Profile, system: ManagedSystem) -> None:
    """Change ``prof`` from the -i data, checking min <= desired <= max; all or nothing."""
    m, p = prof.mem, prof.proc
    mem = MemAlloc(_int(cfg, "min_mem", m.min), _int(cfg, "desired_mem", m.cur), _int(cfg, "max_mem", m.max))
    mode = _str(cfg, "proc_mode", p.mode)
    if mode not in ("shared", "ded"):
        raise error("bad_config_value", name="proc_mode")
    proc = ProcAlloc(**p.to_dict())
    proc.mode = mode
    proc.min_procs = _int(cfg, "min_procs", p.min_procs)
    proc.procs = _int(cfg, "desired_procs", p.procs)
    proc.max_procs = _int(cfg, "max_procs", p.max_procs)
    proc.min_units = _units(cfg, "min_proc_units", p.min_units)
    proc.units = _units(cfg, "desired_proc_units", p.units)
    proc.max_units = _units(cfg, "max_proc_units", p.max_units)
    proc.uncap_weight = _int(cfg, "uncap_weight", p.uncap_weight)
    proc.pool_id = _int(cfg, "shared_proc_pool_id", p.pool_id)
    if "shared_proc_pool_name" in cfg:
        if _str(cfg, "shared_proc_pool_name") != "DefaultPool":
            raise error("bad_config_value", name="shared_proc_pool_name")  # [I] user pools by ID only
        proc.pool_id = 0
    default_sharing = p.sharing_mode if mode == p.mode else ("uncap" if mode == "shared" else "share_idle_procs")
    proc.sharing_mode = _str(cfg, "sharing_mode", default_sharing)
    allowed = ("cap", "uncap") if mode == "shared" else ("keep_idle_procs", "share_idle_procs",
                                                          "share_idle_procs_active", "share_idle_procs_always")
    if proc.sharing_mode not in allowed:
        raise error("bad_config_value", name="sharing_mode")
    if not (mem.min <= mem.cur <= mem.max) or mem.min <= 0:
        raise error("min_max_order", name="memory")
    if not (proc.min_procs <= proc.procs <= proc.max_procs) or proc.min_procs <= 0:
        raise error("min_max_order", name="processors")
    if mode == "shared" and not (proc.min_units <= proc.units <= proc.max_units):
        raise error("min_max_order", name="processing units")
    if mode == "ded" or proc.sharing_mode == "cap":
        proc.uncap_weight = 0  # [V] capped: uncap_weight=0
    prof.mem, prof.proc = mem, proc


def _new_profile(name: str, cfg: dict, system: ManagedSystem) -> Profile:
    if _str(cfg, "all_resources") == "1":
        # [I] a partition owning every resource: the whole free pool at creation
        mem = max(system.mem_region_size, system.avail_mem() // system.mem_region_size * system.mem_region_size)
        procs = max(1, int(system.avail_proc_units()))
        return Profile(name, MemAlloc(system.mem_region_size, mem, mem),
                       ProcAlloc(mode="ded", min_procs=1, procs=procs, max_procs=procs,
                                 sharing_mode="share_idle_procs", uncap_weight=0))
    for required in ("min_mem", "desired_mem", "max_mem"):
        if required not in cfg:
            raise error("config_missing", name=required)
    mode = _str(cfg, "proc_mode", "shared")
    base = Profile(name, MemAlloc(0, 0, 0), ProcAlloc(mode=mode if mode in ("shared", "ded") else "shared",
                                                      sharing_mode="uncap" if mode == "shared" else "share_idle_procs"))
    if mode == "ded":
        base.proc.units = base.proc.min_units = base.proc.max_units = 0.0
    _apply_profile(cfg, base, system)
    return base


def _edit_profile_lists(cfg: dict) -> None:
    """+= / -= only make sense on lists."""
    for name, (op, value) in cfg.items():
        if op != "=" and name not in LIST_ATTRS:
            raise error("bad_config_format")


def _slot_of(elem: str) -> str:
    return elem.split("/", 1)[0]


def _profile_io(cfg: dict, base: dict, system: ManagedSystem, part: Partition) -> dict:
    """The profile's I/O after the -i data's list attributes (=, += and -=), checked and normalised
    (harness/world/profile_io.py); WorldError leaves everything as it was."""
    out = {k: list(v) if isinstance(v, list) else v for k, v in base.items()}
    for name in profile_io.LISTS:
        if name not in cfg:
            continue
        op, value = cfg[name]
        elems = [value] if isinstance(value, str) else list(value)
        elems = [e for e in elems if e not in ("", "none")]
        if op == "=":
            out[name] = elems
        elif op == "+=":
            out[name] = list(out.get(name, [])) + elems
        else:
            # [I] an element is removed by its slot (adapters, io_slots' DRC index) or as written
            keys = {_slot_of(e) for e in elems}
            kept = [e for e in out.get(name, []) if _slot_of(e) not in keys and e not in elems]
            if len(kept) == len(out.get(name, [])):
                raise error("bad_config_value", name=name)
            out[name] = kept
    settings = dict(out.get("settings", {}))
    settings.update(syscfg_settings.checked(syscfg_settings.PROFILE, cfg))
    mode = settings.get("lpar_proc_compat_mode", "default")
    if mode != "default" and mode not in compat_modes(system):
        raise error("bad_config_value", name="lpar_proc_compat_mode")  # a mode the processor cannot run
    out["settings"] = settings
    if "max_virtual_slots" in cfg:
        out["max_virtual_slots"] = _int(cfg, "max_virtual_slots")
    if "boot_mode" in cfg:
        out["boot_mode"] = _str(cfg, "boot_mode")
    return profile_io.normalise(system, part, out)


def _new_io(cfg: dict, system: ManagedSystem, part: Partition) -> dict:
    """A new profile's I/O: the -i lists, and the two server serial adapters a profile always gets
    unless it names its own [V shape `0/server/1/any//any/1,1/server/1/any//any/1`; I the default]."""
    base = {"virtual_serial_adapters": ["0/server/1/any//any/1", "1/server/1/any//any/1"],
            "max_virtual_slots": io_default_slots(part), "boot_mode": part.boot_mode or "norm"}
    return _profile_io(cfg, base, system, part)


def io_default_slots(part: Partition) -> int:
    from ..world import ioslots

    return ioslots.VIOS_MAX_VIRTUAL_SLOTS if part.env == "vioserver" else ioslots.DEFAULT_MAX_VIRTUAL_SLOTS


# ---- mksyscfg ------------------------------------------------------------------------------------
@hmc_command(MK_USAGE)
def mksyscfg(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], MK_SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("lpar", "prof", "sysprof"))
    opts.require("-m")
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if resource == "sysprof":
        _create_sysprof(t, system, _sysprof_config(opts))
        t.world.changed_outside_partitions()
        return 0
    if opts.has("-o"):
        opts.choice("-o", ("save",) if resource == "prof" else ())
        opts.require("-n")
        part = t.pick_partition(system, opts, "-p", "--id")
        _save_profile(system, part, opts.get("-n"), opts.flag("--force"))
        t.world.changed(part)
        return 0
    cfg = _config(opts)
    if resource == "lpar":
        _check_names(cfg, PROF_ATTRS | LPAR_ATTRS | {"all_resources"})
        _create_partition(t, system, cfg)
        t.world.changed()  # a new partition (and the VIOS adapters that serve it)
    else:
        create_profile(t, system, cfg)
        t.world.changed(_profile_partition(t, system, cfg))
    return 0


def create_profile(t: HmcTarget, system: ManagedSystem, cfg: dict) -> Profile:
    """mksyscfg -r prof's change, also the REST API's profile creation (harness/rest/profile_changes.py)."""
    _check_names(cfg, PROF_ATTRS | {"all_resources"})
    _edit_profile_lists(cfg)
    part = _profile_partition(t, system, cfg)
    name = _str(cfg, "name")
    if not name:
        raise error("config_missing", name="name")
    if any(p.name == name for p in part.profiles):
        raise error("profile_exists", name=name, lpar=part.name)
    io_cfg = _new_io(cfg, system, part)
    prof = _new_profile(name, cfg, system)
    prof.io = io_cfg
    part.profiles.append(prof)
    return prof


SYSPROF_ATTRS = frozenset({"name", "lpar_names", "lpar_ids", "profile_names"})


def _listed(cfg: dict, name: str) -> list[str]:
    value = cfg.get(name, ("=", []))[1]
    return [value] if isinstance(value, str) else list(value)


def _sysprof_config(opts) -> dict[str, tuple[str, str | list[str]]]:
    """The -i data of a system profile. Besides the quoted list form, a bare element after a list
    attribute continues it (``name=sp,lpar_names=a,b``) [I: lenient, a real HMC may refuse it]."""
    if opts.has("-f"):
        raise error("invalid_parameter", name="-f")
    opts.require("-i")
    data = opts.get("-i")
    if '"' in data:
        return {name: (op, value) for name, op, value in parse_config(data)}
    cfg: dict[str, tuple[str, str | list[str]]] = {}
    last = None
    for field in (f.strip() for f in data.split(",")):
        if not field:
            continue
        name, eq, value = field.partition("=")
        if eq:
            last = name.strip()
            cfg[last] = ("=", [value] if last != "name" else value)
        elif last in ("lpar_names", "lpar_ids", "profile_names"):
            cfg[last][1].append(field)
        else:
            raise error("bad_config_format")
    return cfg


def _create_sysprof(t: HmcTarget, system: ManagedSystem, cfg: dict) -> None:
    """mksyscfg -r sysprof -i "name=sp,\"lpar_names=a,b\"[,\"profile_names=p,q\"]" (or lpar_ids):
    one partition profile per partition, each partition's default profile when none is named [I]."""
    from .syscfg_records import sysprofs

    _check_names(cfg, SYSPROF_ATTRS)
    name = _str(cfg, "name")
    if not name:
        raise error("config_missing", name="name")
    parts = ([t.partition_by_name(system, n) for n in _listed(cfg, "lpar_names")]
             + [t.partition_by_id(system, i) for i in _listed(cfg, "lpar_ids")])
    if not parts:
        raise error("config_missing", name="lpar_names")
    profs = _listed(cfg, "profile_names") or [p.default_profile for p in parts]
    if len(profs) != len(parts):
        raise error("bad_config_format")  # [I]
    for part, prof in zip(parts, profs):
        if not any(p.name == prof for p in part.profiles):
            raise error("profile_not_found", name=prof, lpar=part.name)
    existing = sysprofs(t.world, system)
    if any(sp["name"] == name for sp in existing):
        raise HmcError(f"HSCL1508 A system profile named {name} already exists on the managed system.")  # [I]
    existing.append({"name": name, "lpars": [(p.id, prof) for p, prof in zip(parts, profs)]})


def _save_profile(system: ManagedSystem, part: Partition, name: str, force: bool) -> None:
    """-o save: the partition's current configuration, adapters and slots included, becomes profile
    ``name`` [V-client op-test, bond-huang]; an existing one only with --force."""
    existing = next((p for p in part.profiles if p.name == name), None)
    if existing is not None and not force:
        raise error("profile_exists", name=name, lpar=part.name)
    prof = Profile(name, MemAlloc(**part.mem.to_dict()), ProcAlloc(**part.proc.to_dict()),
                   profile_io.snapshot(system, part))
    if existing is not None:
        part.profiles[part.profiles.index(existing)] = prof
    else:
        part.profiles.append(prof)


def _create_partition(t: HmcTarget, system: ManagedSystem, cfg: dict) -> None:
    name = _str(cfg, "name")
    for required in ("name", "profile_name", "lpar_env"):
        if not _str(cfg, required):
            raise error("config_missing", name=required)
    env = _str(cfg, "lpar_env")
    if env not in ("aixlinux", "vioserver", "os400"):
        raise error("bad_config_value", name="lpar_env")
    if any(p.name == name for p in system.partitions.values()):
        raise error("lpar_exists", name=name)
    lpar_id = _int(cfg, "lpar_id")
    if lpar_id is None:
        lpar_id = next(i for i in range(1, system.max_lpars + 2) if i not in system.partitions)
    elif lpar_id in system.partitions or not 1 <= lpar_id <= system.max_lpars:
        raise error("lpar_id_in_use", id=lpar_id)
    prof = _new_profile(_str(cfg, "profile_name"), cfg, system)
    boot_mode = _str(cfg, "boot_mode", "norm")
    probe = Partition(id=lpar_id, name=name, env=env, state="Not Activated", mem=prof.mem, proc=prof.proc,
                      boot_mode=boot_mode)
    prof.io = _new_io(cfg, system, probe)
    settings = syscfg_settings.checked(syscfg_settings.LPAR, cfg)
    h = f"{t.world.rng.getrandbits(128):032x}"
    part = Partition(id=lpar_id, name=name, env=env, state="Not Activated",
                     mem=MemAlloc(**prof.mem.to_dict()), proc=ProcAlloc(**prof.proc.to_dict()),
                     default_profile=prof.name, curr_profile="", profiles=[prof],
                     logical_serial=f"{system.serial}{lpar_id:X}",
                     uuid=f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:32]}".upper(),
                     boot_mode=boot_mode, auto_start=_int(cfg, "auto_start", 0),
                     refcode=power.REFCODES["not_activated"], settings=settings)
    system.partitions[lpar_id] = part


def _profile_partition(t: HmcTarget, system: ManagedSystem, cfg: dict) -> Partition:
    if "lpar_name" in cfg:
        return t.partition_by_name(system, _str(cfg, "lpar_name"))
    if "lpar_id" in cfg:
        return t.partition_by_id(system, _str(cfg, "lpar_id"))
    raise error("config_missing", name="lpar_name")


# ---- chsyscfg ------------------------------------------------------------------------------------
@hmc_command(CH_USAGE)
def chsyscfg(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], CH_SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("lpar", "prof", "sys", "sysprof", "frame"))
    opts.require("-m")
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if opts.has("-o"):
        opts.choice("-o", ("apply",))
        if resource != "lpar":
            raise error("invalid_value", name="-r", value=resource)
        part = t.pick_partition(system, opts, "-p", "--id")
        prof = power.find_profile(part, opts.get("-n"))
        if prof is None:
            raise error("profile_not_found", name=opts.get("-n") or part.curr_profile, lpar=part.name)
        part.curr_profile = prof.name  # [I] the resources follow at the next activation
        t.world.changed(part)
        return 0
    cfg = _config(opts)
    if resource == "lpar":
        t.world.changed(_change_partition(t, system, cfg))
    elif resource == "prof":
        t.world.changed(_change_profile(t, system, cfg))
    elif resource == "sys":
        from .syscfg_sys import change_system

        change_system(t, system, cfg)  # the system's own attributes: syscfg_sys.py
        t.world.changed()  # a new system name renames every partition's record
    else:
        raise error("invalid_value", name="-r", value=resource)
    return 0


# what chsyscfg -r lpar changes besides the settings table [V-client rbvppc, ansible, fence_lpar]
LPAR_CHANGEABLE = frozenset({"name", "lpar_id", "new_name", "default_profile", "auto_start", "boot_mode"})


def _change_partition(t: HmcTarget, system: ManagedSystem, cfg: dict) -> Partition:
    _check_names(cfg, LPAR_ATTRS)
    for name in cfg:
        if name not in LPAR_CHANGEABLE and name not in syscfg_settings.LPAR:
            raise error("invalid_config_attr", name=name)  # [I] a read-only attribute (state, rmc_state, ...)
    settings = syscfg_settings.checked(syscfg_settings.LPAR, cfg)
    if "name" in cfg:
        part = t.partition_by_name(system, _str(cfg, "name"))
    elif "lpar_id" in cfg:
        part = t.partition_by_id(system, _str(cfg, "lpar_id"))
    else:
        raise error("config_missing", name="name")
    new_name = _str(cfg, "new_name")
    if new_name is not None and (not new_name or any(p.name == new_name and p is not part
                                                     for p in system.partitions.values())):
        raise error("lpar_exists", name=new_name)
    default = _str(cfg, "default_profile")
    if default is not None and not any(p.name == default for p in part.profiles):
        raise error("profile_not_found", name=default, lpar=part.name)
    auto_start = _int(cfg, "auto_start")
    boot_mode = _str(cfg, "boot_mode")
    if boot_mode is not None and boot_mode not in ("norm", "sms", "of", "dd", "ds"):
        raise error("bad_config_value", name="boot_mode")
    # checks done: change
    if new_name is not None:
        # the HMC's name for the partition changes, not the OS inside it: its SSH endpoint stays
        part.ssh_name = part.host
        part.name = new_name
    if default is not None:
        part.default_profile = default
    if auto_start is not None:
        part.auto_start = 1 if auto_start else 0
    if boot_mode is not None:
        part.boot_mode = boot_mode
    part.settings.update(settings)
    return part


def _change_profile(t: HmcTarget, system: ManagedSystem, cfg: dict) -> Partition:
    """chsyscfg -r prof's change, also the REST API's profile update (harness/rest/profile_changes.py)."""
    _check_names(cfg, PROF_ATTRS)
    _edit_profile_lists(cfg)
    part = _profile_partition(t, system, cfg)
    name = _str(cfg, "name")
    if not name:
        raise error("config_missing", name="name")
    prof = next((p for p in part.profiles if p.name == name), None)
    if prof is None:
        raise error("profile_not_found", name=name, lpar=part.name)
    new_name = _str(cfg, "new_name")
    if new_name is not None and (not new_name or any(p.name == new_name and p is not prof for p in part.profiles)):
        raise error("profile_exists", name=new_name, lpar=part.name)
    io_cfg = _profile_io(cfg, profile_io.contents(system, part, prof), system, part)
    _apply_profile(cfg, prof, system)
    prof.io = io_cfg
    if new_name is not None:
        for attr in ("default_profile", "curr_profile"):
            if getattr(part, attr) == prof.name:
                setattr(part, attr, new_name)
        prof.name = new_name
    return part


change_profile = _change_profile  # the public name other doors use


# ---- rmsyscfg ------------------------------------------------------------------------------------
@hmc_command(RM_USAGE)
def rmsyscfg(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], RM_SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("lpar", "prof"))
    opts.require("-m")
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if resource == "lpar":
        part = t.pick_partition(system, opts, "-n", "--id")
        if part.state != "Not Activated":
            raise error("lpar_must_be_off", lpar=part.name)
        _remove_partition(t, system, part)
    else:
        opts.require("-n")
        part = t.pick_partition(system, opts, "-p", "--id")
        prof = next((p for p in part.profiles if p.name == opts.get("-n")), None)
        if prof is None:
            raise error("profile_not_found", name=opts.get("-n"), lpar=part.name)
        if len(part.profiles) == 1:
            raise error("last_profile", name=prof.name, lpar=part.name)
        part.profiles.remove(prof)
        if part.default_profile == prof.name:
            part.default_profile = part.profiles[0].name  # [I]
        t.world.changed(part)
        return 0
    t.world.changed()
    return 0


def _remove_partition(t: HmcTarget, system: ManagedSystem, part: Partition) -> None:
    try:
        power.deactivate_now(t.world, system, part)  # cancels its timers; it is already off
    except WorldError:
        pass
    del system.partitions[part.id]
    for hmc in t.world.hmcs.values():
        slot = hmc.node_slot(system.name, part.id)
        if slot is not None:
            hmc.managed_nodes[slot] = None  # lspartition keeps the gap [V: #0,#1,#2,#4]

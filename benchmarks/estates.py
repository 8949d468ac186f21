"""Big estates as scenario dicts (what a scenario file with many [[system.partition]] entries holds)."""

from __future__ import annotations


def estate(n_systems: int, n_partitions: int, name: str = "scale") -> dict:
    """One HMC managing ``n_systems`` systems that share ``n_partitions`` healthy AIX partitions."""
    per = [n_partitions // n_systems + (1 if i < n_partitions % n_systems else 0) for i in range(n_systems)]
    systems = []
    k = 0
    for i, count in enumerate(per):
        parts = []
        for pid in range(1, count + 1):
            k += 1
            parts.append({"name": f"lpar{k:05d}", "id": pid,
                          "memory": {"min": 1024, "desired": 2048, "max": 4096},
                          "processors": {"mode": "shared", "min_units": 0.05, "units": 0.1, "max_units": 1.0,
                                         "min_procs": 1, "procs": 1, "max_procs": 2}})
        systems.append({"name": f"Server-8286-42A-SN21{i:05X}", "type_model": "8286-42A",
                        "serial": f"21{i:05X}", "memory_mb": count * 2048 + 65536,
                        "proc_units": round(count * 0.1 + 16, 2), "max_lpars": max(1000, count),
                        "partition": parts})
    return {"scenario": {"name": f"{name}-{n_partitions}", "seed": 7},
            "hmc": [{"name": "hmc1"}],
            "defaults": {"aix_level": "7.2", "rmc_poll_seconds": 300},
            "system": systems}

"""Filesystems of a partition: resizing (chfs) from the volume group's free space, and removing the
files the model knows one by one (os.files).

Sizes are in 512-byte blocks, as AIX counts them. The AIX command layer renders the messages.
"""

from __future__ import annotations

import posixpath

from .aix import AixOS, Filesystem
from . import lvm

BLOCKS_PER_MB = lvm.BLOCKS_PER_MB
PP_SIZE_MB = lvm.ROOTVG_PP_MB


def resize(os: AixOS, fs: Filesystem, new_blocks: int) -> int:
    """Set ``fs`` to ``new_blocks`` (rounded up to whole physical partitions); returns the new size.
    The LVM model (lvm.py) takes the PPs from the filesystem's volume group.

    WorldError codes: "vg_full" when the volume group lacks free partitions (the 0516-404 failure),
    "too_small" when the data would not fit, "bad_size" for a non-positive size.
    """
    return lvm.resize_fs(os, fs, new_blocks)


def grow(os: AixOS, fs: Filesystem, delta_blocks: int) -> int:
    return resize(os, fs, fs.size_blocks + delta_blocks)


# ---- modelled files ----------------------------------------------------------------------------------
def normpath(path: str, cwd: str = "/") -> str:
    if not path.startswith("/"):
        path = posixpath.join(cwd or "/", path)
    path = posixpath.normpath(path)
    return "/" + path.lstrip("/") if path.startswith("//") else path


def files_under(os: AixOS, directory: str) -> list[str]:
    prefix = directory.rstrip("/") + "/"
    return sorted(p for p in os.files if p.startswith(prefix))


def remove_file(os: AixOS, path: str) -> bool:
    """Remove one modelled file; False if the model has no such file."""
    return os.files.pop(path, None) is not None


def remove_tree(os: AixOS, directory: str) -> list[str]:
    """Remove every modelled file below ``directory``; returns what was removed."""
    gone = files_under(os, directory)
    for path in gone:
        del os.files[path]
    return gone

"""Python 3.11 unmaps the 16 KB chunk at the top of a thread's frame stack as soon as the calls in it
return, and maps a new one the next time a call needs it (CPython issue gh-142183, fixed in 3.13 and
3.14 by keeping one chunk). A Django request goes up and down across such a boundary many times: the
test suite made some 15,000 ``mmap`` and ``munmap`` calls a second per worker, and took a page fault
for each page of every new chunk, about a tenth of its CPU.

``install()`` hands the interpreter an arena allocator (``PyObject_SetArenaAllocator``, documented C
API) that keeps up to 64 freed chunks for reuse and maps and unmaps every other block exactly as
CPython's own does, so blocks mapped before it was installed are freed the same way. It is the few
lines of C beside this file, compiled once per run with the machine's C compiler into the run's var/
folder. Without a compiler, or on another Python, nothing changes but the speed. Tests only: the
platform never loads it.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).with_name("stack_chunks.c")


class _ArenaAllocator(ctypes.Structure):
    _fields_ = [("ctx", ctypes.c_void_p), ("alloc", ctypes.c_void_p), ("free", ctypes.c_void_p)]


_library: ctypes.CDLL | None = None


def _compiled(folder: Path) -> Path | None:
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    target = folder / f"stack-chunks-{digest}.so"
    if target.exists():
        return target
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    done = subprocess.run(  # noqa: S603 - the machine's compiler, on the file beside this one
        [compiler, "-O2", "-shared", "-fPIC", str(SOURCE), "-o", str(partial)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        return None
    partial.replace(target)  # atomic: another process of the run may be doing the same
    return target


def install(folder: Path) -> bool:
    """Use the allocator from now on in this process; False (nothing changed) where it cannot be built."""
    global _library
    if _library is not None:
        return True
    if sys.implementation.name != "cpython" or not hasattr(ctypes, "pythonapi"):
        return False
    try:
        path = _compiled(folder)
        if path is None:
            return False
        library = ctypes.CDLL(str(path))
    except (OSError, subprocess.SubprocessError):
        return False
    allocator = _ArenaAllocator(
        None,
        ctypes.cast(library.stack_chunks_alloc, ctypes.c_void_p),
        ctypes.cast(library.stack_chunks_free, ctypes.c_void_p),
    )
    ctypes.pythonapi.PyObject_SetArenaAllocator(ctypes.byref(allocator))  # CPython copies the struct
    _library = library  # kept loaded for as long as the process lives
    return True


def installed() -> bool:
    """The interpreter's arena allocator is this one."""
    if _library is None:
        return False
    current = _ArenaAllocator()
    ctypes.pythonapi.PyObject_GetArenaAllocator(ctypes.byref(current))
    return current.alloc == ctypes.cast(_library.stack_chunks_alloc, ctypes.c_void_p).value

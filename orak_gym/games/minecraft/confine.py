"""Confines one process, then executes a command in it: the operating-system boundary around model code.

Usage: ``python3 -I -S confine.py [--connect HOST:PORT] [--read PATH]... [--exec FILE]... [--env NAME]...
[--best-effort] -- CMD ARG...``

The Minecraft driver starts its program runner (``js/runner.js``: the bot and the sandbox that runs
LLM-written JavaScript) through this launcher, so even a program that escapes the JavaScript sandbox
runs inside these layers, which the kernel enforces and which survive ``execve``:

1. **network namespace** of its own (``unshare``; with a user namespace when not root): no interface
   is up, so nothing can be reached, not even loopback. The runner's one connection, to the game
   server, is made here *before* confinement (``--connect``) and handed over as file descriptor 3.
2. **unprivileged user**: started as root, it drops to ``nobody`` (all groups cleared), with
   ``no_new_privs`` set, so nothing it executes can regain privileges. What the runner must read
   (``--read``, ``--exec``) may lie below a folder only root can enter (a clone under ``/root`` or
   in ``mktemp -d``): such a path is made reachable at the same path inside a mount namespace of
   the runner's own (a tmpfs over the closed folder, holding read-only bind mounts of just those
   paths), so the host's permissions are never changed and nothing else in that folder is shown.
3. **resource limits**: address space, open files, processes (when a dedicated user), no file
   growth (``RLIMIT_FSIZE=0``), no core dumps; it dies with its parent (``PR_SET_PDEATHSIG``).
4. **Landlock** (Linux >= 5.13; TCP rules >= 6.7; scopes >= 6.12): reads only below ``--read``
   paths, executes only the ``--exec`` files, writes, creates and deletes nothing anywhere; no TCP
   bind or connect; no signals or abstract UNIX sockets outside its own domain.
5. **seccomp**: no new processes (fork/vfork/clone without ``CLONE_THREAD``; clone3 reports
   ENOSYS so threads fall back to clone), no sockets, no ptrace, no namespaces, no mounts, no BPF,
   no io_uring, no perf events, no cross-process memory access.
6. **environment**: the command starts with ``PATH``, the locale and ``TZ`` only (plus each ``--env``
   name), never the caller's whole environment: an API key the caller holds is not there to read.

A layer the kernel does not offer is an error (exit code 70, one line on stderr naming the layer)
unless ``--best-effort`` is given; then it is skipped and named on stderr. Only the standard library
is imported, so the launcher starts fast under ``python3 -I -S`` and depends on nothing installed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import platform
import pwd
import resource
import signal
import struct
import sys

EXIT_UNAVAILABLE = 70  # EX_SOFTWARE-ish: a required layer could not be applied

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
CLONE_THREAD = 0x00010000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18

KEPT_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "TZ")  # all a confined command gets unless --env names more
ADDRESS_SPACE = 4 << 30  # bytes: node with mineflayer needs ~0.5 GiB resident; V8 reserves more
OPEN_FILES = 256
PROCESSES = 512  # threads count too; a cap for a dedicated user, not the defence (seccomp is)

# Landlock (include/uapi/linux/landlock.h)
LL_EXECUTE, LL_WRITE_FILE, LL_READ_FILE, LL_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
LL_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}  # + REFER, TRUNCATE, IOCTL_DEV
LL_NET_BIND_TCP, LL_NET_CONNECT_TCP = 1 << 0, 1 << 1
LL_SCOPE_ABSTRACT_UNIX, LL_SCOPE_SIGNAL = 1 << 0, 1 << 1
LL_RULE_PATH_BENEATH = 1
O_PATH = 0o10000000
SYS = {  # syscall numbers per machine
    "x86_64": dict(
        arch=0xC000003E,
        fork=57,
        vfork=58,
        clone=56,
        clone3=435,
        socket=41,
        socketpair=53,
        ptrace=101,
        unshare=272,
        setns=308,
        mount=165,
        bpf=321,
        io_uring_setup=425,
        perf_event_open=298,
        process_vm_readv=310,
        process_vm_writev=311,
        userfaultfd=323,
        keyctl=250,
        ll_create=444,
        ll_add=445,
        ll_restrict=446,
    ),
    "aarch64": dict(
        arch=0xC00000B7,
        clone=220,
        clone3=435,
        socket=198,
        socketpair=199,
        ptrace=117,
        unshare=97,
        setns=268,
        mount=40,
        bpf=280,
        io_uring_setup=425,
        perf_event_open=241,
        process_vm_readv=270,
        process_vm_writev=271,
        userfaultfd=282,
        keyctl=219,
        ll_create=444,
        ll_add=445,
        ll_restrict=446,
    ),
}

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]


class Unavailable(Exception):
    """A layer the kernel or the caller's privileges do not allow."""


def _check(ret: int, what: str) -> int:
    if ret < 0:
        err = ctypes.get_errno()
        raise Unavailable(f"{what}: {os.strerror(err)} (errno {err})")
    return ret


def _sys() -> dict[str, int]:
    table = SYS.get(platform.machine())
    if table is None:
        raise Unavailable(f"no syscall table for {platform.machine()}")
    return table


# ---------------------------------------------------------------- layer 1: network namespace
def isolate_network() -> str:
    if os.geteuid() == 0:
        _check(_libc.unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)")
        return "network namespace"
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNET), "unshare(CLONE_NEWUSER|CLONE_NEWNET)")
    return "network namespace (in a user namespace)"


# ---------------------------------------------------------------- layer 2: user
def drop_user() -> str:
    if os.geteuid() != 0:
        return f"already unprivileged (uid {os.getuid()})"
    try:
        pw = pwd.getpwnam("nobody")
        uid, gid = pw.pw_uid, pw.pw_gid
    except KeyError:
        uid = gid = 65534
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    try:
        os.setuid(0)
    except PermissionError:
        return f"dropped root to uid {uid}"
    raise Unavailable("setuid(0) still works after dropping root")


# ---------------------------------------------------------------- layer 2a: what nobody must read
def _closed_ancestor(path: str) -> str | None:
    """The topmost folder above ``path`` that other users cannot enter (no ``o+x``), if any."""
    parts = path.strip("/").split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = "/" + "/".join(parts[:depth])
        try:
            if not os.stat(folder).st_mode & 0o001:
                return folder
        except OSError:
            return None
    return None


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    encode = lambda text: text.encode() if text is not None else None  # noqa: E731
    ret = _libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data))
    _check(ret, f"mount({target})")


def expose_paths(paths: list[str]) -> str:
    """Makes each path reachable, at the same path, by the unprivileged user root is about to become.

    Only the folders *above* a path are bridged: a path whose own mode hides it from other users
    stays hidden. Runs in a mount namespace of this process's own (private, so nothing propagates
    back to the host), so the host's folders keep their permissions and other processes see no change.
    """
    if os.geteuid() != 0:
        return "own paths (unprivileged)"
    closed: dict[str, str] = {}  # path -> its topmost closed ancestor
    for path in paths:
        top = _closed_ancestor(path) if os.path.exists(path) else None
        if top is not None:
            closed[path] = top
    outermost = [p for p in closed if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in closed)]
    if not outermost:
        return "paths already reachable"
    _check(_libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    # Opened in the new namespace (a bind's source must be a mount of it), before the tmpfs hides them.
    handles = {path: os.open(path, O_PATH | os.O_CLOEXEC) for path in outermost}
    try:
        for top in sorted({closed[p] for p in outermost}):
            _mount("orak-confine", top, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=64k")
        for path, fd in handles.items():
            parent = os.path.dirname(path)
            os.makedirs(parent, mode=0o755, exist_ok=True)
            for folder in _folders_between(closed[path], parent):
                os.chmod(folder, 0o755)
            if os.path.isdir(f"/proc/self/fd/{fd}"):
                os.mkdir(path, 0o755)
            else:
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o644))
            _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
            _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    finally:
        for fd in handles.values():
            os.close(fd)
    with contextlib.suppress(OSError):
        os.chdir(os.getcwd())  # a working folder below a bridged path now resolves through it
    return f"{len(outermost)} path(s) bridged in a mount namespace"


def _folders_between(top: str, folder: str) -> list[str]:
    """``top`` and every folder below it down to ``folder`` (umask may have narrowed ``makedirs``)."""
    found = [folder]
    while found[-1] != top and found[-1] != "/":
        found.append(os.path.dirname(found[-1]))
    return found


# ---------------------------------------------------------------- layer 3: limits
def limit_resources(dedicated_user: bool) -> str:
    limits = {
        resource.RLIMIT_AS: ADDRESS_SPACE,
        resource.RLIMIT_NOFILE: OPEN_FILES,
        resource.RLIMIT_FSIZE: 0,
        resource.RLIMIT_CORE: 0,
    }
    if dedicated_user:  # RLIMIT_NPROC counts every process of the user: only ours when it is nobody
        limits[resource.RLIMIT_NPROC] = PROCESSES
    for which, value in limits.items():
        _soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # a write past FSIZE kills rather than erring quietly
    return "rlimits"


# ---------------------------------------------------------------- layer 4: Landlock
class _RulesetAttr(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock(read_paths: list[str], exec_files: list[str]) -> str:
    nr = _sys()
    abi = _libc.syscall(nr["ll_create"], None, 0, 1)  # LANDLOCK_CREATE_RULESET_VERSION
    if abi < 1:
        raise Unavailable(f"Landlock is not enabled in this kernel ({os.strerror(ctypes.get_errno())})")
    fs = LL_FS_BY_ABI[max(k for k in LL_FS_BY_ABI if k <= abi)]
    attr = _RulesetAttr(
        fs,
        (LL_NET_BIND_TCP | LL_NET_CONNECT_TCP) if abi >= 4 else 0,
        (LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL) if abi >= 6 else 0,
    )
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _check(_libc.syscall(nr["ll_create"], ctypes.byref(attr), size, 0), "landlock_create_ruleset")
    try:
        for path, allowed in [(p, LL_READ_FILE | LL_READ_DIR) for p in read_paths] + [
            (p, LL_EXECUTE | LL_READ_FILE) for p in exec_files
        ]:
            try:
                fd = os.open(path, O_PATH | os.O_CLOEXEC)
            except FileNotFoundError:
                continue
            try:
                if not os.path.isdir(path):
                    allowed &= LL_EXECUTE | LL_READ_FILE  # files take file rights only
                rule = _PathBeneath(allowed, fd)
                _check(
                    _libc.syscall(nr["ll_add"], ruleset, LL_RULE_PATH_BENEATH, ctypes.byref(rule), 0),
                    f"landlock_add_rule({path})",
                )
            finally:
                os.close(fd)
        _check(_libc.syscall(nr["ll_restrict"], ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    parts = ["files"] + (["tcp"] if abi >= 4 else []) + (["signals"] if abi >= 6 else [])
    return f"landlock abi {abi} ({'+'.join(parts)})"


# ---------------------------------------------------------------- layer 5: seccomp
def _bpf(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k & 0xFFFFFFFF)


class _Fprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def seccomp() -> str:
    nr = _sys()
    ld_w, jeq, jset, ret = 0x20, 0x15, 0x45, 0x06  # BPF_LD|W|ABS, JMP|JEQ|K, JMP|JSET|K, RET|K
    allow, kill = 0x7FFF0000, 0x80000000  # SECCOMP_RET_ALLOW, SECCOMP_RET_KILL_PROCESS

    def errno_ret(e: int) -> int:
        return 0x00050000 | e  # SECCOMP_RET_ERRNO

    denied = {
        name: errno.EPERM
        for name in (
            "fork",
            "vfork",
            "ptrace",
            "unshare",
            "setns",
            "mount",
            "bpf",
            "perf_event_open",
            "process_vm_readv",
            "process_vm_writev",
            "userfaultfd",
            "keyctl",
            "io_uring_setup",
        )
    }
    denied.update(socket=errno.EACCES, socketpair=errno.EACCES, clone3=errno.ENOSYS)
    prog = [_bpf(ld_w, 4), _bpf(jeq, nr["arch"], 1, 0), _bpf(ret, kill), _bpf(ld_w, 0)]
    if platform.machine() == "x86_64":  # x32 syscalls carry bit 30; refuse them all
        prog += [_bpf(0x35, 0x40000000, 0, 1), _bpf(ret, errno_ret(errno.ENOSYS))]  # JGE
    for name, err in denied.items():
        if name in nr:
            prog += [_bpf(jeq, nr[name], 0, 1), _bpf(ret, errno_ret(err))]
    # clone: threads (CLONE_THREAD set) only
    prog += [_bpf(jeq, nr["clone"], 0, 3), _bpf(ld_w, 16), _bpf(jset, CLONE_THREAD, 0, 1), _bpf(ret, allow)]
    prog += [_bpf(ld_w, 0), _bpf(jeq, nr["clone"], 0, 1), _bpf(ret, errno_ret(errno.EPERM)), _bpf(ret, allow)]
    blob = ctypes.create_string_buffer(b"".join(prog))
    fprog = _Fprog(len(prog), ctypes.cast(blob, ctypes.c_void_p))
    _check(_libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0), "seccomp filter")
    return "seccomp"


# ---------------------------------------------------------------- launcher
SYSTEM_READ = [
    "/usr",
    "/lib",
    "/lib64",
    "/lib32",
    "/etc",
    "/proc",
    "/sys/fs/cgroup",
    "/sys/devices/system/cpu",
    "/dev/null",
    "/dev/urandom",
    "/dev/random",
]  # what a dynamically linked node reads to start


def elf_interpreter(path: str) -> str | None:
    """The dynamic loader named in an ELF executable's PT_INTERP (it must be executable too)."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            if head[:4] != b"\x7fELF" or head[4] != 2:  # 64-bit only
                return None
            (phoff,) = struct.unpack_from("<Q", head, 32)
            phentsize, phnum = struct.unpack_from("<HH", head, 54)
            for i in range(phnum):
                f.seek(phoff + i * phentsize)
                ptype, _flags, offset, _va, _pa, filesz = struct.unpack("<IIQQQQ", f.read(40))
                if ptype == 3:  # PT_INTERP
                    f.seek(offset)
                    return f.read(filesz).rstrip(b"\0").decode()
    except (OSError, struct.error, UnicodeDecodeError):
        return None
    return None


def confine(read_paths: list[str], exec_files: list[str], best_effort: bool = False) -> list[str]:
    """Applies every layer to this process, in the order privileges allow; returns what holds."""
    held: list[str] = []
    was_root = os.geteuid() == 0

    def layer(fn, *args) -> None:
        try:
            held.append(fn(*args))
        except (Unavailable, OSError) as exc:
            if not best_effort:
                raise Unavailable(f"{fn.__name__}: {exc}") from exc
            print(f"confine: layer {fn.__name__} skipped: {exc}", file=sys.stderr)

    layer(isolate_network)  # needs root's CAP_SYS_ADMIN (or a user namespace), so first
    layer(limit_resources, was_root)  # before dropping root: hard limits then cannot be raised again
    layer(expose_paths, read_paths + exec_files)  # needs root's mounts, so before dropping it
    layer(drop_user)
    for path in read_paths[:1]:  # the program's own folder: unreadable after dropping root is a clear error
        if not os.access(path, os.R_OK | os.X_OK):
            fix = "its files must be readable by others (chmod -R o+rX on that folder) or run unprivileged"
            raise Unavailable(f"uid {os.getuid()} cannot read {path}: {fix}")
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")  # after setuid (it clears it)
    if os.getppid() == 1:
        raise Unavailable("parent already gone")
    layer(landlock, read_paths, exec_files)
    layer(seccomp)  # last: it forbids what the layers above needed (unshare)
    return held


def connect_fd3(target: str) -> None:
    """Connects to the game server and puts the socket on fd 3, where the runner expects it."""
    import socket

    host, _, port = target.rpartition(":")
    sock = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
    sock.settimeout(None)
    if sock.fileno() == 3:
        os.set_inheritable(sock.detach(), True)
    else:
        os.dup2(sock.fileno(), 3, inheritable=True)
        sock.close()


def main(argv: list[str]) -> int:
    connect_to = ""
    read_paths: list[str] = []
    exec_files: list[str] = []
    kept = list(KEPT_ENVIRONMENT)
    best_effort = False
    args = list(argv)
    while args and args[0] != "--":
        opt = args.pop(0)
        if opt == "--read" and args:
            read_paths.append(os.path.realpath(args.pop(0)))
        elif opt == "--exec" and args:
            exec_files.append(os.path.realpath(args.pop(0)))
        elif opt == "--env" and args:
            kept.append(args.pop(0))
        elif opt == "--connect" and args:
            connect_to = args.pop(0)
        elif opt == "--best-effort":
            best_effort = True
        else:
            print(f"confine: unknown option {opt!r}", file=sys.stderr)
            return 2
    command = args[1:]
    if not command:
        print("confine: no command after --", file=sys.stderr)
        return 2
    binary = os.path.realpath(command[0])
    interp = elf_interpreter(binary)
    exec_files += [binary] + ([os.path.realpath(interp)] if interp else [])
    read_paths += SYSTEM_READ
    try:
        if connect_to:
            connect_fd3(connect_to)
    except (OSError, ValueError) as exc:
        print(f"confine: cannot connect to the game server {connect_to}: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    try:
        held = confine(read_paths, exec_files, best_effort)
    except Unavailable as exc:
        print(f"confine: cannot isolate the program runner: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    if os.environ.get("ORAK_CONFINE_REPORT"):
        print("confine: " + "; ".join(held), file=sys.stderr)
    try:
        os.execve(command[0], command, {k: os.environ[k] for k in kept if k in os.environ})
    except OSError as exc:
        print(f"confine: cannot execute {command[0]}: {exc}", file=sys.stderr)
        return 127


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

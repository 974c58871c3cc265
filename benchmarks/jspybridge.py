"""JSPyBridge (``pip install javascript``) against orak-gym's backend channel, for reaching Node.

Measures, in the same run, on the same Node.js:

1. round trips per second and CPU time per round trip: a string echoed by a JS function, through
   JSPyBridge's ``require(...)`` proxy and through ``ProcessChannel(transport="jsonl")`` (what the
   Minecraft driver speaks);
2. what happens when a JS call hangs the event loop (a program with ``while (true) {}``, which an
   LLM can write): does the caller get control back, and does the next call work?

JSPyBridge is not a dependency of orak-gym: ``pip install javascript`` to run this.
Usage: ``python benchmarks/jspybridge.py [--calls 1000]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from orak_gym.core.channel import ProcessChannel

ECHO_JS = "module.exports = { echo: (s) => s, spin: () => { while (true) {} } };\n"
SERVER_JS = textwrap.dedent(
    """
    const mod = require(process.argv[2]);
    const rl = require('readline').createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      const msg = JSON.parse(line);
      if (msg.op === 'spin') mod.spin();
      process.stdout.write(JSON.stringify({ id: msg.id, result: mod.echo(msg.text) }) + '\\n');
    });
    """
)


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (user + system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _node_descendants() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmd = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and b"node" in cmd:
                pids.append(int(entry.name))
    return pids


def bench_channel(folder: Path, calls: int) -> dict[str, float | str]:
    (folder / "server.js").write_text(SERVER_JS)
    channel = ProcessChannel(
        ["node", str(folder / "server.js"), str(folder / "echo.js")], name="node echo", transport="jsonl"
    )
    channel.start()
    channel.request({"id": 0, "op": "echo", "text": "warm-up"}, timeout=30)
    cpu, wall = _cpu(), time.perf_counter()
    for i in range(1, calls + 1):
        assert channel.request({"id": i, "op": "echo", "text": f"move {i}"}, timeout=30)["result"] == f"move {i}"
    wall = time.perf_counter() - wall
    channel.close()  # the child is reaped: its CPU time is now counted
    cpu = _cpu() - cpu
    started = time.perf_counter()
    channel.start()
    try:
        channel.request({"id": 1, "op": "spin", "text": ""}, timeout=2.0)
        hang = "returned?"
    except Exception as exc:
        hang = f"{type(exc).__name__} after {time.perf_counter() - started:.1f} s"
    channel.restart()
    after = channel.request({"id": 2, "op": "echo", "text": "still here"}, timeout=30)["result"]
    channel.close()
    return {"calls_per_s": calls / wall, "cpu_ms_per_call": 1000 * cpu / calls, "hang": hang, "after_hang": after}


def bench_jspybridge(folder: Path, calls: int) -> dict[str, float | str]:
    from javascript import require  # starts the bridge's node process

    mod = require(str(folder / "echo.js"))
    assert mod.echo("warm-up") == "warm-up"
    cpu, wall = _cpu(), time.perf_counter()
    for i in range(1, calls + 1):
        assert mod.echo(f"move {i}") == f"move {i}"
    wall = time.perf_counter() - wall
    cpu = _cpu() - cpu  # the bridge's node still runs: only Python's CPU is counted here
    nodes = _node_descendants()
    node_cpu = 0.0
    for pid in nodes:  # add the bridge process's own CPU from /proc (utime + stime, clock ticks)
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        node_cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    outcome: dict[str, str] = {}

    def spin() -> None:
        try:
            mod.spin(timeout=2)
            outcome["hang"] = "returned?"
        except Exception as exc:
            outcome["hang"] = f"{type(exc).__name__}"

    started = time.perf_counter()
    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    thread.join(10)
    outcome.setdefault("hang", "no answer after 10 s")
    outcome["hang"] += f" ({time.perf_counter() - started:.1f} s)"
    probe: dict[str, str] = {}

    def call_again() -> None:
        try:
            probe["after"] = str(mod.echo("still here", timeout=2))
        except Exception as exc:
            probe["after"] = f"{type(exc).__name__}"

    thread = threading.Thread(target=call_again, daemon=True)
    thread.start()
    thread.join(10)
    for pid in nodes:  # the bridge has no restart: its spinning node must be killed from outside
        os.kill(pid, signal.SIGKILL)
    return {
        "calls_per_s": calls / wall,
        "cpu_ms_per_call": 1000 * (cpu + node_cpu) / calls,
        "hang": outcome["hang"],
        "after_hang": probe.get("after", "no answer after 10 s"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "echo.js").write_text(ECHO_JS)
        channel = bench_channel(folder, args.calls)
        bridge = bench_jspybridge(folder, args.calls)
    print(f"{args.calls} string round trips to Node, Python {sys.version.split()[0]}")
    print(f"{'':24}{'calls/s':>10}{'CPU ms/call':>14}  hung call -> next call")
    for name, row in (("orak channel (jsonl)", channel), ("JSPyBridge", bridge)):
        print(
            f"{name:24}{row['calls_per_s']:>10,.0f}{row['cpu_ms_per_call']:>14.3f}  "
            f"{row['hang']} -> {row['after_hang']}"
        )
    print(f"ratio channel/JSPyBridge calls/s: {channel['calls_per_s'] / bridge['calls_per_s']:.2f}x")
    os._exit(0)  # JSPyBridge's threads would keep the interpreter alive


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The project's benchmark figures and the alternatives', in one run, whole processes,
alternating — and the table of docs/benchmarks.md written from them.

    python3 scripts/bench/run.py                 # every benchmark, 5 runs each, table printed
    python3 scripts/bench/run.py --write         # … and written into docs/benchmarks.md
    python3 scripts/bench/run.py --only tape,returns --runs 3

What it runs (release builds; every figure is a median of --runs; peak memory is the maximum
resident set of the process, from wait4):

- tape:    `mizan import loans` of a 1,000,000-loan CSV tape (stored on SQLite, a fresh database
           each run) against scripts/bench/classify_tape.py with polars and with pandas on the same
           file (one classification per process), in turn: mizan, polars, pandas, mizan, …
- xlsx:    the same tape as a workbook: `cargo bench -p mizan-ingest --bench xlsx_tape` (in one
           process: calamine's own cell reader against read_tape_xlsx, best of 3 each)
- returns: `mizan import returns` of 1,000 returns (78,000 lines) on SQLite and on PostgreSQL
           (fresh database each run), and psql's `\\copy` of the same CSV into a table of four text
           columns as the floor of what PostgreSQL can take in
- protect: disclosure control of one quarter, `cargo bench -p mizan-ratios --bench consolidate`
           with MIZAN_BENCH_INSTITUTIONS = 1,000, 2,000 and 4,000 (in-process)
- demo:    `mizan demo` until /healthz answers, and its resident memory at rest one second later

Python packages (polars, pandas) come from a venv made once under ~/.cache/mizan-bench.
PostgreSQL: --pg (default postgres://postgres@127.0.0.1:5432); the benchmark creates and drops
the database mizan_bench. Figures are of this machine at the time of the run: the table says
when, and the load average.
"""
import argparse
import datetime
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN = "<!-- bench-table:begin (written by scripts/bench/run.py) -->"
END = "<!-- bench-table:end -->"
VENV = Path.home() / ".cache" / "mizan-bench"
BAM_REGISTRY = """code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group
CI01,Crédit Solidaire SA,sa,direct_credit,false,false,,bam-mfi,
"""


def log(*args):
    print(*args, file=sys.stderr, flush=True)


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_rss(cmd, env=None, cwd=None):
    """Runs `cmd` to the end; returns (wall seconds, the process's own peak RSS in MB). Fails
    loudly, with the end of its error output.

    The peak comes from GNU time (`%M`) when it is installed: the `ru_maxrss` that wait4 gives
    a child of this script also counts the copy of this interpreter the child was forked from
    before it ran the command (Linux keeps the high-water mark across exec). Without GNU time,
    wait4's figure is used (an upper bound). Output goes to files, never to a pipe that a
    talkative command could fill."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        full = [GNU_TIME, "-f", "%M", "-o", str(peak_file), *map(str, cmd)] if GNU_TIME else list(map(str, cmd))
        with open(Path(tmp) / "err", "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(full, cwd=cwd or ROOT, env={**os.environ, **(env or {})},
                                    stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            tail = (Path(tmp) / "err").read_bytes().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(map(str, cmd))} failed ({code}):\n{tail}")
        if GNU_TIME:
            return wall, int(peak_file.read_text().split()[-1]) / 1024
        return wall, usage.ru_maxrss / 1024


def warm(path):
    """Reads a file once, in pieces (the page cache warm for every tool alike, without making
    this interpreter large)."""
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


def load():
    return os.getloadavg()[0]


def cargo(*args, env=None):
    log("cargo", *args)
    subprocess.run(["cargo", *args], cwd=ROOT, check=True, env={**os.environ, **(env or {})},
                   stdout=subprocess.DEVNULL)


def python_with(packages):
    py = VENV / "bin" / "python"
    if not py.exists():
        log(f"making {VENV} ({', '.join(packages)})")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    missing = [p for p in packages
               if subprocess.run([str(py), "-c", f"import {p}"], capture_output=True).returncode]
    if missing:
        subprocess.run([str(py), "-m", "pip", "install", "-q", *missing], check=True)
    return str(py)


def versions(py):
    out = subprocess.run([py, "-c", "import polars, pandas; print(polars.__version__, pandas.__version__)"],
                         capture_output=True, text=True, check=True).stdout.split()
    return {"polars": out[0], "pandas": out[1]}


class Row:
    def __init__(self, work, ours, theirs=None, their_name="", target="", met=None, note=""):
        self.work, self.ours, self.theirs = work, ours, theirs
        self.their_name, self.target, self.met, self.note = their_name, target, met, note


def med(values):
    return statistics.median(values)


def fmt_s(values):
    return f"{med(values):.2f} s ({', '.join(f'{v:.2f}' for v in values)})"


def fmt_mb(values):
    return f"{max(values):.0f} MB"


# --- tape ------------------------------------------------------------------------------------

def bench_tape(work, runs, mizan, rows):
    tape = work / f"tape-{rows}.csv"
    if not tape.exists():
        cargo("run", "--release", "-q", "-p", "mizan-ingest", "--example", "synthetic_tape", "--",
              str(tape), str(rows), "42", "2023-06-30")
    py = python_with(["polars", "pandas"])
    registry = work / "bam-registry.csv"
    registry.write_text(BAM_REGISTRY)
    script = str(ROOT / "scripts" / "bench" / "classify_tape.py")
    times = {"mizan": [], "polars": [], "pandas": []}
    peaks = {"mizan": [], "polars": [], "pandas": []}
    for i in range(runs):
        db = work / "tape.sqlite"
        for f in work.glob("tape.sqlite*"):
            f.unlink()
        subprocess.run([mizan, "--database-url", str(db), "import", "institutions", str(registry)],
                       cwd=ROOT, check=True, capture_output=True)
        warm(tape)
        t, rss = run_rss([mizan, "--database-url", str(db), "import", "loans", "--institution", "CI01",
                          "--period", "2023-Q2", str(tape)])
        times["mizan"].append(t), peaks["mizan"].append(rss)
        for engine in ("polars", "pandas"):
            t, rss = run_rss([py, script, str(tape), engine, "2023-06-30", "--runs", "1"])
            times[engine].append(t), peaks[engine].append(rss)
        log(f"tape run {i + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s {peaks[k][-1]:.0f} MB" for k, v in times.items()))
    v = versions(py)
    ratio = med(times["mizan"]) / med(times["polars"])
    return [
        Row(f"{rows:,}-loan CSV tape: `mizan import loans`, stored on SQLite", times["mizan"],
            times["polars"], f"polars {v['polars']} (`classify_tape.py`, one classification per process, nothing stored)",
            "≤ 0.7 × polars, ≤ 100 MB",
            ratio <= 0.7 and max(peaks["mizan"]) <= 100,
            f"{fmt_mb(peaks['mizan'])} against {fmt_mb(peaks['polars'])}; ratio {ratio:.2f}"),
        Row("the same tape", times["mizan"], times["pandas"], f"pandas {v['pandas']} (same script)",
            "", None,
            f"{fmt_mb(peaks['mizan'])} against {fmt_mb(peaks['pandas'])}; ratio {med(times['mizan']) / med(times['pandas']):.2f}"),
    ]


# --- xlsx ------------------------------------------------------------------------------------

def bench_xlsx(rows):
    log("cargo bench -p mizan-ingest --bench xlsx_tape")
    out = subprocess.run(["cargo", "bench", "-q", "-p", "mizan-ingest", "--bench", "xlsx_tape"], cwd=ROOT,
                         env={**os.environ, "MIZAN_BENCH_ROWS": str(rows)},
                         check=True, capture_output=True, text=True).stdout
    calamine = [float(x) for x in re.findall(r"calamine cell reader alone: ([\d.]+) s", out)]
    ours = [float(x) for x in re.findall(r"read_tape_xlsx \(every check\): ([\d.]+) s", out)]
    if not calamine or not ours:
        raise SystemExit(f"xlsx_tape printed no figures:\n{out}")
    ratio = med(ours) / med(calamine)
    return [Row(f"the same tape as xlsx: `read_tape_xlsx` (every check), in-process, 3 runs", ours, calamine,
                "calamine's cell reader alone, touching every cell (3 runs)", "≤ 1.1 × calamine", ratio <= 1.1,
                f"best against best {min(ours) / min(calamine):.2f}")]


# --- returns ---------------------------------------------------------------------------------

def federation(work, n):
    """The synthetic federation of crates/service/benches/returns_import.rs: institution i takes
    the attributes and figures of the (i mod 21)-th reporting institution of the fixture."""
    data = ROOT / "tests" / "data" / "apsfd-ci-2016q1"
    reg_lines = (data / "institutions.csv").read_text().splitlines()
    ret_lines = (data / "returns.csv").read_text().splitlines()[1:]
    templates = []
    for line in reg_lines[1:]:
        code, rest = line.split(",", 1)
        lines = [l.split(",") for l in ret_lines if l.split(",")[0] == code]
        if lines:
            attrs = rest.split(",", 1)[1] if "," in rest else ""
            templates.append((attrs, [(f[2], f[3]) for f in lines]))
    registry = [reg_lines[0]]
    returns = ["institution,period,item,value"]
    for i in range(n):
        attrs, lines = templates[i % len(templates)]
        code = f"B{i:04}"
        registry.append(f"{code},Institution {i},{attrs}")
        returns.extend(f"{code},2016-Q1,{item},{value}" for item, value in lines)
    (work / "institutions.csv").write_text("\n".join(registry) + "\n")
    (work / "returns.csv").write_text("\n".join(returns) + "\n")
    return len(returns) - 1


def psql(url, *sql):
    args = ["psql", "-X", "-q", url]
    for s in sql:
        args += ["-c", s]
    subprocess.run(args, check=True, capture_output=True)


def bench_returns(work, runs, mizan, pg):
    lines = federation(work, 1000)
    admin, bench = f"{pg}/postgres", f"{pg}/mizan_bench"
    reg, ret = str(work / "institutions.csv"), str(work / "returns.csv")
    times = {"sqlite": [], "postgres": [], "copy": []}
    peaks = {"sqlite": [], "postgres": []}
    for i in range(runs):
        for f in work.glob("returns.sqlite*"):
            f.unlink()
        db = str(work / "returns.sqlite")
        subprocess.run([mizan, "--database-url", db, "import", "institutions", reg], check=True,
                       capture_output=True)
        t, rss = run_rss([mizan, "--database-url", db, "import", "returns", ret])
        times["sqlite"].append(t), peaks["sqlite"].append(rss)

        psql(admin, "DROP DATABASE IF EXISTS mizan_bench", "CREATE DATABASE mizan_bench")
        subprocess.run([mizan, "--database-url", bench, "import", "institutions", reg], check=True,
                       capture_output=True)
        t, rss = run_rss([mizan, "--database-url", bench, "import", "returns", ret])
        times["postgres"].append(t), peaks["postgres"].append(rss)

        psql(bench, "CREATE TABLE floor (institution TEXT, period TEXT, item TEXT, value TEXT)")
        t, _ = run_rss(["psql", "-X", "-q", bench, "-c", f"\\copy floor FROM '{ret}' CSV HEADER"])
        times["copy"].append(t)
        log(f"returns run {i + 1}: " + ", ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items()))
    psql(admin, "DROP DATABASE IF EXISTS mizan_bench")
    ratio = med(times["postgres"]) / med(times["sqlite"])
    return [
        Row(f"1,000 returns ({lines:,} CSV lines): `mizan import returns` on PostgreSQL", times["postgres"],
            times["sqlite"], "the same on SQLite", "≤ 1.5 × SQLite", ratio <= 1.5,
            f"ratio {ratio:.2f}; {fmt_mb(peaks['postgres'])} and {fmt_mb(peaks['sqlite'])}"),
        Row("the same on PostgreSQL", times["postgres"], times["copy"],
            "psql `\\copy` of the CSV into a table of 4 text columns (the floor: no check, no key)", "",
            None, f"ratio {med(times['postgres']) / med(times['copy']):.1f}"),
    ]


# --- protect ---------------------------------------------------------------------------------

def bench_protect(sizes):
    rows, per = [], {}
    for n in sizes:
        log(f"cargo bench -p mizan-ratios --bench consolidate (MIZAN_BENCH_INSTITUTIONS={n})")
        out = subprocess.run(["cargo", "bench", "-q", "-p", "mizan-ratios", "--bench", "consolidate"], cwd=ROOT,
                             env={**os.environ, "MIZAN_BENCH_INSTITUTIONS": str(n), "MIZAN_BENCH_QUARTERS": "2"},
                             check=True, capture_output=True, text=True).stdout
        # "disclosure control, 1000 institutions: wall best 440.5 ms, median 449.2 ms of 3; …"
        m = re.search(r"disclosure control, \d+ institutions: wall best [\d.]+ ms, median ([\d.]+) ms", out)
        if not m:
            raise SystemExit(f"consolidate printed no disclosure-control figure:\n{out}")
        per[n] = float(m.group(1)) / 1000
    targets = {1000: 1.0, 4000: 4.0}
    for n, t in per.items():
        target = targets.get(n)
        rows.append(Row(f"disclosure control (`protect`), one quarter, {n:,} synthetic institutions (in-process, median of 3)",
                        [t], None, "", f"≤ {target:.0f} s" if target else "", (t <= target) if target else None,
                        ""))
    if len(per) >= 2:
        (a, ta), (b, tb) = min(per.items()), max(per.items())
        import math
        exponent = math.log(tb / ta) / math.log(b / a)
        rows[-1].note = f"growth exponent {exponent:.2f} from {a:,} to {b:,}"
    return rows


# --- demo ------------------------------------------------------------------------------------

def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_demo(work, runs, mizan):
    starts, rests = [], []
    for i in range(runs):
        port = free_port()
        db = work / "demo.sqlite"
        for f in work.glob("demo.sqlite*"):
            f.unlink()
        start = time.perf_counter()
        proc = subprocess.Popen([mizan, "demo", "--bind", f"127.0.0.1:{port}", "--database-url", str(db)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                if proc.poll() is not None:
                    raise SystemExit("mizan demo stopped before serving")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    time.sleep(0.01)
            starts.append(time.perf_counter() - start)
            time.sleep(1.0)
            status = Path(f"/proc/{proc.pid}/status").read_text()
            rests.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        log(f"demo run {i + 1}: serving after {starts[-1]:.2f} s, {rests[-1]:.0f} MB at rest")
    return [
        Row("`mizan demo`: from start until /healthz answers", starts, None, "", "< 1.5 s", med(starts) < 1.5, ""),
        Row("`mizan demo`: resident memory at rest (1 s after serving)", rests, None, "", "< 60 MB",
            med(rests) < 60, "MB, not seconds"),
    ]


# --- output ----------------------------------------------------------------------------------

def table(rows, when, loads, runs):
    out = [BEGIN, "",
           f"Measured {when} by `python3 scripts/bench/run.py --write` on this machine (2 cores, 24 GiB; "
           f"load average {min(loads):.1f}–{max(loads):.1f} during the run). Whole processes unless the row says "
           f"in-process; medians of {runs} runs alternating with the alternatives, every run listed.", "",
           "| work | Mizan | alternative | ratio | target | met | notes |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        unit_mb = r.note == "MB, not seconds"
        ours = (f"{med(r.ours):.0f} MB ({', '.join(f'{v:.0f}' for v in r.ours)})" if unit_mb else fmt_s(r.ours))
        theirs = f"{r.their_name}: {fmt_s(r.theirs)}" if r.theirs else "—"
        ratio = f"{med(r.ours) / med(r.theirs):.2f}" if r.theirs else "—"
        met = "—" if r.met is None else ("**yes**" if r.met else "**no**")
        note = "" if unit_mb else r.note
        out.append(f"| {r.work} | {ours} | {theirs} | {ratio} | {r.target or '—'} | {met} | {note} |")
    out += ["", END]
    return "\n".join(out)


def write_doc(text):
    doc = DOC.read_text()
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        doc = head + text + tail
    else:
        marker = "\n## "
        i = doc.find(marker)
        section = "\n## The figures in one run (scripts/bench/run.py)\n\n" + text + "\n"
        doc = doc[:i] + section + doc[i:] if i >= 0 else doc + section
    DOC.write_text(doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="tape,xlsx,returns,protect,demo")
    ap.add_argument("--rows", type=int, default=1_000_000, help="loans of the tape")
    ap.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = ap.parse_args()
    only = set(args.only.split(","))
    work = ROOT / "target" / "bench-run"
    work.mkdir(parents=True, exist_ok=True)
    cargo("build", "--release", "-q", "-p", "mizan")
    mizan = str(ROOT / "target" / "release" / "mizan")
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    loads, rows = [load()], []
    if "tape" in only:
        rows += bench_tape(work, args.runs, mizan, args.rows)
        loads.append(load())
    if "xlsx" in only:
        rows += bench_xlsx(args.rows)
        loads.append(load())
    if "returns" in only:
        if shutil.which("psql") is None:
            raise SystemExit("psql not found: the returns benchmark needs PostgreSQL")
        rows += bench_returns(work, args.runs, mizan, args.pg)
        loads.append(load())
    if "protect" in only:
        rows += bench_protect([1000, 2000, 4000])
        loads.append(load())
    if "demo" in only:
        rows += bench_demo(work, args.runs, mizan)
        loads.append(load())
    text = table(rows, when, loads, args.runs)
    print(text)
    if args.write:
        write_doc(text)
        log(f"written into {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

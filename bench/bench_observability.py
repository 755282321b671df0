#!/usr/bin/env python3
"""bench-observability: saga throughput with tracing + metrics on versus off, in one run.

For each mode the six applications (cdc-relay and the five services) are restarted by firedrill-stack with:
  on       OpenTelemetry spans of every hop exported to Zipkin for every checkout (the local stack's setting),
           Micrometer metrics
  sampled  the same with 10% head sampling, the applications' default (production)
  metrics-only  OTEL_SDK_DISABLED=true, metrics on
  off      OTEL_SDK_DISABLED=true (no spans; the traceparent still travels) and MANAGEMENT_METRICS_ENABLE_ALL=false
then warmed up (half the time at half the rate), drained (no saga in flight), then driven by firedrill-traffic with
checkouts only at one fixed open-model rate below saturation. Figures per mode: completed checkouts/s (COMPLETED
within the completion timeout, over the scheduled window), end-to-end latency (POST to COMPLETED), and CPU the six
JVMs and Zipkin spent per completed checkout (from /proc, the figure least moved by other work on a shared machine),
gross and marginal (minus their idle CPU, measured just before). The throughput loss is the capacity lost on a
CPU-bound machine: 1 - (marginal CPU per checkout off / mode). Modes alternate (on, sampled, metrics-only, off, then
the reverse, ...) so that background drift hits all.
The mode is checked, not assumed: Zipkin must hold order-service traces of the window when on or sampled, none when off or metrics-only.

Writes bench/results/observability.json and .md. Traffic goes to 127.0.0.1 only; every step is bounded in time.
Leaves the applications running with observability on.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STACK = os.path.join(ROOT, "bin", "firedrill-stack")
TRAFFIC = os.path.join(ROOT, "synthetic-data", "bin", "firedrill-traffic")
APPS = ["cdc-relay", "inventory-service", "payment-service", "shipment-service", "notification-service", "order-service"]
MODES = {
    "on": {"OTEL_TRACES_SAMPLER_ARG": "1.0"},
    "sampled": {"OTEL_TRACES_SAMPLER_ARG": "0.1"},
    "metrics-only": {"OTEL_SDK_DISABLED": "true"},
    "off": {"OTEL_SDK_DISABLED": "true", "MANAGEMENT_METRICS_ENABLE_ALL": "false"},
}
TICKS = os.sysconf("SC_CLK_TCK")
IDLE_SECONDS = 20


def log(message):
    print("bench-observability: " + message, flush=True)


def fail(message):
    print("bench-observability: " + message, file=sys.stderr)
    sys.exit(2)


def port_base():
    return int(os.environ.get("FIREDRILL_PORT_BASE", "17000"))


def app_url(index):
    return "http://127.0.0.1:%d" % (port_base() + 101 + index)


def run(cmd, env=None, timeout=900):
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        fail("%s failed (exit %d):\n%s%s" % (" ".join(cmd), p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    return p.stdout


def mode_env(mode):
    set_by_a_mode = set().union(*MODES.values())
    env = {k: v for k, v in os.environ.items() if k not in set_by_a_mode}
    env.update(MODES[mode])
    return env


def app_status(components=APPS):
    """{app: (pid or None, healthy)} from `firedrill-stack status` (columns: COMPONENT PID PORT HEALTHY ...)."""
    p = subprocess.run([STACK, "status"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    status = {}
    for line in p.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[0] in components:
            status[fields[0]] = (int(fields[1]) if fields[1].isdigit() else None, fields[3] == "yes")
    return status


def restart_apps(mode):
    """Restarts the six applications in `mode`. On a loaded machine `up --services` may give up on a slow starter
    (180 s) that becomes ready later: wait for it, and start again only an application whose process is gone."""
    run([STACK, "down", "--services"], timeout=300)
    started = time.monotonic()
    deadline = started + 1200
    while True:
        p = subprocess.run([STACK, "up", "--services"], cwd=ROOT, env=mode_env(mode), capture_output=True, text=True,
                           timeout=900)
        if p.returncode == 0:
            return time.monotonic() - started
        log("up --services gave up on a slow start; waiting for the applications")
        while time.monotonic() < deadline:
            status = app_status()
            if len(status) == len(APPS) and all(healthy for _, healthy in status.values()):
                return time.monotonic() - started
            if any(pid is None for pid, _ in status.values()):
                break
            time.sleep(10)
        if time.monotonic() >= deadline:
            fail("the applications did not all become ready in %d s:\n%s" % (deadline - started, p.stdout[-3000:]))


def app_pids():
    """The six applications and Zipkin (its CPU is part of what tracing costs)."""
    measured = APPS + ["zipkin"]
    pids = {app: pid for app, (pid, _) in app_status(measured).items() if pid is not None}
    missing = [a for a in measured if a not in pids]
    if missing:
        fail("not running: " + ", ".join(missing))
    return pids


def cpu_seconds(pids):
    total = 0.0
    for pid in pids.values():
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return total


def traffic(rate, duration, out, run_id, completion_timeout, request_timeout):
    cmd = [TRAFFIC, "run", "--profile", "constant", "--rate", str(rate), "--duration", "%ds" % duration,
           "--timeout", "%ds" % request_timeout,
           "--mix", "checkout=1", "--decline-ratio", "0", "--seed", "42", "--no-metrics",
           "--completion-timeout", "%ds" % completion_timeout, "--run-id", run_id, "--out", out,
           "--order-url", app_url(0), "--inventory-url", app_url(1), "--notification-url", app_url(4)]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=duration + completion_timeout + 300)
    if p.returncode not in (0, 1):
        fail("firedrill-traffic failed (exit %d):\n%s%s" % (p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    with open(os.path.join(out, "traffic.json")) as f:
        return json.load(f)


def zipkin_traces(service, lookback_ms):
    zipkin = "http://127.0.0.1:%d" % (port_base() + 411)
    # limit=1: whether any trace exists is the check; a large limit returns whole traces and can take minutes.
    url = "%s/api/v2/traces?serviceName=%s&lookback=%d&limit=1" % (zipkin, service, lookback_ms)
    with urllib.request.urlopen(url, timeout=60) as r:
        return len(json.load(r))


def operation(report, name):
    for op in report["operations"]:
        if op["operation"] == name:
            return op
    return {"count": 0, "outcomes": {}, "errors": 0, "latencyMs": {}}


def sagas_in_flight():
    """Orders not in a terminal state, from the order database (the stack's own MariaDB client and credentials)."""
    env = stack_env()
    p = subprocess.run(["mariadb", "-h", "127.0.0.1", "-P", env["FIREDRILL_MARIADB_PRIMARY_PORT"],
                        "-u" + env["FIREDRILL_DB_USER"], "-p" + env["FIREDRILL_DB_PASSWORD"], "-N", "-B", "-e",
                        "SELECT COUNT(*) FROM firedrill_order.orders "
                        "WHERE status NOT IN ('COMPLETED', 'CANCELLED', 'COMPENSATION_FAILED')"],
                       capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        fail("cannot count sagas in flight: " + p.stderr.strip())
    return int(p.stdout.strip() or 0)


def stack_env():
    path = os.path.join(os.environ.get("FIREDRILL_HOME", os.path.join(ROOT, ".firedrill")), "stack.env")
    with open(path) as f:
        return dict(line.strip().split("=", 1) for line in f if "=" in line and not line.startswith("#"))


def await_quiet(limit_s=180):
    """Waits until no saga is in flight, so a run never starts on the backlog of the one before."""
    deadline = time.time() + limit_s
    while True:
        left = sagas_in_flight()
        if left == 0:
            return
        if time.time() > deadline:
            fail("%d sagas still in flight after %d s; the system did not drain" % (left, limit_s))
        time.sleep(2)


def measure(mode, index, args, out_root):
    restart_s = restart_apps(mode)
    # Freshly started JVMs run interpreted until the JIT catches up; at the full rate they fall behind and the
    # measured window would inherit a backlog. Warm up at half the rate, then at the rate, then let it drain.
    log("%s #%d: applications restarted in %.0f s; warming up %d s" % (mode, index, restart_s, args.warmup))
    for phase, rate in (("a", args.rate / 2), ("b", args.rate)):
        traffic(rate, args.warmup // 2, os.path.join(out_root, "%s-%d-warmup-%s" % (mode, index, phase)),
                "obs-%s-%d-warmup-%s" % (mode, index, phase), args.completion_timeout, args.request_timeout)
    await_quiet()
    pids = app_pids()
    # What the mode costs with no checkout at all (scrapes, pollers, heartbeats, span exporter threads): measured
    # on its own so the per-checkout figure is the marginal cost, the one that sets the rate a saturated machine
    # sustains. At a low offered rate the fixed cost would otherwise dominate the gross figure.
    idle_before = cpu_seconds(pids)
    time.sleep(IDLE_SECONDS)
    idle_cores = (cpu_seconds(pids) - idle_before) / IDLE_SECONDS
    cpu_before = cpu_seconds(pids)
    started = time.time()
    report = traffic(args.rate, args.duration, os.path.join(out_root, "%s-%d" % (mode, index)), "obs-%s-%d" % (mode, index),
                     args.completion_timeout, args.request_timeout)
    cpu = cpu_seconds(pids) - cpu_before
    busy_s = time.time() - started
    window_ms = int((time.time() - started) * 1000) + 5000
    time.sleep(8)  # the last span batches (exported every 5 s)
    traces = zipkin_traces("order-service", window_ms)
    if mode in ("on", "sampled") and traces == 0:
        fail("tracing %s, but Zipkin holds no order-service trace of the run" % mode)
    if mode in ("off", "metrics-only") and traces > 0:
        fail("tracing off, but Zipkin holds %d order-service traces of the run" % traces)
    completed = operation(report, "checkout_completed")
    accepted = operation(report, "checkout_accepted")
    ok = completed["outcomes"].get("ok", 0)
    result = {
        "mode": mode, "round": index, "restartSeconds": round(restart_s, 1),
        "offeredRate": args.rate, "seconds": args.duration,
        "sent": report["rates"]["sent"], "accepted": accepted["count"] - accepted["errors"],
        "completed": ok, "completedPerSecond": round(ok / args.duration, 2),
        "errors": completed["errors"], "errorOutcomes": {k: v for k, v in completed["outcomes"].items() if k != "ok"},
        "e2eLatencyMs": {k: completed["latencyMs"].get(k) for k in ("p50", "p95", "p99", "max")},
        "appCpuSeconds": round(cpu, 1), "cpuMsPerCheckout": round(1000 * cpu / ok, 1) if ok else None,
        "idleCores": round(idle_cores, 3),
        "marginalCpuMsPerCheckout": round(1000 * (cpu - idle_cores * busy_s) / ok, 1) if ok else None,
        "zipkinOrderTraces": traces,
    }
    log("%s #%d: %d/%d completed (%.2f/s), p99 %s ms, %.1f ms CPU per checkout (%.1f marginal, %.2f cores idle), "
        "%d traces in Zipkin" % (mode, index, ok, result["sent"], result["completedPerSecond"], result["e2eLatencyMs"]["p99"],
                                 result["cpuMsPerCheckout"] or -1, result["marginalCpuMsPerCheckout"] or -1, idle_cores, traces))
    return result


def summary(results):
    by_mode = {}
    for mode in MODES:
        rows = [r for r in results if r["mode"] == mode]
        by_mode[mode] = {
            "completedPerSecond": statistics.median(r["completedPerSecond"] for r in rows),
            "e2eP50Ms": statistics.median(r["e2eLatencyMs"]["p50"] or 0 for r in rows),
            "e2eP99Ms": statistics.median(r["e2eLatencyMs"]["p99"] or 0 for r in rows),
            "cpuMsPerCheckout": statistics.median(r["cpuMsPerCheckout"] or 0 for r in rows),
            "marginalCpuMsPerCheckout": statistics.median(r["marginalCpuMsPerCheckout"] or 0 for r in rows),
            "idleCores": statistics.median(r["idleCores"] for r in rows),
            "errors": sum(r["errors"] for r in rows),
        }
    off = by_mode["off"]
    # On a CPU-bound machine the saga throughput a mode can sustain is inversely proportional to its CPU per
    # checkout: the capacity lost to observability is 1 - cpu_off / cpu_on. Measured below saturation, where the
    # figure is stable (past it, timeouts and resends make every figure a property of the collapse, not the mode).
    loss, cpu_overhead = {}, {}
    for mode in ("on", "sampled", "metrics-only"):
        m = by_mode[mode]
        key = "marginalCpuMsPerCheckout"
        loss[mode] = 100.0 * (m[key] - off[key]) / m[key] if m[key] else None
        cpu_overhead[mode] = 100.0 * (m[key] - off[key]) / off[key] if off[key] else None
    return by_mode, loss, cpu_overhead


def noise_note(by_mode):
    m = {mode: by_mode[mode]["marginalCpuMsPerCheckout"] for mode in by_mode}
    crossed = [a for a in ("sampled", "metrics-only") if m[a] > m["on"] or m[a] < m["off"]]
    if m["metrics-only"] > m["sampled"]:
        crossed.append("metrics-only above sampled (sampled includes the metrics)")
    if not crossed:
        return "they do in this run."
    return ("in this run they do not (%s): differences of that size are within run-to-run noise on this shared"
            " machine; more rounds (--rounds) narrow it." % ", ".join(crossed))


def fmt(value, pattern):
    return "n/a" if value is None else pattern % value


def write(args, results, by_mode, loss, cpu_overhead):
    doc = {
        "benchmark": "observability-overhead",
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "loadAverage": os.getloadavg()},
        "settings": {"rate": args.rate, "durationSeconds": args.duration, "warmupSeconds": args.warmup,
                     "rounds": args.rounds, "completionTimeoutSeconds": args.completion_timeout,
                     "requestTimeoutSeconds": args.request_timeout,
                     "modes": {"on": "OpenTelemetry spans to Zipkin, every checkout (the local stack's setting) + Micrometer metrics",
                               "sampled": "OpenTelemetry spans to Zipkin, 10% head sampling (the applications' default) + metrics",
                               "metrics-only": "OTEL_SDK_DISABLED=true, Micrometer metrics on",
                               "off": "OTEL_SDK_DISABLED=true, MANAGEMENT_METRICS_ENABLE_ALL=false"}},
        "goal": "throughput loss <= 5% (capacity, from marginal CPU per checkout: 1 - off/mode) in the default (production) "
                "configuration, 10% head sampling",
        "throughputLossPercent": {m: None if v is None else round(v, 2) for m, v in loss.items()},
        "cpuPerCheckoutOverheadPercent": {m: None if v is None else round(v, 1) for m, v in cpu_overhead.items()},
        "pass": loss["sampled"] is not None and loss["sampled"] <= 5.0,
        "byMode": by_mode,
        "runs": results,
    }
    base = os.path.join(ROOT, args.output)
    os.makedirs(os.path.dirname(base), exist_ok=True)
    with open(base + ".json", "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    lines = [
        "# Observability overhead",
        "",
        "`make bench-observability` (bench/bench_observability.py), %s, %d CPUs, load average at the end %.1f." % (
            doc["at"], os.cpu_count(), os.getloadavg()[0]),
        "Checkouts only, constant open-model rate %s/s for %d s per run after a %d s warm-up; the six applications are"
        " restarted for each mode; modes alternate over %d round(s)." % (args.rate, args.duration, args.warmup, args.rounds),
        "",
        "| mode | completed/s (median) | e2e p50 ms | e2e p99 ms | CPU ms per checkout, gross | marginal | idle cores | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for mode, m in by_mode.items():
        lines.append("| %s | %.2f | %.0f | %.0f | %.1f | %.1f | %.2f | %d |" % (
            mode, m["completedPerSecond"], m["e2eP50Ms"], m["e2eP99Ms"], m["cpuMsPerCheckout"],
            m["marginalCpuMsPerCheckout"], m["idleCores"], m["errors"]))
    lines += [
        "",
        "- **Throughput loss in the default configuration (10%% head sampling + metrics): %s%%** (goal <= 5%%: %s);"
        " tracing every checkout (the local stack's drill setting): %s%%. Loss = the sustainable checkout rate lost on a"
        " CPU-bound machine, 1 - (marginal CPU per checkout off / mode), marginal = CPU of the six applications and Zipkin"
        " during the run minus their idle CPU (measured for %d s just before) over the same time. MariaDB, Kafka and Mongo do the same work in every mode"
        " and are left out of the CPU figure, so it overstates the loss of the whole machine." % (
            fmt(loss["sampled"], "%.2f"), "met" if doc["pass"] else "NOT met", fmt(loss["on"], "%.2f"), IDLE_SECONDS),
        "- Marginal CPU per completed checkout against off: sampled %s%%, on %s%%, metrics only %s%% (the rest of the"
        " sampled overhead is the tracing instrumentation, which runs for unsampled checkouts too)." % (
            fmt(cpu_overhead["sampled"], "%+.1f"), fmt(cpu_overhead["on"], "%+.1f"), fmt(cpu_overhead["metrics-only"], "%+.1f")),
        "- on = OpenTelemetry spans of every hop (HTTP, relay publish, each consumer, Mongo) exported to Zipkin for every"
        " checkout, plus Micrometer metrics; sampled = the same with `OTEL_TRACES_SAMPLER_ARG=0.1` (parent-based: a"
        " sampled checkout is traced whole); metrics-only = `OTEL_SDK_DISABLED=true`; off = `OTEL_SDK_DISABLED=true` and `MANAGEMENT_METRICS_ENABLE_ALL=false`"
        " (the traceparent still travels through the outbox and Kafka). Verified per run: Zipkin holds order-service"
        " traces of the window when on or sampled, none when off or metrics-only.",
        "- Noise: the modes nest (metrics-only and sampled each cost less than on; off costs least), so their figures"
        " should order that way; %s" % noise_note(by_mode),
        "- Each run: restart in the mode, warm up (half the time at half the rate), wait until no saga is in flight, then"
        " measure. The rate is below saturation, so both modes keep up (completed/s = offered); the CPU per checkout says"
        " what the headroom costs. This machine is shared, so absolute figures move between runs.",
        "",
        "| run | mode | sent | completed | completed/s | p99 ms | CPU s | CPU ms/checkout | Zipkin traces | restart s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append("| %d | %s | %d | %d | %.2f | %s | %.1f | %s | %d | %.0f |" % (
            r["round"], r["mode"], r["sent"], r["completed"], r["completedPerSecond"], r["e2eLatencyMs"]["p99"],
            r["appCpuSeconds"], r["cpuMsPerCheckout"], r["zipkinOrderTraces"], r["restartSeconds"]))
    with open(base + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    log("wrote %s.json and %s.md" % (args.output, args.output))
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=8,
                        help="offered checkouts per second (default 8, below saturation on 2 cores: the CPU per "
                             "checkout is compared, not a collapse)")
    parser.add_argument("--duration", type=int, default=60, help="measured seconds per run (default 60)")
    parser.add_argument("--warmup", type=int, default=90,
                        help="warm-up seconds after each restart, half at half the rate (default 90)")
    parser.add_argument("--rounds", type=int, default=1, help="on/off pairs (default 1)")
    parser.add_argument("--completion-timeout", type=int, default=60, help="seconds a checkout may take (default 60)")
    parser.add_argument("--request-timeout", type=int, default=30, help="seconds one HTTP request may take (default 30)")
    parser.add_argument("--output", default="bench/results/observability", help="result path without extension")
    args = parser.parse_args()
    if not (0 < args.rate <= 500 and 5 <= args.duration <= 900 and 0 <= args.warmup <= 300 and 1 <= args.rounds <= 5):
        fail("rate must be in (0, 500], duration 5..900 s, warm-up 0..300 s, rounds 1..5")
    for tool in (STACK, TRAFFIC):
        if not os.access(tool, os.X_OK):
            fail(tool + " is missing")
    log("port base %d; starting the infrastructure if needed" % port_base())
    run([STACK, "up"], timeout=600)
    out_root = os.path.join(ROOT, ".firedrill", "bench-observability", datetime.now().strftime("%Y%m%d-%H%M%S"))
    results = []
    try:
        for i in range(1, args.rounds + 1):
            order = ["on", "sampled", "metrics-only", "off"] if i % 2 == 1 else ["off", "metrics-only", "sampled", "on"]
            for mode in order:
                results.append(measure(mode, i, args, out_root))
        by_mode, loss, cpu_overhead = summary(results)
        doc = write(args, results, by_mode, loss, cpu_overhead)
        log("throughput loss %s (%%), CPU per checkout %s (%%)" % (doc["throughputLossPercent"], doc["cpuPerCheckoutOverheadPercent"]))
    finally:
        log("restarting the applications with observability on")
        restart_apps("on")


if __name__ == "__main__":
    main()

"""The table: requests per second overall and per page kind, p50/p95, errors, and the
ratios against the login page measured in the same run."""

import statistics
from collections import defaultdict

# Statuses a working client expects; anything else is an error (the client raises as well).
EXPECTED = {200, 302}


def _quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def table(samples, seconds, title):
    kinds = defaultdict(list)
    bad = defaultdict(int)
    for kind, duration, status in samples:
        kinds[kind].append(duration)
        bad[kind] += status not in EXPECTED
    lines = [title, f"{'page kind':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
             f"{'errors':>8}"]  # fmt: skip
    for kind in sorted(kinds, key=lambda k: -len(kinds[k])):
        values = kinds[kind]
        lines.append(
            f"{kind:<22}{len(values):>9}{len(values) / seconds:>8.1f}"
            f"{_quantile(values, 0.5) * 1000:>9.0f}{_quantile(values, 0.95) * 1000:>9.0f}"
            f"{bad[kind]:>8}"
        )
    total = len(samples)
    lines.append(f"{'all':<22}{total:>9}{total / seconds:>8.1f}{'':>18}{sum(bad.values()):>8}")
    return "\n".join(lines), kinds


def ratios(kinds, base="login page"):
    if base not in kinds:
        return []
    base_p50 = statistics.median(kinds[base])
    lines = [f"p50 against the {base} ({base_p50 * 1000:.0f} ms) in the same run:"]
    for kind in ("home", "dashboard", "overview", "matrix", "month panel", "upload (POST)"):
        if kind in kinds:
            lines.append(f"  {kind:<20}{statistics.median(kinds[kind]) / base_p50:6.1f}x")
    return lines


def burst_lines(matrix_rate, login_rate, threads, seconds):
    return [
        f"burst, {threads} connections, {seconds:.0f} s each, one page at a time:",
        f"  login page {login_rate:7.1f} req/s   matrix page {matrix_rate:7.1f} req/s"
        f"   matrix / login = {matrix_rate / login_rate:.2f}",
    ]

#!/usr/bin/env python3
"""The core of the loan-tape classification in polars or pandas, for comparison with the Rust
pipeline (crates/ratios/benches/loans.rs) on the same synthetic tape.

    python3 scripts/bench/classify_tape.py TAPE.csv [polars|pandas] [AS_OF] [--runs N]

Does: read the CSV, days past due at AS_OF, DPD class (31/61/91/181 days), judgmental class,
compromised → class 4, provisioning base max(0, outstanding + accrued − reserved − guarantee),
provision = rate × base rounded to cents, irrecoverable (> 360 days or compromised), then
count / outstanding / provisions by class and PAR30/60/90/180. No restructuring chapter and
binary floating point (the Rust side is exact and applies every article), so this is a lower
bound of the work. Prints the best of three runs (`--runs N`: of N; scripts/bench/run.py runs
one per process, to measure whole processes) and the peak RSS.
"""
import resource
import sys
import time

RUNS = 3
if "--runs" in sys.argv:
    i = sys.argv.index("--runs")
    RUNS = int(sys.argv[i + 1])
    del sys.argv[i : i + 2]

AS_OF = sys.argv[3] if len(sys.argv) > 3 else "2023-06-30"
RATES = [0.0, 0.25, 0.50, 0.75, 1.0]


def with_polars(path):
    import polars as pl

    as_of = pl.lit(AS_OF).str.to_date()
    df = pl.read_csv(
        path,
        schema_overrides={"zone": pl.Utf8, "unlikely_to_pay_class": pl.Int64},
        try_parse_dates=True,
    )
    dpd = (as_of - pl.col("oldest_unpaid_due_date")).dt.total_days().fill_null(0).clip(0)
    dpd_class = (
        pl.when(dpd > 180).then(4).when(dpd > 90).then(3).when(dpd > 60).then(2)
        .when(dpd > 30).then(1).otherwise(0)
    )
    klass = pl.max_horizontal(dpd_class, pl.col("unlikely_to_pay_class").fill_null(0))
    klass = pl.when(pl.col("recovery_compromised")).then(4).otherwise(klass)
    base = (
        pl.col("outstanding_principal") + pl.col("accrued_interest")
        - pl.col("reserved_interest") - pl.col("guarantee_covered")
    ).clip(0)
    rate = klass.replace_strict(list(range(5)), RATES, return_dtype=pl.Float64)
    out = df.with_columns(
        dpd=dpd,
        klass=klass,
        provision=((rate * base * 100 + 0.5).floor() / 100),
        irrecoverable=(dpd > 360) | pl.col("recovery_compromised"),
    )
    by_class = (
        out.group_by("klass")
        .agg(pl.len(), pl.col("outstanding_principal").sum(), pl.col("provision").sum())
        .sort("klass")
    )
    par = [out.filter(pl.col("dpd") > d)["outstanding_principal"].sum() for d in (30, 60, 90, 180)]
    return by_class["len"].to_list(), par


def with_pandas(path):
    import numpy as np
    import pandas as pd

    df = pd.read_csv(
        path,
        dtype={"zone": "string", "unlikely_to_pay_class": "float64"},
        parse_dates=["disbursement_date", "oldest_unpaid_due_date", "first_due_after_restructure"],
        date_format="%Y-%m-%d",
    )
    dpd = (pd.Timestamp(AS_OF) - df["oldest_unpaid_due_date"]).dt.days.fillna(0).clip(lower=0)
    dpd_class = np.select([dpd > 180, dpd > 90, dpd > 60, dpd > 30], [4, 3, 2, 1], 0)
    klass = np.maximum(dpd_class, df["unlikely_to_pay_class"].fillna(0).astype(int))
    klass = np.where(df["recovery_compromised"], 4, klass)
    base = (
        df["outstanding_principal"] + df["accrued_interest"]
        - df["reserved_interest"] - df["guarantee_covered"]
    ).clip(lower=0)
    rate = np.array(RATES)[klass]
    df["dpd"] = dpd
    df["klass"] = klass
    df["provision"] = np.floor(rate * base * 100 + 0.5) / 100
    df["irrecoverable"] = (dpd > 360) | df["recovery_compromised"]
    by_class = df.groupby("klass").agg(
        n=("loan_id", "size"), out=("outstanding_principal", "sum"), prov=("provision", "sum")
    )
    par = [df.loc[df["dpd"] > d, "outstanding_principal"].sum() for d in (30, 60, 90, 180)]
    return by_class["n"].tolist(), par


def main():
    path = sys.argv[1]
    engine = sys.argv[2] if len(sys.argv) > 2 else "polars"
    run = with_polars if engine == "polars" else with_pandas
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        counts, par = run(path)
        times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{engine}: best {min(times):.3f} s (runs: {', '.join(f'{t:.3f}' for t in times)}), "
        f"peak RSS {peak_mb:.1f} MB, classes {counts}, PAR30 {par[0]:.2f}"
    )


if __name__ == "__main__":
    main()

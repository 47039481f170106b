#!/usr/bin/env python3
"""Reads Mizan's SDMX data and structure back with the BIS's pysdmx, and checks them.

    check.py DATA.csv STRUCTURE.xml [--observations N] [--withheld N] [--indicators N]

DATA.csv is an SDMX-CSV 2.0 data message (/periods/{period}/bulletin.sdmx.csv), STRUCTURE.xml
the SDMX-ML 2.1 structure message (/api/v1/sdmx/structure). The structure is read with
pysdmx's reader (which validates it against the SDMX-ML XML schemas), the data with pysdmx's
SDMX-CSV reader and joined to its dataflow in the structure (`get_datasets`). Then every
observation is checked against the structure: its columns are the structure's components,
each coded value is a code of its code list, the time period is a quarter, OBS_VALUE is a
number or empty, and a withheld figure (CONF_STATUS C) has an empty OBS_VALUE and OBS_STATUS Q.
Prints what it found and `OK`; exits non-zero on any mismatch.

Needs `pip install 'pysdmx[data,xml]'`.
"""

import argparse
import re
import sys
from decimal import Decimal, InvalidOperation

import pandas as pd
from pysdmx.io import get_datasets, read_sdmx
from pysdmx.model import Codelist, DataStructureDefinition, Dataflow

DIMENSIONS = ["INDICATOR", "PEER_GROUP", "METHOD", "REF_AREA", "TIME_PERIOD"]
ATTRIBUTES = ["OBS_STATUS", "CONF_STATUS", "N_INSTITUTIONS", "N_COMPLIANT"]
CODELISTS = {"CL_METHOD", "CL_OBS_STATUS", "CL_CONF_STATUS"}

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("MISMATCH:", what)


def blank(value):
    """An empty cell as pandas reads it: None, NaN, pandas.NA or an empty string."""
    if isinstance(value, str):
        return value == ""
    return value is None or bool(pd.isna(value))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("structure")
    ap.add_argument("--observations", type=int)
    ap.add_argument("--withheld", type=int)
    ap.add_argument("--indicators", type=int)
    args = ap.parse_args()

    message = read_sdmx(args.structure, validate=True)
    structures = message.structures
    codelists = {s.id: s for s in structures if isinstance(s, Codelist)}
    dsds = [s for s in structures if isinstance(s, DataStructureDefinition)]
    flows = [s for s in structures if isinstance(s, Dataflow)]
    print("code lists:", ", ".join(sorted(codelists)))
    check(len(dsds) == 1 and len(flows) == 1, f"{len(dsds)} DSD, {len(flows)} dataflows")
    check(CODELISTS <= set(codelists), f"missing code lists: {CODELISTS - set(codelists)}")
    indicator_lists = [c for c in codelists if c.endswith("_INDICATOR")]
    group_lists = [c for c in codelists if c.endswith("_PEER_GROUP")]
    check(len(indicator_lists) == 1 and len(group_lists) == 1, "indicator / peer-group lists")

    datasets = get_datasets(args.data, args.structure)
    check(len(datasets) == 1, f"{len(datasets)} datasets")
    ds = datasets[0]
    schema = ds.structure
    components = schema.components
    dims = [c.id for c in components.dimensions]
    attrs = [c.id for c in components.attributes]
    measures = [c.id for c in components.measures]
    print("structure:", schema.short_urn)
    print("dimensions:", ", ".join(dims))
    print("attributes:", ", ".join(attrs))
    check(dims == DIMENSIONS, f"dimensions {dims}")
    check(attrs == ATTRIBUTES, f"attributes {attrs}")
    check(measures == ["OBS_VALUE"], f"measures {measures}")

    df = ds.data
    print("observations:", len(df))
    if args.observations is not None:
        check(len(df) == args.observations, f"{len(df)} observations, expected {args.observations}")
    known = set(dims + attrs + measures)
    extra = [c for c in df.columns if c not in known]
    check(not extra, f"columns not in the structure: {extra}")

    # Coded values against their code lists (the lists the structure gives each component).
    for comp in list(components.dimensions) + list(components.attributes):
        if comp.id not in df.columns:
            check(False, f"no column {comp.id}")
            continue
        if comp.enumeration is None:
            continue
        codes = {c.id for c in comp.enumeration.codes}
        values = {str(v) for v in df[comp.id] if not blank(v)}
        bad = values - codes
        check(not bad, f"{comp.id}: values not in {comp.enumeration.id}: {sorted(bad)[:5]}")
        if comp.id == "INDICATOR":
            print("indicators:", len(values), "of", len(codes), "codes")
            if args.indicators is not None:
                check(len(values) == args.indicators, f"{len(values)} indicators")
            # Every code keeps the public row code it stands for.
            for code in comp.enumeration.codes:
                titles = [a.title for a in code.annotations or [] if a.type == "MIZAN_ROW_CODE"]
                check(len(titles) == 1 and titles[0].replace(".", "_").upper() == code.id,
                      f"{code.id}: row code annotation {titles}")
                names = code.name
                check(bool(names), f"{code.id}: no name")

    for t in df["TIME_PERIOD"]:
        if not re.fullmatch(r"[0-9]{4}-Q[1-4]", str(t)):
            check(False, f"time period {t}")
            break

    withheld = 0
    for _, row in df.iterrows():
        value = row["OBS_VALUE"]
        if row["CONF_STATUS"] == "C":
            withheld += 1
            check(blank(value) and row["OBS_STATUS"] == "Q",
                  f"withheld {row['INDICATOR']} {row['PEER_GROUP']} {row['METHOD']}: {value!r} {row['OBS_STATUS']}")
        elif not blank(value):
            try:
                Decimal(str(value))
            except InvalidOperation:
                check(False, f"OBS_VALUE {value!r}")
            check(row["OBS_STATUS"] == "A", f"status {row['OBS_STATUS']} with a value")
        else:
            check(row["OBS_STATUS"] == "M", f"status {row['OBS_STATUS']} without a value")
    print("withheld (CONF_STATUS C, OBS_VALUE empty):", withheld)
    if args.withheld is not None:
        check(withheld == args.withheld, f"{withheld} withheld, expected {args.withheld}")
    check(withheld > 0 or args.withheld == 0, "no withheld observation")

    if failures:
        print(f"FAILED: {len(failures)} mismatches")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

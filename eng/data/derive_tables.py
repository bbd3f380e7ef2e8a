#!/usr/bin/env python3
"""Derives the tables CarbonAttrs embeds from the reference data in /work/shared/data.

Run from the repository root:  python3 eng/data/derive_tables.py [DATA_DIR]
Writes src/CarbonAttrs/Carbon/Data/grid_intensity.csv and cpu_tdp.csv. The attribution of every
input is in src/CarbonAttrs/Carbon/Data/ATTRIBUTION.md; keep both in step when the inputs change.
"""
import csv, json, os, re, sys

data = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
out = "src/CarbonAttrs/Carbon/Data"

OWID = "Our World in Data via CodeCarbon global_energy_mix.json"

def intensity_rows():
    rows = []
    mix = json.load(open(os.path.join(data, "codecarbon/global_energy_mix.json"), encoding="utf-8"))
    for iso, c in sorted(mix.items()):
        g = c.get("carbon_intensity")
        # A zero figure means no generation mix was published (e.g. CAF), not a zero-carbon grid.
        if not isinstance(g, (int, float)) or g <= 0:
            continue
        # Annual generation lets reports skip tiny grids (a few GWh) whose figures say little about a data centre.
        twh = c.get("total_TWh")
        twh = round(twh, 3) if isinstance(twh, (int, float)) else ""
        rows.append(["country", "", iso, c["country_name"], iso, round(g, 3), str(c.get("year", "")), OWID, twh])

    names_to_iso = {c["country_name"]: iso for iso, c in mix.items()}
    names_to_iso.update({"USA": "USA", "South Korea": "KOR", "Hong Kong": "HKG", "China": "CHN", "Korea": "KOR"})

    gcp = set()
    with open(os.path.join(data, "codecarbon/cloud_impact.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            key = (r["provider"], r["region"])
            gcp.add(key)
            rows.append(["cloud", r["provider"], r["region"], r["city"] or r["regionName"], r["countryIsoCode"],
                         float(r["impact"]), "not stated",
                         "Google Cloud region carbon data (%s) via CodeCarbon cloud/impact.csv" % r["source"], ""])

    with open(os.path.join(data, "mlco2-impact/impact.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["provider"] not in ("aws", "azure") or (r["provider"], r["region"]) in gcp:
                continue
            try:
                g = float(r["impact"])
            except ValueError:
                continue
            source = r["source"].strip() or "unstated"
            rows.append(["cloud", r["provider"], r["region"], r["regionName"] or r["city"], names_to_iso.get(r["country"], ""),
                         g, "2016-2019", "%s via mlco2/impact data/impact.csv (Lacoste et al. 2019)" % source, ""])
    return rows

def normalize_cpu(name):
    s = name.lower()
    s = s.replace("(r)", " ").replace("(tm)", " ").replace("\u00ae", " ").replace("\u2122", " ")
    s = re.sub(r"\(.*?\)", " ", s)          # "(OEM Only)", "(9M Cache, ...)"
    s = re.sub(r"@.*$", " ", s)              # clock speed in /proc/cpuinfo
    s = re.sub(r"\b\d+-core\b", " ", s)
    s = re.sub(r"\b(processor|cpu|with radeon.*|apu)\b", " ", s)
    s = re.sub(r"[,+]", " ", s)
    return " ".join(s.split())

def cpu_rows():
    seen = {}
    with open(os.path.join(data, "codecarbon/cpu_power.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            try:
                tdp = float(r["TDP"])
            except ValueError:
                continue
            key = normalize_cpu(r["Name"])
            if tdp <= 0 or not key or not re.search(r"\d", key):
                continue
            seen.setdefault(key, tdp)      # first row wins, as in the upstream file order
    return sorted(seen.items())

with open(os.path.join(out, "grid_intensity.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["kind", "provider", "code", "name", "country_iso", "g_co2eq_per_kwh", "year", "source", "total_twh"])
    w.writerows(intensity_rows())

with open(os.path.join(out, "cpu_tdp.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["model", "tdp_w"])
    for key, tdp in cpu_rows():
        w.writerow([key, ("%g" % tdp)])

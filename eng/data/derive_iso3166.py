#!/usr/bin/env python3
"""Writes src/CarbonAttrs/Carbon/Data/iso3166_alpha2_alpha3.csv (ISO 3166-1 alpha-2 -> alpha-3).

Run from the repository root:  python3 eng/data/derive_iso3166.py [ISO_3166_1_JSON]
Input: Debian's iso-codes package (/usr/share/iso-codes/json/iso_3166-1.json). The runtime maps the
country a time zone names (tzdata's zone1970.tab/zone.tab use alpha-2) to the intensity table's alpha-3
codes, and a country to its Electricity Maps zone (alpha-2).
"""
import json, sys

source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/iso-codes/json/iso_3166-1.json"
entries = json.load(open(source, encoding="utf-8"))["3166-1"]
with open("src/CarbonAttrs/Carbon/Data/iso3166_alpha2_alpha3.csv", "w", encoding="utf-8", newline="\n") as f:
    f.write("alpha_2,alpha_3\n")
    for e in sorted(entries, key=lambda e: e["alpha_2"]):
        f.write(f"{e['alpha_2']},{e['alpha_3']}\n")

#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem powercut` with the DK .stldr, the example application and the
# example Boot: the table is produced and consistent, and every
# re-programming after a cut completes (the loader, run again, recovers).
# "The Boot never starts an unverified image" is asserted only when the Boot
# checks images (it links extmem_boot_prepare from src/boot; the JSON says
# boot_checks_images). The example Boot of this tree does not yet: for it the
# table shows the jumps into half-written images and the test says so.
# usage: powercut_test.sh EXTMEM BOOT.elf APPLI.elf LOADER.stldr
set -u
extmem=$1 boot=$2 appli=$3 loader=$4
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
points=4
"$extmem" powercut "$boot" --loader "$loader" --image "$appli" --points $points --json >"$dir/pc.json" 2>"$dir/pc.err"
rc=$?
cat "$dir/pc.err"
python3 - "$dir/pc.json" "$rc" "$points" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
rc, want_points = int(sys.argv[2]), int(sys.argv[3])
fail = 0
def check(ok, what):
    global fail
    print(("ok   " if ok else "FAIL ") + what)
    fail |= not ok
pts = j["points"]
total = j["programming_ops"]
print("programming: %d NOR operations; Boot checks images: %s" % (total, j["boot_checks_images"]))
for p in pts:
    print("  cut after %6d  %-8s  %-13s  started image %-5s  reprogram %d  %s" % (p["cut_after_op"], p["image"],
          p["outcome"], p["started_image"], p["reprogram_status"], p["detail"]))
check(rc in (0, 1), "exit status 0 or 1 (got %d)" % rc)
check(total > 0 and len(pts) == want_points, "%d cut points over %d operations" % (len(pts), total))
cuts = [p["cut_after_op"] for p in pts]
check(cuts == sorted(set(cuts)) and 1 <= cuts[0] and cuts[-1] == total, "cut points rise to the last operation")
check(sum(j["outcomes"].values()) == len(pts), "the outcome totals add up to the rows")
for k, v in j["outcomes"].items():
    check(v == sum(1 for p in pts if p["outcome"] == k), "outcome %s counted right (%d)" % (k, v))
unsafe = [p for p in pts if p["unsafe"]]
check(j["unsafe"] == len(unsafe), "the unsafe total is the unsafe rows (%d)" % len(unsafe))
check(all(p["image"] == "partial" and (p["started_image"] or p["outcome"] == "application") for p in unsafe),
      "an unsafe row is a start of a partial image")
check(pts[-1]["image"] == "complete", "a cut after the last operation leaves the complete image")
check(pts[-1]["outcome"] == "application", "the complete image boots to the application")
check(all(p["reprogram_status"] == 0 for p in pts) and j["reprogram_failed"] == 0,
      "the loader, run again after every cut, completes and verifies")
check((rc == 1) == (j["unsafe"] > 0 or j["reprogram_failed"] > 0), "exit 1 exactly when a row is unsafe or unrecovered")
if j["boot_checks_images"]:
    check(j["unsafe"] == 0, "the Boot checks images: it never starts a partial image")
    check(j["invariant_held"] == len(pts), "the Boot checks images: application or failure state at every cut")
else:
    print("note: this Boot does not check images (no extmem_boot_prepare): %d of %d cuts started a partial image;"
          " 'never a jump into an unverified image' is not asserted" % (len(unsafe), len(pts)))
sys.exit(fail)
PY

#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem powercut` with each loader format of the DK (.stldr, .FLM, IAR
# .out), the example XIP image and the example Boot, from an erased image
# area and over an older good image (a field update: the same application
# with another image version, made here by `extmem image`). For each run: the
# table is produced and consistent, the loader's format is the one given,
# every re-programming after a cut completes (the loader, run again,
# recovers), no byte outside the image's sectors changes (the tool fills the
# rest of the flash with a pattern), and, as the Boot checks images, it never
# starts a partial image: application from a complete image (new or old),
# else its failure state. A sample of cut points each (IAR: in the window
# where the image's block is written); the full sweeps' figures are in
# docs/reliability.md.
# usage: powercut_test.sh EXTMEM BOOT.elf IMAGE.elf APPLI_XIP.elf STLDR FLM IAR_OUT
set -u
extmem=$1 boot=$2 image=$3 appli=$4 stldr=$5 flm=$6 iar=$7
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$extmem" image "$appli" -o "$dir/old.img" --image-version 1 --slot-size 0x100000 >/dev/null || exit 1
fail=0
run() { # NAME WANT_FORMAT LOADER POINTS [--old-image IMG]
	name=$1 want=$2 loader=$3 points=$4
	shift 4
	echo "== $name: $loader, $points cut points $*"
	"$extmem" powercut "$boot" --loader "$loader" --image "$image" --points "$points" "$@" --json \
		>"$dir/$name.json" 2>"$dir/$name.err"
	rc=$?
	cat "$dir/$name.err"
	python3 - "$dir/$name.json" "$rc" "$points" "$want" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
rc, want_points, want_format = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
fail = 0
def check(ok, what):
    global fail
    print(("ok   " if ok else "FAIL ") + what)
    fail |= not ok
pts = j["points"]
total = j["programming_ops"]
old = j["start"] == "old-image"
print("format %s; start %s; sector %d; %d NOR operations; Boot checks images: %s" % (j["format"], j["start"],
      j["sector"], total, j["boot_checks_images"]))
for p in pts:
    print("  cut after %6d  %-8s  old %-8s  %-13s  outside %-7s  reprogram %d  %s" % (p["cut_after_op"], p["image"],
          p["old_image"], p["outcome"], "CHANGED" if p["outside_changed"] else "kept", p["reprogram_status"],
          p["detail"]))
counts = {k: v for k, v in j["outcomes"].items()}
print("cut points %d; outcomes %s; unsafe %d; invariant held %d; re-programmings failed %d; outside changed %d"
      % (len(pts), " ".join("%s %d" % kv for kv in counts.items()), j["unsafe"], j["invariant_held"],
         j["reprogram_failed"], j["outside_changed"]))
check(want_format in j["format"], "the loader's format is %s (%s)" % (want_format, j["format"]))
check(rc == 0, "exit status 0 (got %d)" % rc)
check(total > 0 and len(pts) == want_points, "%d cut points over %d operations" % (len(pts), total))
cuts = [p["cut_after_op"] for p in pts]
check(1 <= j["first_op"] <= j["last_op"] <= total, "the window %d..%d lies in the programming" % (j["first_op"],
      j["last_op"]))
check(cuts == sorted(set(cuts)) and j["first_op"] <= cuts[0] and cuts[-1] == j["last_op"],
      "cut points rise to the window's last operation")
check(sum(counts.values()) == len(pts), "the outcome totals add up to the rows")
for k, v in counts.items():
    check(v == sum(1 for p in pts if p["outcome"] == k), "outcome %s counted right (%d)" % (k, v))
check(pts[-1]["image"] == "complete" and pts[-1]["outcome"] == "application",
      "a cut after the window's last operation leaves the complete image, which boots to the application")
check(all(p["reprogram_status"] == 0 for p in pts) and j["reprogram_failed"] == 0,
      "the loader, run again after every cut, completes and verifies")
check(not j["clean_outside_changed"] and j["outside_changed"] == 0 and not any(p["outside_changed"] for p in pts),
      "no byte outside the image's sectors changed, after any cut or re-programming")
check(all(p["old_image"] in (("complete", "gone") if old else ("none",)) for p in pts),
      "the old image column matches the start (%s)" % j["start"])
check(j["boot_checks_images"], "the example Boot checks images (it links src/boot's image checks)")
check(j["unsafe"] == 0 and not any(p["unsafe"] for p in pts), "the Boot never starts a partial image")
check(all(p["outcome"] == "failure-state" or (p["outcome"] == "application" and
          (p["image"] == "complete" or p["old_image"] == "complete")) for p in pts),
      "every boot: the application from a complete image, else the failure state")
check(j["invariant_held"] == len(pts), "the invariant held at %d of %d cuts" % (j["invariant_held"], len(pts)))
sys.exit(fail)
PY
}
run stldr_erased .stldr "$stldr" 4
run flm_erased .FLM "$flm" 2
# IAR writes whole 64 KiB blocks: the example image is complete after ~360 of ~2100 operations
run iar_erased IAR "$iar" 2 --last-op 400
run stldr_update .stldr "$stldr" 2 --old-image "$dir/old.img@0x70000000"
run flm_update .FLM "$flm" 2 --old-image "$dir/old.img@0x70000000"
run iar_update IAR "$iar" 2 --old-image "$dir/old.img@0x70000000" --last-op 400
[ $fail -eq 0 ] && echo "all powercut runs passed" || echo "FAILED: a powercut run above"
exit $fail

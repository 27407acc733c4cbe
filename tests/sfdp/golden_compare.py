#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compares `extmem sfdp decode --json` with the independent golden decodes.

usage: golden_compare.py EXTMEM_TOOL DUMPS_DIR

DUMPS_DIR is ../shared/sfdp-dumps (test data outside the project): each
golden/<image>.json there is a decode of <image>.bin written from JESD216
without reference to our parser. Every leaf of every golden file is either
compared with the same path in our JSON, listed below as a field our
parser does not decode (with the reason), or listed as an exception: a
value we believe golden has wrong, with the JESD216 reason. A golden field
missing from our JSON, a value that differs, or an exception that no longer
applies fails the test. Exit 77 (skipped) when DUMPS_DIR is absent.
"""
import fnmatch
import json
import os
import subprocess
import sys

# Golden paths whose name in our JSON differs because the golden name was
# already taken by an older key of the tool with another shape.
RENAMES = [
    (("4bait", "supported"), ("4bait", "instructions")),      # ours: DWORD 1 as a number
    (("4bait", "erase_opcodes"), ("4bait", "erase_types")),   # ours: 4 opcodes, 0 when unsupported
]

# Golden fields our parser does not decode (dotted path, '#' = any index).
NOT_DECODED = [
    ("file", "the file name, not a field"),
    ("signature_ok", "a bad signature fails our parse: no JSON at all"),
    ("warnings.*", "golden's diagnostics text"),
    ("problems.*", "golden's diagnostics text"),
    ("header.access_protocol_name", "a name for the code, which is compared"),
    ("header.parameter_headers.#.id_hex", "the id, which is compared, in hex"),
    ("header.parameter_headers.#.name", "a name for the id, which is compared"),
    ("*.truncated", "golden's own bookkeeping of a table cut by the image"),
    ("bfpt.raw_dwords.#", "the parser keeps decoded BFPT fields, not the raw DWORDs"),
    ("bfpt.header_index", "which header golden decoded; ours is the decoded table in 'tables'"),
    ("bfpt.address_bytes.mode", "a name for the code, which is compared"),
    ("bfpt.fast_read.*.source", "golden's note of how support was found"),
    ("bfpt.max_speed.*.status", "a name for the code, which is compared"),
    ("bfpt.octal_dtr_cmd_ext.name", "a name for the code, which is compared"),
    ("sccr.bits.*.sharing", "not decoded: bit 29 of the error-bit DWORDs is kept raw (bit29)"),
    ("sccr.bits.*.physical_bits_code", "not decoded: output driver strength field width"),
    ("sccr.bits.*.wait_state_bits", "not decoded: only the width code is kept (wait_state_bits_code)"),
    ("sccr.generic_rw_*.*", "not decoded: DWORDs 3/4 are kept raw (compared as .raw)"),
    ("sccr.driver_strength_patterns.type*", "not decoded: DWORD 28 is kept raw (compared as .raw)"),
    ("sccr.dummy_patterns.*", "not decoded: DWORDs 11-13 are kept raw (compared in raw_dwords)"),
    ("xspi_profile_1_0.commands_supported.*", "not decoded: xSPI DWORD 3 (kept in raw_dwords)"),
    ("xspi_profile_1_0.read_fast_wrap_opcode", "not decoded (kept in raw_dwords)"),
    ("xspi_profile_1_0.read_register_*", "not decoded (kept in raw_dwords)"),
    ("xspi_profile_1_0.read_volatile_register_*", "not decoded (kept in raw_dwords)"),
    ("xspi_profile_1_0.read_nv_register_*", "not decoded (kept in raw_dwords)"),
    ("xspi_profile_1_0.write_*", "not decoded (kept in raw_dwords)"),
    ("xspi_profile_1_0.sfdp_8d_*", "not decoded (kept in raw_dwords)"),
    ("octal_ddr_cmd_seq.raw_dwords.#", "the parser keeps each sequence's bytes, not the DWORDs"),
    ("octal_ddr_cmd_seq.sequences.#.all_bytes.#", "bytes past a sequence's length are not kept"),
    ("sector_map.raw_dwords.#", "the parser keeps descriptors, not the DWORDs"),
    ("sector_map.configurations.#.dword", "where the descriptor sat in the table"),
]

# Lists whose order carries no meaning: compared sorted.
UNORDERED = [("bfpt", "fast_read_modes")]

# Values where we believe golden is wrong: (image, dotted path, our value,
# golden value, reason). Each must still differ exactly so, or the test fails.
EXCEPTIONS = [
]


def leaves(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leaves(v, path + (k,))
    elif isinstance(obj, list):
        yield path + ("#len",), len(obj)
        for i, v in enumerate(obj):
            yield from leaves(v, path + (i,))
    else:
        yield path, obj


def dotted(path, generic=False):
    return ".".join("#" if generic and isinstance(p, int) else str(p) for p in path)


def renamed(path):
    for old, new in RENAMES:
        if path[:len(old)] == old:
            return new + path[len(old):]
    return path


def lookup(obj, path):
    for p in path:
        if p == "#len":
            return len(obj) if isinstance(obj, list) else KeyError
        if isinstance(p, int):
            if not isinstance(obj, list) or p >= len(obj):
                return KeyError
            obj = obj[p]
        else:
            if not isinstance(obj, dict) or p not in obj:
                return KeyError
            obj = obj[p]
    return obj


def not_decoded(path):
    name = dotted(path, generic=True)
    if name.endswith(".#len"):
        name = name[:-5] + ".#"
    return any(fnmatch.fnmatchcase(name, pat) for pat, _ in NOT_DECODED)


def sort_unordered(obj):
    for path in UNORDERED:
        o = obj
        for p in path[:-1]:
            o = o.get(p, {}) if isinstance(o, dict) else {}
        if isinstance(o, dict) and isinstance(o.get(path[-1]), list):
            o[path[-1]] = sorted(o[path[-1]])


def main():
    tool, dumps = sys.argv[1], sys.argv[2]
    golden_dir = os.path.join(dumps, "golden")
    if not os.path.isdir(golden_dir):
        print(f"SKIP: {golden_dir} not present (golden decodes are test data outside the project)")
        return 77
    failures = 0
    used = set()
    total = {"compared": 0, "not decoded": 0, "exceptions": 0}
    names = sorted(n for n in os.listdir(golden_dir) if n.endswith(".json"))
    if not names:
        print(f"SKIP: no golden files in {golden_dir}")
        return 77
    for name in names:
        image = name[:-5] + ".bin"
        with open(os.path.join(golden_dir, name)) as f:
            golden = json.load(f)
        run = subprocess.run([tool, "sfdp", "decode", os.path.join(dumps, image), "--json"],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(f"FAIL {image}: extmem exited {run.returncode}: {run.stderr.strip()}")
            failures += 1
            continue
        ours = json.loads(run.stdout)
        sort_unordered(ours)
        sort_unordered(golden)
        counts = {"compared": 0, "not decoded": 0, "exceptions": 0}
        for path, want in leaves(golden):
            if not_decoded(path):
                counts["not decoded"] += 1
                continue
            got = lookup(ours, renamed(path))
            where = dotted(path)
            exc = [e for e in EXCEPTIONS if e[0] == image and e[1] == where]
            if exc:
                e = exc[0]
                used.add((e[0], e[1]))
                if got == e[2] and want == e[3]:
                    counts["exceptions"] += 1
                    print(f"  exception {image} {where}: ours {got}, golden {want}: {e[4]}")
                else:
                    print(f"FAIL {image} {where}: exception expects ours {e[2]} / golden {e[3]}, "
                          f"got ours {got} / golden {want}")
                    failures += 1
                continue
            counts["compared"] += 1
            if got is KeyError:
                print(f"FAIL {image} {where}: golden has {want!r}, our JSON lacks the field")
                failures += 1
            elif got != want or type(got) is not type(want):
                print(f"FAIL {image} {where}: ours {got!r}, golden {want!r}")
                failures += 1
        print(f"{image}: {counts['compared']} fields compared, {counts['not decoded']} not decoded, "
              f"{counts['exceptions']} exceptions")
        for k in total:
            total[k] += counts[k]
    for e in EXCEPTIONS:
        if (e[0], e[1]) not in used:
            print(f"FAIL exception {e[0]} {e[1]} matched no golden field")
            failures += 1
    print(f"total: {total['compared']} compared, {total['not decoded']} not decoded, "
          f"{total['exceptions']} exceptions, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

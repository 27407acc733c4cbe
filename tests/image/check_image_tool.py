#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`extmem image` against docs/image-format.md, computed here independently:
the test writes its own ARM ELF32 (two PT_LOAD segments with a gap, one
without file bytes), and builds the expected 64-byte header with struct and
zlib.crc32 (CRC-32/ISO-HDLC), never with our CRC or header code. Then the
refusals: each exit status and the field the message names.

usage: check_image_tool.py EXTMEM_TOOL WORKDIR
"""
import json
import os
import struct
import subprocess
import sys
import zlib

tool, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
failures = []


def elf(segments, path):
    """segments: (paddr, bytes or None for a NOBITS-like segment of 0x100 bytes)."""
    ehsize, phsize = 52, 32
    off = ehsize + phsize * len(segments)
    ph, body = b"", b""
    for paddr, data in segments:
        filesz = len(data) if data is not None else 0
        memsz = filesz if data is not None else 0x100
        ph += struct.pack("<8I", 1, off + len(body), paddr, paddr, filesz, memsz, 5, 4)
        body += data or b""
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    eh = ident + struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, segments[0][0] | 1, ehsize, 0, 0x05000400, ehsize,
                             phsize, len(segments), 40, 0, 0)
    with open(path, "wb") as f:
        f.write(eh + ph + body)


def header(mode, hdr_size, load, payload, vector_offset, version):
    fields = struct.pack("<IHHIIIIII", 0x4D584D45, 1, hdr_size, mode, load, len(payload), vector_offset,
                         zlib.crc32(payload) & 0xFFFFFFFF, version) + bytes(28)
    assert len(fields) == 60
    return fields + struct.pack("<I", zlib.crc32(fields) & 0xFFFFFFFF)


def run(*args):
    p = subprocess.run([tool, "image", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def expect(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + detail))
    if not cond:
        failures.append(name)


# XIP: vector table at 0x70000400 (SP top of DTCM, reset handler + Thumb), a gap, a tail of 6 bytes.
code = struct.pack("<II", 0x20010000, 0x70000441) + bytes(range(8, 0x100))
tail = b"\x11\x22\x33\x44\x55\x66"
src = os.path.join(work, "xip.elf")
elf([(0x70000400, code), (0x70000600, tail), (0x24000000, None)], src)
payload = code + b"\xff" * (0x200 - len(code)) + tail + b"\xff\xff"  # gap and the pad to 4 are FFh
img = os.path.join(work, "xip.img")
rc, out, err = run(src, "-o", img)
expect("xip: exit 0", rc == 0, err)
want = header(1, 0x400, 0x70000400, payload, 0, 0) + b"\xff" * (0x400 - 64) + payload
got = open(img, "rb").read() if rc == 0 else b""
expect("xip: header, FFh padding and payload byte for byte", got == want,
       "first difference at %d" % next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                                        min(len(got), len(want))))

# LRUN, linked for AXI SRAM, a version, a 128-byte header, --json.
code = struct.pack("<II", 0x24070000, 0x24020081) + bytes((i * 13) & 0xFF for i in range(0x180 - 8))
src = os.path.join(work, "lrun.elf")
elf([(0x24020000, code)], src)
img = os.path.join(work, "lrun.img")
rc, out, err = run(src, "-o", img, "--mode", "lrun", "--hdr-size", "128", "--image-version", "0x01020304",
                   "--json")
expect("lrun: exit 0", rc == 0, err)
want = header(2, 128, 0x24020000, code, 0, 0x01020304) + b"\xff" * 64 + code
expect("lrun: image byte for byte", rc == 0 and open(img, "rb").read() == want)
try:
    j = json.loads(out)
    expect("lrun: --json fields", j["mode"] == "lrun" and j["load_addr"] == 0x24020000 and
           j["payload_size"] == len(code) and j["payload_crc32"] == zlib.crc32(code) and
           j["header_crc32"] == struct.unpack("<I", want[60:64])[0] and j["hdr_size"] == 128, out)
except ValueError:
    expect("lrun: --json parses", False, out)

# --load below the ELF pads with FFh and moves the vector table's offset.
img = os.path.join(work, "low.img")
rc, out, err = run(src, "-o", img, "--mode", "lrun", "--load", "0x2401ff80", "--hdr-size", "64")
payload = b"\xff" * 0x80 + code
expect("--load below the ELF: vectors at +0x80", rc == 0 and open(img, "rb").read() ==
       header(2, 64, 0x2401FF80, payload, 0x80, 0) + payload, err)

# Refusals: (arguments, exit status, words the message must hold)
bad_thumb = os.path.join(work, "arm.elf")
elf([(0x70000400, struct.pack("<II", 0x20010000, 0x70000440) + bytes(0xF8))], bad_thumb)
outside = os.path.join(work, "outside.elf")
elf([(0x70000400, struct.pack("<II", 0x20010000, 0x08000001) + bytes(0xF8))], outside)
odd_sp = os.path.join(work, "sp.elf")
elf([(0x70000400, struct.pack("<II", 0x20010004 - 2, 0x70000441) + bytes(0xF8))], odd_sp)
low = os.path.join(work, "low.elf")
elf([(0x100, struct.pack("<II", 0x20010000, 0x101) + bytes(0xF8))], low)
notelf = os.path.join(work, "not.elf")
open(notelf, "wb").write(b"hello")
xip = os.path.join(work, "xip.elf")
o = os.path.join(work, "bad.img")
cases = [
    ([xip], 2, ["--output"]),
    ([xip, "-o", o, "--mode", "run"], 2, ["--mode", "run"]),
    ([xip, "-o", o, "--hdr-size", "62"], 2, ["--hdr-size"]),
    ([xip, "-o", o, "--hdr-size", "66"], 2, ["--hdr-size", "multiple of 4"]),
    ([xip, "-o", o, "--hdr-size", "0x10000"], 2, ["--hdr-size"]),
    ([xip, "-o", o, "--image-version", "0x100000000"], 2, ["--image-version"]),
    ([xip, xip, "-o", o], 2, ["one ELF"]),
    ([notelf, "-o", o], 2, [notelf]),
    ([bad_thumb, "-o", o], 1, [bad_thumb, "reset handler", "Thumb"]),
    ([outside, "-o", o], 1, ["reset handler", "outside the payload"]),
    ([odd_sp, "-o", o], 1, ["initial SP", "8-byte"]),
    ([xip, "-o", o, "--vectors", "0x70000440"], 1, ["vector table", "128"]),
    ([xip, "-o", o, "--vectors", "0x80000000"], 1, ["vector table", "outside the payload"]),
    ([xip, "-o", o, "--load", "0x70000500"], 1, ["--load", "below it"]),
    ([xip, "-o", o, "--slot-size", "0x500"], 1, ["--slot-size"]),
    ([low, "-o", o, "--hdr-size", "0x400"], 1, ["below address 0"]),
    ([xip, "-o", os.path.join(work, "no-such-dir", "x.img")], 6, ["no-such-dir", "cannot create"]),
]
for args, status, words in cases:
    rc, out, err = run(*args)
    name = "refuses " + " ".join(a.replace(work + "/", "") for a in args)
    expect(name + ": exit %d" % status, rc == status, "exit %d, stderr %r" % (rc, err))
    expect(name + ": message names " + ", ".join(words), all(w in err for w in words), repr(err))
    if rc != 0:
        expect(name + ": no image left", not os.path.exists(o), "bad.img exists")

rc, out, err = run("--help")
expect("--help: exit 0 and the statuses", rc == 0 and "exit status" in out, err)
sys.exit(1 if failures else 0)

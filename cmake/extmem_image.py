#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The build's stand-in for `extmem image` until the tool is in this tree:
the same command line (docs/image-format.md, "Making an image") and the
same output: the ELF's PT_LOAD segments laid out from --load (gaps 0xFF),
behind the 64-byte header and padding to hdr_size.

usage: extmem_image.py APP.elf -o APP.img (--xip | --lrun) --slot ADDR --load ADDR [--version N]
XIP: hdr_size = load - slot. LRUN: hdr_size = 64.
exit status: 0 written; 2 bad arguments; 3 the ELF cannot be made into an image.
"""
import argparse
import struct
import sys
import zlib

MAGIC = 0x4D584D45
FLAG_XIP, FLAG_LRUN = 1, 2


def die(code, msg):
    sys.stderr.write("extmem_image.py: %s\n" % msg)
    sys.exit(code)


def u32(text):
    v = int(text, 0)
    if not 0 <= v <= 0xFFFFFFFF:
        raise ValueError(text)
    return v


def segments(path):
    try:
        data = open(path, "rb").read()
    except OSError as e:
        die(3, "%s: %s" % (path, e.strerror))
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        die(3, "%s: not a 32-bit little-endian ELF" % path)
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    out = []
    for i in range(phnum):
        p_type, off, _vaddr, paddr, filesz, _memsz, _flags, _align = struct.unpack_from(
            "<8I", data, phoff + i * phentsize)
        if p_type == 1 and filesz:
            if off + filesz > len(data):
                die(3, "%s: program header %d runs past the end of the file" % (path, i))
            out.append((paddr, data[off:off + filesz]))
    if not out:
        die(3, "%s: no PT_LOAD segment with contents" % path)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description="ELF to extmem boot image")
    ap.add_argument("elf")
    ap.add_argument("-o", dest="out", required=True)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--xip", action="store_true")
    mode.add_argument("--lrun", action="store_true")
    ap.add_argument("--slot", type=u32, required=True)
    ap.add_argument("--load", type=u32, required=True)
    ap.add_argument("--version", type=u32, default=0)
    a = ap.parse_args()
    hdr = a.load - a.slot if a.xip else 64
    if a.xip and not (64 <= hdr <= 0xFFFF and hdr % 4 == 0):
        die(2, "--load 0x%08X - --slot 0x%08X = %d: hdr_size must be a multiple of 4 from 64 to 65535"
            % (a.load, a.slot, hdr))
    segs = segments(a.elf)
    if segs[0][0] != a.load:
        die(3, "%s: the first segment is at 0x%08X, not at --load 0x%08X (the vector table opens the payload)"
            % (a.elf, segs[0][0], a.load))
    end = max(addr + len(b) for addr, b in segs)
    size = (end - a.load + 3) // 4 * 4
    payload = bytearray(b"\xff" * size)
    for addr, b in segs:
        payload[addr - a.load:addr - a.load + len(b)] = b
    flags = FLAG_XIP if a.xip else FLAG_LRUN
    head = struct.pack("<IHHIIIIII28x", MAGIC, 1, hdr, flags, a.load, size, 0,
                       zlib.crc32(payload) & 0xFFFFFFFF, a.version)
    head += struct.pack("<I", zlib.crc32(head) & 0xFFFFFFFF)
    try:
        with open(a.out, "wb") as f:
            f.write(head + b"\xff" * (hdr - len(head)) + payload)
    except OSError as e:
        die(3, "%s: %s" % (a.out, e.strerror))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The build's stand-in for `extmem image` where the tool is not built (a
user's cross project, a tree without tools/cmd_image.c): the same options
and the same output (docs/image-format.md): the ELF's PT_LOAD bytes laid
out from --load (gaps 0xFF, padded to a multiple of 4), behind the 64-byte
header and 0xFF padding to --hdr-size.

usage: extmem_image.py APP.elf -o IMG [--mode xip|lrun] --load ADDR [--hdr-size N]
                       [--slot-size N] [--image-version N]
exit status: 0 written; 1 the layout cannot make a bootable image; 2 bad
arguments or an unreadable ELF; 6 the output could not be written.
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
        die(2, "%s: %s" % (path, e.strerror))
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        die(2, "%s: not a 32-bit little-endian ELF" % path)
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    out = []
    for i in range(phnum):
        p_type, off, _vaddr, paddr, filesz, _memsz, _flags, _align = struct.unpack_from(
            "<8I", data, phoff + i * phentsize)
        if p_type == 1 and filesz:
            if off + filesz > len(data):
                die(2, "%s: program header %d runs past the end of the file" % (path, i))
            out.append((paddr, data[off:off + filesz]))
    if not out:
        die(1, "%s: no PT_LOAD segment with contents" % path)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description="ELF to extmem boot image")
    ap.add_argument("elf")
    ap.add_argument("-o", dest="out", required=True)
    ap.add_argument("--mode", choices=("xip", "lrun"), default="xip")
    ap.add_argument("--load", type=u32, required=True)
    ap.add_argument("--hdr-size", type=u32, default=0x400)
    ap.add_argument("--slot-size", type=u32)
    ap.add_argument("--image-version", type=u32, default=0)
    a = ap.parse_args()
    hdr = a.hdr_size
    if not (64 <= hdr <= 0xFFFF and hdr % 4 == 0):
        die(2, "--hdr-size %d: must be a multiple of 4 from 64 to 65535" % hdr)
    segs = segments(a.elf)
    if segs[0][0] != a.load:
        die(1, "%s: the first segment is at 0x%08X, not at --load 0x%08X (the vector table opens the payload)"
            % (a.elf, segs[0][0], a.load))
    end = max(addr + len(b) for addr, b in segs)
    size = (end - a.load + 3) // 4 * 4
    if a.slot_size is not None and hdr + size > a.slot_size:
        die(1, "%s: header %d + payload %d bytes do not fit the %d-byte slot" % (a.elf, hdr, size, a.slot_size))
    payload = bytearray(b"\xff" * size)
    for addr, b in segs:
        payload[addr - a.load:addr - a.load + len(b)] = b
    flags = FLAG_XIP if a.mode == "xip" else FLAG_LRUN
    head = struct.pack("<IHHIIIIII28x", MAGIC, 1, hdr, flags, a.load, size, 0,
                       zlib.crc32(payload) & 0xFFFFFFFF, a.image_version)
    head += struct.pack("<I", zlib.crc32(head) & 0xFFFFFFFF)
    try:
        with open(a.out, "wb") as f:
            f.write(head + b"\xff" * (hdr - len(head)) + payload)
    except OSError as e:
        die(6, "%s: %s" % (a.out, e.strerror))


if __name__ == "__main__":
    main()

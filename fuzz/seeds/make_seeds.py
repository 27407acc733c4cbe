#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the committed seed inputs of fuzz_image and fuzz_boot (run from
# anywhere: python3 fuzz/seeds/make_seeds.py). Each seed is a control block
# (see the fuzzers' top comments) and a slot laid out per docs/image-format.md.
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
RAM_BASE, RAM_SIZE = 0x24000000, 0x8000
BOOT_RAM_SIZE = 0x4000


def header(mode, hdr_size, load, payload, vo=0, version=1, reserved=b"\0" * 28):
    h = struct.pack("<IHHIIIIII", 0x4D584D45, version, hdr_size, mode, load, len(payload), vo,
                    zlib.crc32(payload), 7) + reserved
    return h + struct.pack("<I", zlib.crc32(h))


def payload(size, sp, reset, vo=0):
    p = bytearray((i ^ (i >> 8)) & 0xFF for i in range(size))
    p[vo:vo + 8] = struct.pack("<II", sp, reset)
    return bytes(p)


def slot(mode, hdr_size, load, size, sp, vo=0):
    p = payload(size, sp, load + 0x41, vo)
    return header(mode, hdr_size, load, p, vo) + b"\xff" * (hdr_size - 64) + p


def write(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# fuzz_image: ctl, count, 2 unused, slot_addr, slot_size, 3 regions.
def img_policy(ctl, slot_addr, slot_size, regions):
    regs = list(regions) + [(0, 0)] * (3 - len(regions))
    return struct.pack("<BBxxII", ctl, len(regions), slot_addr, slot_size) + b"".join(
        struct.pack("<II", a, s) for a, s in regs)


SP = RAM_BASE + RAM_SIZE
write("image", "xip_good", img_policy(1, 0x70010000, 0x40000, [(RAM_BASE, RAM_SIZE)]) +
      slot(1, 64, 0x70010040, 256, SP))
write("image", "xip_hdr400_vo128", img_policy(1, 0x70000000, 0x40000, [(RAM_BASE, RAM_SIZE)]) +
      slot(1, 0x400, 0x70000400, 512, SP, vo=128))
write("image", "lrun_good", img_policy(0, 0, 0x10000, [(0x20000000, 0x20000), (RAM_BASE, RAM_SIZE)]) +
      slot(2, 64, RAM_BASE, 256, SP))
write("image", "lrun_psram", img_policy(0, 0, 0x10000, [(0x90000000, 0x1000)]) +
      slot(2, 128, 0x90000000, 256, 0x90001000))
# Each just outside one rule, so a check that loosens passes it and the fuzzer traps at once.
write("image", "sp_off_by_4", img_policy(1, 0x70010000, 0x40000, [(RAM_BASE, RAM_SIZE)]) +
      slot(1, 64, 0x70010040, 256, SP - 4))
write("image", "sp_past_end", img_policy(1, 0x70010000, 0x40000, [(RAM_BASE, RAM_SIZE)]) +
      slot(1, 64, 0x70010040, 256, SP + 8))
write("image", "vo_64", img_policy(1, 0x70010000, 0x40000, [(RAM_BASE, RAM_SIZE)]) +
      slot(1, 64, 0x70010040, 256, SP, vo=64))
write("image", "lrun_one_past_region", img_policy(0, 0, 0x10000, [(RAM_BASE, RAM_SIZE)]) +
      slot(2, 64, RAM_BASE + RAM_SIZE - 252, 256, SP))
write("image", "erased", img_policy(1, 0x70000000, 0x1000, [(RAM_BASE, RAM_SIZE)]) + b"\xff" * 128)
write("image", "fixups_on", img_policy(0x0f, 0x70000000, 0x1000, [(RAM_BASE, RAM_SIZE)]) +
      slot(1, 64, 0x70000040, 128, SP))


# fuzz_boot: ctl, slot offset /4K, slot size /256, region0 off/size, window, region1.
# then the read that fails (0: none), map fails, 2 unused.
def boot_ctl(ctl, slot_4k, slot_256, r0_off, r0_size, window, r1=(0, 0), fail_read=0, fail_map=0):
    return struct.pack("<BBHIIIIIBBxx", ctl, slot_4k, slot_256, r0_off, r0_size, window, r1[0], r1[1],
                       fail_read, fail_map)


W = 0x70000000
BSP = RAM_BASE + BOOT_RAM_SIZE
write("boot", "xip_good", boot_ctl(1, 1, 0x40, 0, BOOT_RAM_SIZE, W) + slot(1, 64, W + 0x1000 + 64, 256, BSP))
write("boot", "xip_warm_mapped", boot_ctl(9, 2, 0x40, 0, BOOT_RAM_SIZE, W) + slot(1, 0x400, W + 0x2400, 512, BSP))
write("boot", "lrun_good", boot_ctl(0, 0, 0x40, 0, BOOT_RAM_SIZE, W) + slot(2, 64, RAM_BASE + 0x100, 256, BSP))
write("boot", "lrun_second_region", boot_ctl(0x20, 0, 0x40, 0, BOOT_RAM_SIZE, W, (0x90000000, 0x1000)) +
      slot(2, 64, RAM_BASE, 1024, 0x90001000))
write("boot", "lrun_read_fails", boot_ctl(0x10, 0, 0x40, 0, BOOT_RAM_SIZE, W) + slot(2, 64, RAM_BASE, 256, BSP))
write("boot", "xip_payload_read_fails", boot_ctl(1, 1, 0x40, 0, BOOT_RAM_SIZE, W, fail_read=2) +
      slot(1, 64, W + 0x1000 + 64, 256, BSP))
write("boot", "xip_map_fails", boot_ctl(1, 1, 0x40, 0, BOOT_RAM_SIZE, W, fail_map=1) +
      slot(1, 64, W + 0x1000 + 64, 256, BSP))
write("boot", "lrun_copy_read_fails", boot_ctl(0, 0, 0x40, 0, BOOT_RAM_SIZE, W, fail_read=2) +
      slot(2, 64, RAM_BASE, 256, BSP))
write("boot", "erased", boot_ctl(1, 0, 0x10, 0, BOOT_RAM_SIZE, W) + b"\xff" * 256)


# fuzz_sd: card type, capacity in MiB, then spoilers (none: the card's own answers).
write("sd", "sdsc_v1_1m", bytes([0, 0]))
write("sd", "sdsc_v2_2m", bytes([1, 1]))
write("sd", "sdhc_4m", bytes([2, 3]))
write("sd", "sdhc_first_answer_times_out", bytes([2, 0, 0x41]))


# fuzz_hex: Intel HEX text (records built here with their checksums), and an `xxd -p` dump.
def rec(rtype, off, data=b""):
    b = bytes([len(data), off >> 8, off & 0xFF, rtype]) + data
    return ":" + (b + bytes([(-sum(b)) & 0xFF])).hex().upper() + "\n"


def hexfile(*records, eof=True):
    return ("".join(records) + (rec(1, 0) if eof else "")).encode()


def data_recs(base_off, data, step=16):
    return "".join(rec(0, base_off + i, data[i:i + step]) for i in range(0, len(data), step))


BYTES = bytes((i * 7 + 3) & 0xFF for i in range(256))
write("hex", "linear_xspi2", hexfile(rec(4, 0, b"\x70\x00"), data_recs(0, BYTES)))
write("hex", "segment_address", hexfile(rec(2, 0, b"\x12\x34"), data_recs(0x100, BYTES[:64])))
write("hex", "start_addresses", hexfile(rec(4, 0, b"\x08\x00"), data_recs(0, BYTES[:32]),
                                       rec(5, 0, b"\x08\x00\x01\x01"), rec(3, 0, b"\x00\x00\x10\x00")))
write("hex", "lower_case_crlf", hexfile(rec(0, 0x20, BYTES[:16])).replace(b"\n", b"\r\n").lower())
write("hex", "checksum_error", hexfile(rec(0, 0, BYTES[:16])[:-3] + "00\n"))
write("hex", "overlap_same_bytes", hexfile(rec(0, 0, BYTES[:16]), rec(0, 8, BYTES[8:24])))
write("hex", "overlap_other_bytes", hexfile(rec(0, 0, BYTES[:16]), rec(0, 8, BYTES[100:116])))
write("hex", "out_of_order", hexfile(rec(0, 0x40, BYTES[:16]), rec(0, 0, BYTES[16:32]), rec(0, 0x10, BYTES[:48])))
write("hex", "past_4gib", hexfile(rec(4, 0, b"\xff\xff"), rec(0, 0xFFF8, BYTES[:16])))
write("hex", "segment_wraps", hexfile(rec(2, 0, b"\x10\x00"), rec(0, 0xFFF8, BYTES[:16])))
write("hex", "linear_crosses_64k", hexfile(rec(4, 0, b"\x70\x00"), rec(0, 0xFFF8, BYTES[:16])))
write("hex", "no_eof", hexfile(rec(0, 0, BYTES[:16]), eof=False))
write("hex", "eof_with_data", hexfile(rec(1, 0, b"\x00"), eof=False))
write("hex", "unknown_type", hexfile(rec(6, 0, b"\x00")))
write("hex", "full_record_255", hexfile(rec(0, 0, bytes(range(255)))))
write("hex", "xxd_dump", (BYTES[:64].hex() + "\n" + BYTES[64:128].hex() + "\n").encode())


# fuzz_prog_elf: ELF32 ARM files (Ehdr 52, Phdr 32, Shdr 40, Sym 16), a loader-like one with symbols.
def elf(segs, syms=(), text_addr=0x20000004, text=b""):
    """segs: (type, paddr, data, memsz or None); a .text section at text_addr and a .symtab when syms."""
    phoff = 52
    at = phoff + 32 * len(segs)
    blobs, phdrs = b"", b""
    for (ptype, paddr, data, memsz) in segs:
        phdrs += struct.pack("<IIIIIIII", ptype, at + len(blobs), paddr, paddr, len(data),
                             len(data) if memsz is None else memsz, 5, 4)
        blobs += data
    body = phdrs + blobs
    shstr = b"\0.text\0.symtab\0.strtab\0.shstrtab\0"
    strtab = b"\0" + b"".join(n.encode() + b"\0" for n, _ in syms)
    symtab = b"\0" * 16
    pos = 1
    for n, v in syms:
        symtab += struct.pack("<IIIBBH", pos, v, 4, 0x12, 0, 1)
        pos += len(n) + 1
    off_text = 52 + len(body)
    off_sym = off_text + len(text)
    off_str = off_sym + len(symtab)
    off_shstr = off_str + len(strtab)
    shoff = off_shstr + len(shstr)
    sh = b"\0" * 40
    sh += struct.pack("<IIIIIIIIII", 1, 1, 6, text_addr, off_text, len(text), 0, 0, 4, 0)
    sh += struct.pack("<IIIIIIIIII", 7, 2, 0, 0, off_sym, len(symtab), 3, 1, 4, 16)
    sh += struct.pack("<IIIIIIIIII", 15, 3, 0, 0, off_str, len(strtab), 0, 0, 1, 0)
    sh += struct.pack("<IIIIIIIIII", 23, 3, 0, 0, off_shstr, len(shstr), 0, 0, 1, 0)
    ehdr = (b"\x7fELF\x01\x01\x01" + b"\0" * 9 +
            struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, 0x20000005, phoff if segs else 0, shoff, 0x05000200, 52, 32,
                        len(segs), 40, 5, 4))
    return ehdr + body + text + symtab + strtab + shstr + sh


TEXT = bytes((i * 13) & 0xFF for i in range(128))
write("prog_elf", "image_two_segments", elf([(1, 0x70000000, BYTES[:128], None), (1, 0x70001000, BYTES[:64], 128)]))
write("prog_elf", "image_adjacent_segments", elf([(1, 0x70000000, BYTES[:64], None), (1, 0x70000040, BYTES[64:96], None)]))
write("prog_elf", "image_overlap_same", elf([(1, 0x70000000, BYTES[:64], None), (1, 0x70000020, BYTES[32:64], None)]))
write("prog_elf", "image_overlap_other", elf([(1, 0x70000000, BYTES[:64], None), (1, 0x70000020, BYTES[:32], None)]))
write("prog_elf", "image_filesz_over_memsz", elf([(1, 0x70000000, BYTES[:64], 16)]))
write("prog_elf", "image_past_4gib", elf([(1, 0xFFFFFFF0, BYTES[:64], None)]))
write("prog_elf", "image_bss_and_note", elf([(4, 0, BYTES[:8], None), (1, 0x24000000, b"", 256),
                                             (1, 0x70000000, BYTES[:16], None)]))
bad = bytearray(elf([(1, 0x70000000, BYTES[:64], None)]))
struct.pack_into("<I", bad, 52 + 4, 0xFFFFFFF0)
write("prog_elf", "image_offset_past_file", bytes(bad))
write("prog_elf", "loader_stldr_like", elf([(1, 0x20000004, TEXT, None)], [("Init", 0x20000005), ("Write", 0x20000011),
                                                                          ("StorageInfo", 0x20000040)], text=TEXT))
write("prog_elf", "loader_flm_like", elf([(1, 0x20000004, TEXT, None)], [("ProgramPage", 0x20000021)], text=TEXT))
write("prog_elf", "no_segments", elf([], [("Init", 0x20000005)], text=TEXT))
write("prog_elf", "raw_bytes", bytes(range(256)))

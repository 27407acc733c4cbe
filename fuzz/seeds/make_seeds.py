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

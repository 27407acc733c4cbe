#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks a .FLM against the CMSIS-Pack flash algorithm specification, read
with pyelftools (not our own ELF reader): the PrgCode / PrgData / DevDscr
sections, every FlashDevice field (expected values from the part's datasheet,
given on the command line), the entry-point symbols, and that nothing needs
an absolute relocation by the tool.

usage: check_flm.py FLM --name NAME --size BYTES --pp-max-us US --be-max-ms MS
"""
import argparse
import struct
import sys

try:
    from elftools.elf.elffile import ELFFile
    from elftools.elf.constants import SH_FLAGS
except ImportError:
    print("SKIP: python3-pyelftools is not installed")
    sys.exit(77)

ENTRIES = ["Init", "UnInit", "EraseChip", "EraseSector", "ProgramPage", "Verify", "BlankCheck"]

errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


ap = argparse.ArgumentParser()
ap.add_argument("flm")
ap.add_argument("--name", required=True)
ap.add_argument("--size", type=lambda s: int(s, 0), required=True)
ap.add_argument("--pp-max-us", type=int, required=True)
ap.add_argument("--be-max-ms", type=int, required=True)
args = ap.parse_args()

with open(args.flm, "rb") as f:
    elf = ELFFile(f)
    check(elf.elfclass == 32 and elf.little_endian and elf["e_machine"] == "EM_ARM", "32-bit little-endian ARM ELF")

    code, data, dscr = (elf.get_section_by_name(n) for n in ("PrgCode", "PrgData", "DevDscr"))
    check(code is not None and data is not None and dscr is not None, "sections PrgCode, PrgData, DevDscr")
    if code is None or data is None or dscr is None:
        print("\n".join("FAIL: " + e for e in errors))
        sys.exit(1)
    check(code["sh_addr"] == 0, "PrgCode linked at 0 (position independent image)")
    check(code["sh_flags"] & SH_FLAGS.SHF_EXECINSTR and code["sh_flags"] & SH_FLAGS.SHF_ALLOC, "PrgCode is code")
    check(data["sh_flags"] & SH_FLAGS.SHF_WRITE and data["sh_flags"] & SH_FLAGS.SHF_ALLOC, "PrgData is RW data")
    end = code["sh_addr"] + code["sh_size"]
    check(end <= data["sh_addr"] < end + 8, "PrgData follows PrgCode (the tool copies them as one block)")
    check(dscr["sh_flags"] & SH_FLAGS.SHF_ALLOC and dscr["sh_type"] == "SHT_PROGBITS", "DevDscr holds data")

    syms = {s.name: s for s in elf.get_section_by_name(".symtab").iter_symbols()}
    names = [s.name for s in elf.iter_sections()]
    code_index = names.index("PrgCode")
    for e in ENTRIES:
        s = syms.get(e)
        check(s is not None, "entry point %s present" % e)
        if s is None:
            continue
        check(s["st_info"]["type"] == "STT_FUNC" and s["st_info"]["bind"] == "STB_GLOBAL", "%s global function" % e)
        check(s["st_shndx"] == code_index and s["st_value"] & 1, "%s: Thumb code in PrgCode" % e)

    fd = syms.get("FlashDevice")
    check(fd is not None and fd["st_shndx"] == names.index("DevDscr"), "FlashDevice in DevDscr")
    if fd is not None:
        raw = dscr.data()[fd["st_value"] - dscr["sh_addr"]:]
        vers, name = struct.unpack_from("<H128s", raw, 0)
        devtype, devadr, szdev, szpage, res = struct.unpack_from("<HIIII", raw, 130)
        valempty = raw[148]
        toprog, toerase = struct.unpack_from("<II", raw, 152)
        check(vers == 0x0101, "Vers 0x0101 (FLASH_DRV_VERS), got 0x%04X" % vers)
        check(name.split(b"\0")[0].decode() == args.name, "DevName %r" % name.split(b"\0")[0])
        check(devtype == 5, "DevType EXTSPI (5), got %d" % devtype)
        check(devadr == 0x70000000, "DevAdr 0x70000000 (XSPI2 window), got 0x%08X" % devadr)
        check(szdev == args.size, "szDev %d, got %d" % (args.size, szdev))
        check(szpage == 4096, "szPage 4096 (one sector per ProgramPage), got %d" % szpage)
        check(res == 0, "Res 0")
        check(valempty == 0xFF, "valEmpty 0xFF, got 0x%02X" % valempty)
        # toProg covers one ProgramPage: 16 part pages at tPP max; toErase one 64 KiB block at tBE max
        want_prog = (4096 // 256 * args.pp_max_us + 999) // 1000
        check(toprog == want_prog, "toProg %d ms, got %d" % (want_prog, toprog))
        check(toerase == args.be_max_ms, "toErase %d ms, got %d" % (args.be_max_ms, toerase))
        sectors, off = [], 160
        while off + 8 <= len(raw):
            sz, adr = struct.unpack_from("<II", raw, off)
            sectors.append((sz, adr))
            off += 8
            if (sz, adr) == (0xFFFFFFFF, 0xFFFFFFFF):
                break
        check(sectors and sectors[-1] == (0xFFFFFFFF, 0xFFFFFFFF), "sector table ends with SECTOR_END")
        check(sectors[:1] == [(65536, 0)], "one group: 64 KiB blocks from offset 0, got %r" % sectors[:1])

    # nothing for the tool to relocate
    for s in elf.iter_sections():
        if s["sh_type"] in ("SHT_REL", "SHT_RELA"):
            target = elf.get_section(s["sh_info"])
            check(not target["sh_flags"] & SH_FLAGS.SHF_ALLOC,
                  "relocation section %s applies to loaded %s" % (s.name, target.name))
        check(s["sh_type"] != "SHT_DYNAMIC", "no dynamic section (%s)" % s.name)
    for seg in elf.iter_segments():
        check(seg["p_type"] not in ("PT_DYNAMIC", "PT_INTERP"), "no %s segment" % seg["p_type"])
    # no pointer table: the relocations -pie lists, none (the linker script refuses one)
    lo, hi = syms.get("extmem_flm_rel_start"), syms.get("extmem_flm_rel_end")
    check(lo is not None and hi is not None, "relocation table symbols")
    if lo is not None and hi is not None:
        n = (hi["st_value"] - lo["st_value"]) // 8
        check(n == 0, "%d relocations listed at the end of PrgCode: nothing would apply them" % n)
        print("FlashDevice %r, no relocations" % args.name)

if errors:
    print("\n".join("FAIL: " + e for e in errors))
    sys.exit(1)
print("ok: %s follows the CMSIS-Pack flash algorithm layout" % args.flm)

#!/bin/sh
# SPDX-License-Identifier: MIT
# The GDB server on hostile and plain protocol traffic, from a raw socket
# client (python3): bad checksums are NAKed, malformed packets answered with
# E errors, never a crash; the target description parses as XML with the
# M-profile and VFP features GDB requires; the interrupt byte 0x03 stops a
# running target with SIGINT; a client that goes away ends the run cleanly.
# Packet formats and signal numbers: the GDB manual, appendix E.
# usage: gdb_protocol_test.sh EXTMEM BOOT.elf
set -u
extmem=$1 boot=$2
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
argfail=0
for bad in 65536 -1 x 0x10000 ""; do
	"$extmem" run "$boot" --gdb "$bad" >"$dir/arg.log" 2>&1
	rc=$?
	if [ $rc = 2 ] && grep -q -- "--gdb" "$dir/arg.log"; then echo "ok   --gdb '$bad' is refused (2) naming the option"; else echo "FAIL --gdb '$bad': status $rc"; cat "$dir/arg.log"; argfail=1; fi
done
"$extmem" run "$boot" --gdb 0 --max-ms 3600000 >"$dir/run.log" 2>&1 &
pid=$!
python3 - "$dir/run.log" "$pid" <<'PY'
import os, socket, sys, time, re
import xml.etree.ElementTree as ET

log, pid = sys.argv[1], int(sys.argv[2])
port = None
for _ in range(100):
    m = re.search(r"GDB server listening on 127\.0\.0\.1:(\d+)", open(log).read())
    if m:
        port = int(m.group(1))
        break
    time.sleep(0.1)
fails = 0
def check(cond, what):
    global fails
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails += 1
if port is None:
    print("FAIL no port"); sys.exit(1)
s = socket.create_connection(("127.0.0.1", port), timeout=10)
buf = b""
def raw(b):
    s.sendall(b)
def frame(p):
    if isinstance(p, str):
        p = p.encode("latin-1")
    return b"$" + p + b"#%02x" % (sum(p) & 0xFF)
def getbyte():
    global buf
    while not buf:
        d = s.recv(65536)
        if not d:
            raise EOFError
        buf += d
    c, buf = buf[:1], buf[1:]
    return c
def reply(skip_console=True):
    """the next packet; '+' acks skipped, console O packets collected"""
    console = []
    while True:
        c = getbyte()
        if c in (b"+",):
            continue
        if c == b"-":
            return "-", console
        if c != b"$":
            continue
        body = b""
        while True:
            c = getbyte()
            if c == b"#":
                break
            body += c
        cs = getbyte() + getbyte()
        assert int(cs, 16) == sum(body) & 0xFF, "bad checksum from the server"
        raw(b"+")
        t = body.decode("latin-1")
        if skip_console and t.startswith("O") and t != "OK":
            console.append(bytes.fromhex(t[1:]).decode())
            continue
        return t, console
def ask(p):
    raw(frame(p))
    return reply()[0]

r = ask("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=arm")
check("PacketSize=" in r and "qXfer:features:read+" in r, "qSupported offers the target description: " + r)
raw(b"$g#00")
check(reply()[0] == "-", "a wrong checksum is answered with '-'")
check(ask("?").startswith("T05"), "halted at reset: ? says SIGTRAP")
xml, off = "", 0
while True:
    r = ask("qXfer:features:read:target.xml:%x,200" % off)
    if r[0] not in "ml":
        break
    xml += r[1:]; off += len(r) - 1
    if r[0] == "l":
        break
root = ET.fromstring(xml)
feats = {f.get("name"): [g.get("name") for g in f] for f in root.iter("feature")}
mp = feats.get("org.gnu.gdb.arm.m-profile", [])
check(mp[:16] == ["r%d" % i for i in range(13)] + ["sp", "lr", "pc"] and "xpsr" in mp,
      "target.xml: m-profile feature with r0-r12 sp lr pc xpsr")
check(feats.get("org.gnu.gdb.arm.vfp", [])[:16] == ["d%d" % i for i in range(16)] and "fpscr" in feats["org.gnu.gdb.arm.vfp"],
      "target.xml: vfp feature with d0-d15 fpscr (FPv5-D16)")
check(ask("qXfer:features:read:target.xml:%x,10" % (len(xml) + 5)).startswith("E"), "qXfer past the end: E")
check(ask("qXfer:features:read:other.xml:0,10").startswith("E"), "qXfer of another annex: E")
g = ask("g")
check(len(g) == 2 * (17 * 4 + 16 * 8 + 4 + 6 * 4), "g: %d hex digits for r0-pc xpsr d0-d15 fpscr msp psp masks control" % len(g))
sp = int.from_bytes(bytes.fromhex(g[13 * 8:14 * 8]), "little")
vec = ask("m8000000,8")
check(len(vec) == 16 and int.from_bytes(bytes.fromhex(vec[:8]), "little") == sp,
      "m of internal flash: the vector table's first word is the reset SP (0x%08x)" % sp)
for p, what in [("m0,zz", "a length that is not hex"), ("m123456789,4", "a 33-bit address"),
                ("m40010000,4", "an address no peripheral answers"), ("m70000000,4", "the XSPI2 window before it is mapped"),
                ("M24000000,2:abc", "M with too few digits"), ("X24000000,4:ab", "X with fewer bytes than it says"),
                ("X24000000,1:}", "X ending in a lone escape"), ("M70000000,1:00", "a store into the XSPI2 window"),
                ("Z0,8000001,2", "a breakpoint at an odd address"), ("Z9,0,2", "a breakpoint type that does not exist"),
                ("Z0,8000000,2;X1,0", "a breakpoint with a condition"), ("z0,8000100,2", "removing a breakpoint never set"),
                ("p99", "a register that does not exist"), ("P0=12", "P with a short value"),
                ("P27=00000000", "writing CONTROL"), ("G00", "G of the wrong length"), ("g1", "g with arguments"),
                ("qRcmd,7", "monitor with odd hex"), ("vCont;r0,10", "range stepping, not offered"),
                ("Cxx", "C with a signal that is not hex"), ("m\0,4", "a NUL inside a packet")]:
    check(ask(p).startswith("E"), "E error for " + what)
check(all(ask("Z2,%x,4" % (0x24000100 + 16 * i)) == "OK" for i in range(4)), "four watchpoints (the DWT's comparators)")
check(ask("Z2,24000200,4").startswith("E"), "a fifth is refused")
check(all(ask("z2,%x,4" % (0x24000100 + 16 * i)) == "OK" for i in range(4)), "and the four come off")
check(ask("jfoo") == "", "an unknown packet gets the empty reply")
raw(b"$" + b"a" * 20000 + b"#00")
check(reply()[0].startswith("E"), "a packet longer than PacketSize: E, and the server still answers")
check(ask("m24000000,0") == "", "a zero-length read is empty")
check(ask("X24000000,0:") == "OK", "a zero-length X (GDB's probe) is OK")
# a loop in SRAM, b . (0xE7FE), then continue and interrupt
check(ask("X24000000,2:" + "\xfe\xe7") == "OK", "X writes binary data")
check(ask("m24000000,2") == "fee7", "and m reads it back")
check(ask("Pf=01000024") == "OK", "P writes the PC")
raw(frame("c"))
time.sleep(0.3)
raw(b"\x03")
r, con = reply()
check(r.startswith("T02"), "0x03 stops a running target with SIGINT: " + r)
pc = int.from_bytes(bytes.fromhex(ask("pf")), "little")
check(pc == 0x24000000, "stopped in the loop (pc 0x%08x)" % pc)
check(ask("Z1,24000000,2") == "OK", "a hardware breakpoint on the loop")
r = ask("c")
check(r.startswith("T05hwbreak"), "continue from it steps off and hits it again: " + r)
check(ask("z1,24000000,2") == "OK", "and it comes off")
raw(frame("qRcmd," + b"stats".hex()))
r, con = reply()
check(r == "OK" and any("XSPI ops" in c for c in con), "monitor stats answers in console packets then OK")
r = ask("vCont?")
check(r.startswith("vCont") and ";s" in r and ";c" in r, "vCont? offers c and s: " + r)
r = ask("vCont;s:1")
check(r.startswith("T05"), "vCont;s steps: " + r)
s.close()
for _ in range(100):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        break
    if "client disconnected" in open(log).read():
        break
    time.sleep(0.05)
check("client disconnected" in open(log).read(), "closing the socket ends the session")
sys.exit(1 if fails else 0)
PY
py=$?
wait "$pid"
rc=$?
pid=
[ "$rc" = 0 ] && echo "ok   extmem run exits 0 after the client left" || { echo "FAIL extmem run exit status $rc"; py=1; }
[ $py = 0 ] || cat "$dir/run.log"
[ $argfail = 0 ] || py=1
exit $py

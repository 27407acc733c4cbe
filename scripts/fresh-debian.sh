#!/bin/sh
# SPDX-License-Identifier: MIT
# Measures `make demo` on a fresh Debian 12 machine: a bare debootstrap root
# (minbase) plus git and make, the repository cloned inside it, `make demo`
# run once as a user (it must stop and name the apt-get line) and once as
# root (it installs what is missing, builds and shows the LEDs in XIP and
# LRUN). Prints the wall times of each part. Needs root and debootstrap on
# the host, and the network; it is never run by CI.
#
# usage: scripts/fresh-debian.sh ROOT [--bare TARBALL] [--mirror URL] [--test]
#   ROOT           where the fresh root goes (must not exist, outside any git tree)
#   --bare TARBALL take the bare root from TARBALL (made by an earlier run)
#                  instead of running debootstrap; without it the bare root
#                  is saved as ROOT.bare.tar for the next run
#   --mirror URL   the Debian mirror (default: http://deb.debian.org/debian)
#   --test         also run `make test` (JOBS=2) after the demo
set -eu

usage() {
	sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'
}

root="" bare="" mirror=http://deb.debian.org/debian run_test=0
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--bare) [ $# -ge 2 ] || { echo "fresh-debian: --bare needs a file" >&2; exit 2; }; bare=$2; shift ;;
	--mirror) [ $# -ge 2 ] || { echo "fresh-debian: --mirror needs a URL" >&2; exit 2; }; mirror=$2; shift ;;
	--test) run_test=1 ;;
	-*) echo "fresh-debian: unknown option '$1' (see --help)" >&2; exit 2 ;;
	*) [ -z "$root" ] || { echo "fresh-debian: unexpected argument '$1'" >&2; exit 2; }; root=$1 ;;
	esac
	shift
done
[ -n "$root" ] || { echo "fresh-debian: ROOT is missing (see --help)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "fresh-debian: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
[ ! -e "$root" ] || { echo "fresh-debian: $root exists; name a new directory" >&2; exit 2; }
[ -z "$bare" ] || [ -r "$bare" ] || { echo "fresh-debian: --bare: cannot read $bare" >&2; exit 2; }
command -v debootstrap >/dev/null || [ -n "$bare" ] || {
	echo "fresh-debian: debootstrap is missing: apt-get install -y debootstrap" >&2
	exit 2
}
src=$(cd "$(dirname "$0")/.." && pwd)
case $(cd "$(dirname "$root")" && pwd) in
"$src" | "$src"/*) echo "fresh-debian: $root is inside the repository; put it outside" >&2; exit 2 ;;
esac

now() { date +%s; }
mounted=""
cleanup() {
	for m in $mounted; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

if [ -n "$bare" ]; then
	mkdir -p "$root"
	tar -xpf "$bare" -C "$root"
	echo "fresh-debian: bare root from $bare"
else
	t=$(now)
	debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
		echo "fresh-debian: debootstrap failed: $root.debootstrap.log" >&2
		exit 1
	}
	echo "fresh-debian: debootstrap --variant=minbase bookworm: $(($(now) - t)) s (not counted)"
	tar -cpf "$root.bare.tar" -C "$root" .
	echo "fresh-debian: bare root saved as $root.bare.tar"
fi

# What the Debian installer writes: the release, its updates and the security archive.
security=$(echo "$mirror" | sed 's|/debian/*$|/debian-security|')
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc" && mounted="$root/proc $mounted"
mount --bind /sys "$root/sys" && mounted="$root/sys $mounted"
mount --bind /dev "$root/dev" && mounted="$root/dev $mounted"
mount --bind /dev/pts "$root/dev/pts" && mounted="$root/dev/pts $mounted"

# No LANG: the POSIX locale of a bare root, the least a build may find.
in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

t=$(now)
# (apt-get clean after: the packages left in the cache are then the demo's alone)
in_root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git make && apt-get clean' \
	>"$root.prereq.log" 2>&1 || {
	echo "fresh-debian: installing git and make failed: $root.prereq.log" >&2
	exit 1
}
echo "fresh-debian: git and make installed: $(($(now) - t)) s (not counted)"

# The repository as it is committed (HEAD), cloned inside the root by the root's own git;
# one copy for root and one the user owns (git refuses a repository of another owner).
in_root useradd -m dev
git clone -q --bare "$src" "$root/srv/extmem.git"
git clone -q --bare "$src" "$root/home/dev/extmem.git"
in_root chown -R dev:dev /home/dev/extmem.git

# A user first: make demo must stop with the apt-get line and a status of its own.
chroot --userspec=dev:dev "$root" /usr/bin/env -i HOME=/home/dev PATH=/usr/bin:/bin \
	sh -c 'cd && git clone -q ~/extmem.git extmem && cd extmem && make demo' >"$root.user.log" 2>&1 && urc=0 || urc=$?
echo "fresh-debian: make demo as a user (dev): exit status $urc; it said:"
sed 's/^/    /' "$root.user.log"

# bash's time gives the CPU time too: on a loaded machine the wall time says little alone.
t=$(now)
in_root bash -c 'cd && git clone -q /srv/extmem.git extmem && cd extmem &&
	TIMEFORMAT="fresh-debian: make demo: real %R s, user %U s, sys %S s" && time make demo' \
	>"$root.demo.log" 2>&1 && rc=0 || rc=$?
total=$(($(now) - t))
apt=$(sed -n 's/^deps: installed .* in \([0-9]*\) s.*/\1/p' "$root.demo.log")
echo "fresh-debian: make demo as root: exit status $rc, $total s in all (clone included)"
grep '^fresh-debian: make demo: real' "$root.demo.log" | sed 's/^fresh-debian: /fresh-debian:   /' || true
echo "fresh-debian:   apt (download and install): ${apt:-?} s; clone, build and run: $((total - ${apt:-0})) s"
echo "fresh-debian:   downloaded: $(du -cm "$root"/var/cache/apt/archives/*.deb | tail -1 | cut -f1) MiB in $(find "$root"/var/cache/apt/archives -maxdepth 1 -name "*.deb" | wc -l) packages"
grep -E '^(== |extmem demo: |     LED toggles)' "$root.demo.log" | sed 's/^/    /' || true
echo "fresh-debian: the whole output: $root.demo.log"
[ "$rc" = 0 ] || exit 1

if [ "$run_test" = 1 ]; then
	t=$(now)
	in_root sh -c 'cd /root/extmem && make test JOBS=2' >"$root.test.log" 2>&1 && trc=0 || trc=$?
	echo "fresh-debian: make test: exit status $trc, $(($(now) - t)) s; output: $root.test.log"
	grep -E 'tests passed|tests failed|^[[:space:]]*[0-9]+ - ' "$root.test.log" | sed 's/^/    /' || true
fi

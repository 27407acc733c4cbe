# SPDX-License-Identifier: MIT
# The two commands: `make demo` and `make test`. Both install what is missing
# (Debian packages, when run as root), configure and build: the demo only
# what it runs, the test everything.

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
HOST := build/host
ASAN := build/asan
# What `extmem demo` runs: the tool, the DK's Boots (XIP, LRUN), their images and the .stldr.
DEMO_TARGETS := extmem_tool stm32h7s78dk_boot stm32h7s78dk_boot_lrun stm32h7s78dk_images loader_stm32h7s78dk_stldr

.PHONY: all deps demo-deps configure build test demo bench clean help

all: build

help:
	@echo "make demo   build what the demonstration needs and run it (end to end, XIP and LRUN)"
	@echo "make test   build everything and run the whole suite (plain and ASan+UBSan)"
	@echo "make bench  run the benchmarks (tables of device time and host speed)"
	@echo "make clean  remove build/"

deps:
	@sh scripts/deps.sh test

demo-deps:
	@sh scripts/deps.sh demo

configure:
	cmake -S . -B $(HOST) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps configure
	cmake --build $(HOST) -j $(JOBS)
	@mkdir -p build/loaders && cp $(HOST)/loaders/extmem-* build/loaders/ 2>/dev/null || true

test: build
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DEXTMEM_SANITIZE=ON -DEXTMEM_CHECKS=OFF
	cmake --build $(ASAN) -j $(JOBS)
	@echo "== tests (plain build, with format/lint/cross-build checks) =="
	cd $(HOST) && ctest --output-on-failure -j $(JOBS)
	@echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
	cd $(ASAN) && ctest --output-on-failure -j $(JOBS)

demo: demo-deps
	cmake -S . -B $(HOST) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(HOST) -j $(JOBS) --target $(DEMO_TARGETS)
	@mkdir -p build/loaders && cp $(HOST)/loaders/extmem-* build/loaders/ 2>/dev/null || true
	./$(HOST)/extmem demo --flash $(HOST)/demo.flash

# The list comes from the build (bench/CMakeLists.txt): executables only, never the benchmarks' firmware.
bench: build
	@sh bench/run.sh $(HOST)/bench/benchmarks.txt

clean:
	rm -rf build

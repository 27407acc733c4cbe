/* SPDX-License-Identifier: MIT */
/*
 * The XSPI port refuses, with EXTMEM_ERR_INVALID and before any register is
 * written, a descriptor the controller cannot carry (RM0477: CCR modes for
 * 1, 2, 4, 8 or 16 lines, 1..4 address bytes), on every entry point that
 * programs CCR: execute, auto_poll and the mapped templates. XSPI2 is wired
 * to a RAM device (1S-1S-1S, 03h/02h/9Fh).
 */
#include <stddef.h>

#include "extmem_stm32h7rs.h"
#include "test_ops.h"

#ifndef EXTMEM_STM32_XSPI_APMEM16
#define EXTMEM_STM32_XSPI_APMEM16 1
#endif

int32_t fw_port_init(void);
int32_t fw_execute_lines(uint32_t data_lines);
int32_t fw_auto_poll_lines(uint32_t data_lines);
int32_t fw_map_addr_lines(uint32_t addr_lines);
int32_t fw_map_addr_bytes(uint32_t addr_bytes);
int32_t fw_map_x16(uint32_t full_table);
int32_t fw_nor_table_matches(void);
int main(void);

static struct extmem_stm32_xspi xspi;
static uint8_t buf[4];

int32_t fw_port_init(void)
{
	struct extmem_stm32_clocks clk;
	int err = extmem_stm32_clock_init(&clk);
	if (err == EXTMEM_OK)
		err = extmem_stm32_xspi_init(&xspi, EXTMEM_STM32_XSPI2, clk.xspi_kernel_hz, clk.cpu_hz, 20);
	return err;
}

/* 9Fh read of 3 bytes with its data phase on data_lines */
int32_t fw_execute_lines(uint32_t data_lines)
{
	struct extmem_xspi_op op = test_op_read_1s(0x9F, 0, buf, 3);
	op.addr.nbytes = 0;
	op.addr.bus.lines = 0;
	op.data.bus.lines = (uint8_t)data_lines;
	return extmem_stm32_xspi_ops.execute(&xspi, &op);
}

int32_t fw_auto_poll_lines(uint32_t data_lines)
{
	struct extmem_xspi_op op = test_op_read_1s(0x9F, 0, buf, 1);
	op.addr.nbytes = 0;
	op.addr.bus.lines = 0;
	op.data.bus.lines = (uint8_t)data_lines;
	struct extmem_xspi_poll poll = {.mask = 0xFF, .match = 0xC2, .timeout_us = 1000};
	uint32_t last = 0;
	return extmem_stm32_xspi_ops.auto_poll(&xspi, &op, &poll, &last);
}

static int32_t map_with(struct extmem_xspi_op *rd)
{
	int err = extmem_stm32_xspi_ops.map_enable(&xspi, rd, NULL);
	if (err == EXTMEM_OK)
		(void)extmem_stm32_xspi_ops.map_disable(&xspi);
	return err;
}

int32_t fw_map_addr_lines(uint32_t addr_lines)
{
	struct extmem_xspi_op rd = test_op_read_1s(0x03, 0, buf, 1);
	rd.addr.bus.lines = (uint8_t)addr_lines;
	return map_with(&rd);
}

int32_t fw_map_addr_bytes(uint32_t addr_bytes)
{
	struct extmem_xspi_op rd = test_op_read_1s(0x03, 0, buf, 1);
	rd.addr.nbytes = (uint8_t)addr_bytes;
	return map_with(&rd);
}

/* A template asking for the AP Memory x16 map, through the full table (1) or the NOR-only one (0). */
int32_t fw_map_x16(uint32_t full_table)
{
	const struct extmem_xspi_ops *ops = full_table ? &extmem_stm32_xspi_ops : &extmem_stm32_xspi_nor_ops;
	struct extmem_xspi_op rd = test_op_read_1s(0x03, 0, buf, 1);
	rd.addr_map = EXTMEM_XSPI_ADDR_APMEM_X16;
	int err = ops->map_enable(&xspi, &rd, NULL);
	if (err == EXTMEM_OK) {
		(void)ops->map_disable(&xspi);
#if EXTMEM_STM32_XSPI_APMEM16
		if (extmem_stm32_xspi_set_apmem16(&xspi, false) != EXTMEM_OK)
			return -100;
#else
		return -101; /* without the x16 memory type no table maps it */
#endif
	}
	return err;
}

/* 1: the NOR-only table is the full one without set_cs_limits (map_enable aside, tested above). */
int32_t fw_nor_table_matches(void)
{
	const struct extmem_xspi_ops *f = &extmem_stm32_xspi_ops, *n = &extmem_stm32_xspi_nor_ops;
	return n->execute == f->execute && n->auto_poll == f->auto_poll && n->set_clock == f->set_clock &&
	       n->map_disable == f->map_disable && n->time_us == f->time_us && n->map_enable != NULL &&
	       n->set_cs_limits == NULL && f->set_cs_limits != NULL;
}

int main(void)
{
	return 0;
}

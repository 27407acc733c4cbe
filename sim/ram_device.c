/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "extmem_sim/ram_device.h"

static bool single_line(const struct extmem_xspi_op *op)
{
	return op->cmd.bus.lines == 1 && !op->cmd.bus.dtr && (op->addr.bus.lines | op->data.bus.lines) <= 1 &&
	       !op->addr.bus.dtr && !op->data.bus.dtr && op->cmd.nbytes == 1;
}

static int ram_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	struct extmem_sim_ram_device *ram = (struct extmem_sim_ram_device *)dev;
	(void)bus_hz;
	if (!single_line(op)) {
		extmem_sim_violation(dev, "ram: opcode %02Xh not in 1S-1S-1S", op->cmd.opcode);
		return EXTMEM_OK;
	}
	uint64_t addr = op->addr.value;
	uint64_t len = op->data.len;
	switch (op->cmd.opcode) {
	case 0x9F:
		if (op->data.dir == EXTMEM_XSPI_DATA_IN) {
			static const uint8_t id[3] = {0xEE, 0x00, 0x10};
			memcpy(op->data.buf.in, id, len < 3 ? len : 3);
		}
		return EXTMEM_OK;
	case 0x03:
	case 0x02:
		if (op->addr.nbytes < 3 || addr + len > ram->size) {
			extmem_sim_violation(dev, "ram: %02Xh at 0x%llx+%llu outside the array", op->cmd.opcode,
					     (unsigned long long)addr, (unsigned long long)len);
			return EXTMEM_OK;
		}
		if (op->cmd.opcode == 0x03 && op->data.dir == EXTMEM_XSPI_DATA_IN) {
			memcpy(op->data.buf.in, ram->array + addr, len);
		} else if (op->cmd.opcode == 0x02 && op->data.dir == EXTMEM_XSPI_DATA_OUT) {
			memcpy(ram->array + addr, op->data.buf.out, len);
			if (ram->writes < EXTMEM_SIM_RAM_LOG)
				ram->log[ram->writes] = (struct extmem_sim_ram_write){(uint32_t)addr, (uint32_t)len};
			ram->writes++;
		} else {
			extmem_sim_violation(dev, "ram: %02Xh with the wrong data direction", op->cmd.opcode);
		}
		return EXTMEM_OK;
	default: extmem_sim_violation(dev, "ram: unknown opcode %02Xh", op->cmd.opcode); return EXTMEM_OK;
	}
}

static const struct extmem_sim_device_ops ram_ops = {.transfer = ram_transfer};

void extmem_sim_ram_device_init(struct extmem_sim_ram_device *ram, struct extmem_sim_clock *clock, uint8_t *array,
				size_t size)
{
	memset(ram, 0, sizeof(*ram));
	ram->base.ops = &ram_ops;
	ram->base.clock = clock;
	ram->base.name = "ram";
	ram->array = array;
	ram->size = size;
}

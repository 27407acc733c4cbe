/* SPDX-License-Identifier: MIT */
/*
 * The host SD port: runs SD commands on the card model (sim/sdcard.c). The
 * SD clock is the kernel clock divided by an integer (1..1024); time_us is
 * the simulator's virtual clock.
 */
#ifndef EXTMEM_HOST_SD_H
#define EXTMEM_HOST_SD_H

#include "extmem/extmem_sd.h"
#include "extmem_sim/sdcard.h"

struct extmem_host_sd {
	struct extmem_sim_sd *card;
	uint32_t kernel_hz;
	uint32_t bus_hz;
	uint8_t width;
	uint32_t commands; /* commands put on the CMD line */
};

extern const struct extmem_sd_ops extmem_host_sd_ops;

/* Binds the port to a card; 1 data line, the slowest clock <= 400 kHz. */
void extmem_host_sd_init(struct extmem_host_sd *port, struct extmem_sim_sd *card, uint32_t kernel_hz);

#endif

/* SPDX-License-Identifier: MIT */
/* The list of the project's SFDP images (see extmem_sim/sfdp_images.h). */
#include <string.h>

#include "extmem_sim/sfdp_images.h"

extern const uint8_t extmem_sim_sfdp_mx66uw1g45g[];
extern const size_t extmem_sim_sfdp_mx66uw1g45g_len;
extern const uint8_t extmem_sim_sfdp_mx25uw25645g[];
extern const size_t extmem_sim_sfdp_mx25uw25645g_len;
extern const uint8_t extmem_sim_sfdp_mx25lm51245g[];
extern const size_t extmem_sim_sfdp_mx25lm51245g_len;
extern const uint8_t extmem_sim_sfdp_mt25ql256aba[];
extern const size_t extmem_sim_sfdp_mt25ql256aba_len;
extern const uint8_t extmem_sim_sfdp_w25q128jv[];
extern const size_t extmem_sim_sfdp_w25q128jv_len;
extern const uint8_t extmem_sim_sfdp_is25wp256d[];
extern const size_t extmem_sim_sfdp_is25wp256d_len;
extern const uint8_t extmem_sim_sfdp_is25wp256d_f[];
extern const size_t extmem_sim_sfdp_is25wp256d_f_len;
extern const uint8_t extmem_sim_sfdp_sst26vf064b[];
extern const size_t extmem_sim_sfdp_sst26vf064b_len;
extern const uint8_t extmem_sim_sfdp_mt35xu02g[];
extern const size_t extmem_sim_sfdp_mt35xu02g_len;
extern const uint8_t extmem_sim_sfdp_s25fl128s[];
extern const size_t extmem_sim_sfdp_s25fl128s_len;
extern const uint8_t extmem_sim_sfdp_s25fl128s_64k[];
extern const size_t extmem_sim_sfdp_s25fl128s_64k_len;
extern const uint8_t extmem_sim_sfdp_mx25l25635f[];
extern const size_t extmem_sim_sfdp_mx25l25635f_len;
extern const uint8_t extmem_sim_sfdp_s28hs512t[];
extern const size_t extmem_sim_sfdp_s28hs512t_len;

static struct extmem_sim_sfdp_image images[16];
static size_t image_count;

/* The arrays live in other translation units, so sizes are read at run time. */
static void images_init(void)
{
	if (image_count)
		return;
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"MX66UW1G45G", 0xc2813b, extmem_sim_sfdp_mx66uw1g45g, extmem_sim_sfdp_mx66uw1g45g_len,
		"MX66UW1G45G datasheet (organisation, OPI commands, CR2/RDSCUR bits, dummy-cycle table); timings "
		"cross-checked with the sibling MX66UW1G345G"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"MX25UW25645G", 0xc28139, extmem_sim_sfdp_mx25uw25645g, extmem_sim_sfdp_mx25uw25645g_len,
		"MX25UW25645G/MX66UW1G45G family datasheet facts; chip erase time approximate"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"MX25LM51245G", 0xc2853a, extmem_sim_sfdp_mx25lm51245g, extmem_sim_sfdp_mx25lm51245g_len,
		"MX25LM51245G datasheet facts (3 V OctaFlash, 133 MHz); chip erase time approximate"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"MT25QL256ABA", 0x20ba19, extmem_sim_sfdp_mt25ql256aba, extmem_sim_sfdp_mt25ql256aba_len,
		"Micron MT25Q 256 Mbit datasheet (erase sizes, default dummy cycles, FSR, 75h/7Ah, times)"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"W25Q128JV", 0xef4018, extmem_sim_sfdp_w25q128jv, extmem_sim_sfdp_w25q128jv_len,
		"Winbond W25Q128JV datasheet (instructions, QE in SR2, times)"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"IS25WP256D", 0x9d7019, extmem_sim_sfdp_is25wp256d, extmem_sim_sfdp_is25wp256d_len,
		"ISSI IS25WP256D datasheet (instructions, QE = SR bit 6, QPI 35h/F5h, times)"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"IS25WP256D-JESD216F", 0x9d7019, extmem_sim_sfdp_is25wp256d_f, extmem_sim_sfdp_is25wp256d_f_len,
		"IS25WP256D facts in a 23-DWORD JESD216F BFPT built by the project (DTR reads 0Dh/BDh/EDh)"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"SST26VF064B", 0xbf2643, extmem_sim_sfdp_sst26vf064b, extmem_sim_sfdp_sst26vf064b_len,
		"Microchip SST26VF064B datasheet (non-uniform block map, D8h for all block sizes, times)"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"MX25L25635F", 0xc22019, extmem_sim_sfdp_mx25l25635f, extmem_sim_sfdp_mx25l25635f_len,
		"Macronix MX25L25635F datasheet; JESD216 v1.0 layout (9-DWORD BFPT)"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"MT35XU02G", 0x2c5b1c, extmem_sim_sfdp_mt35xu02g, extmem_sim_sfdp_mt35xu02g_len,
		"Micron MT35XU02G: its SFDP 1.6 tables as QEMU's model of the part carries them; organisation from "
		"the datasheet"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"S25FL128S", 0x012018, extmem_sim_sfdp_s25fl128s, extmem_sim_sfdp_s25fl128s_len,
		"Spansion S25FL-S datasheet (uniform 256 KiB sectors, latency code 00b read timings); JESD216 v1.0 "
		"9-DWORD layout"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"S25FL128S-64K", 0x012018, extmem_sim_sfdp_s25fl128s_64k, extmem_sim_sfdp_s25fl128s_64k_len,
		"Spansion S25FL-S datasheet (64 KiB sectors, 32 x 4 KiB parameter sectors placed by CR1 TBPARM); the "
		"sector map table is the project's (the real part's SFDP 1.0 has none)"};
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"S28HS512T", 0x345b1a, extmem_sim_sfdp_s28hs512t, extmem_sim_sfdp_s28hs512t_len,
		"Infineon S28HS512T facts (Cypress SMIF S28H command set, CFR2/CFR5 bits, latency tables) in the "
		"project's own JESD216D encoding: the datasheet's SFDP listing was out of reach"};
}

const struct extmem_sim_sfdp_image *extmem_sim_sfdp_images(size_t *count)
{
	images_init();
	if (count)
		*count = image_count;
	return images;
}

const struct extmem_sim_sfdp_image *extmem_sim_sfdp_image_find(const char *part)
{
	images_init();
	if (!part)
		return NULL;
	for (size_t i = 0; i < image_count; i++)
		if (strcmp(images[i].part, part) == 0)
			return &images[i];
	return NULL;
}

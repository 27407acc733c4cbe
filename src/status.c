/* SPDX-License-Identifier: MIT */
#include "extmem/extmem.h"

const char *extmem_status_name(int status)
{
	switch (status) {
	case EXTMEM_OK: return "EXTMEM_OK";
	case EXTMEM_ERR_BAD_ID: return "EXTMEM_ERR_BAD_ID";
	case EXTMEM_ERR_NOT_SUPPORTED: return "EXTMEM_ERR_NOT_SUPPORTED";
	case EXTMEM_ERR_OUT_OF_RANGE: return "EXTMEM_ERR_OUT_OF_RANGE";
	case EXTMEM_ERR_MISALIGNED: return "EXTMEM_ERR_MISALIGNED";
	case EXTMEM_ERR_DEVICE: return "EXTMEM_ERR_DEVICE";
	case EXTMEM_ERR_TIMEOUT: return "EXTMEM_ERR_TIMEOUT";
	case EXTMEM_ERR_MAPPED: return "EXTMEM_ERR_MAPPED";
	case EXTMEM_ERR_NO_DEVICE: return "EXTMEM_ERR_NO_DEVICE";
	case EXTMEM_ERR_PROTOCOL: return "EXTMEM_ERR_PROTOCOL";
	case EXTMEM_ERR_WRITE_PROTECTED: return "EXTMEM_ERR_WRITE_PROTECTED";
	case EXTMEM_ERR_INVALID: return "EXTMEM_ERR_INVALID";
	case EXTMEM_ERR_STATE: return "EXTMEM_ERR_STATE";
	case EXTMEM_ERR_FORMAT: return "EXTMEM_ERR_FORMAT";
	default: return "EXTMEM_ERR_UNKNOWN";
	}
}

const char *extmem_protocol_name(enum extmem_protocol proto)
{
	static const char *const names[EXTMEM_PROTO_COUNT] = {
		[EXTMEM_PROTO_NONE] = "none",         [EXTMEM_PROTO_1S_1S_1S] = "1S-1S-1S",
		[EXTMEM_PROTO_1S_1S_2S] = "1S-1S-2S", [EXTMEM_PROTO_1S_2S_2S] = "1S-2S-2S",
		[EXTMEM_PROTO_2S_2S_2S] = "2S-2S-2S", [EXTMEM_PROTO_1S_1S_4S] = "1S-1S-4S",
		[EXTMEM_PROTO_1S_4S_4S] = "1S-4S-4S", [EXTMEM_PROTO_4S_4S_4S] = "4S-4S-4S",
		[EXTMEM_PROTO_1S_1D_1D] = "1S-1D-1D", [EXTMEM_PROTO_1S_2D_2D] = "1S-2D-2D",
		[EXTMEM_PROTO_1S_4D_4D] = "1S-4D-4D", [EXTMEM_PROTO_4S_4D_4D] = "4S-4D-4D",
		[EXTMEM_PROTO_1S_1S_8S] = "1S-1S-8S", [EXTMEM_PROTO_1S_8S_8S] = "1S-8S-8S",
		[EXTMEM_PROTO_8S_8S_8S] = "8S-8S-8S", [EXTMEM_PROTO_1S_8D_8D] = "1S-8D-8D",
		[EXTMEM_PROTO_8D_8D_8D] = "8D-8D-8D",
	};
	if ((unsigned)proto >= EXTMEM_PROTO_COUNT)
		return "?";
	return names[proto];
}

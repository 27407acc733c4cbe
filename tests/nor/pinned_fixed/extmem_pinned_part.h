/* SPDX-License-Identifier: MIT */
/* The constant description test_nor_pinned_fixed builds the driver with (as the loaders name theirs). */
#include "pinned_mx66uw1g45g.h"

/* SPDX-License-Identifier: MIT */
/* The configurator tests' Appli source: named by the descriptions, never built (the tests only configure). */

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The one definition of the shared maps and configuration; every other object declares them extern. */
#define ASHIATO_DEFINE_SHARED
#include "shared.bpf.h"

const volatile struct ashiato_config cfg = {};

char LICENSE[] SEC("license") = "GPL";

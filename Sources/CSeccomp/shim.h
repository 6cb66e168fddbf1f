// The C API of libseccomp, reached only through its small typed Swift wrapper.
#pragma once
#include <seccomp.h>

// Function-like macros, which Swift does not import.
static inline uint32_t swctl_scmp_act_errno(uint16_t value) { return SCMP_ACT_ERRNO(value); }
static inline uint32_t swctl_scmp_act_trace(uint16_t value) { return SCMP_ACT_TRACE(value); }

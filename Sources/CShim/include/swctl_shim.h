// Shims for what Swift cannot call directly: syscalls without a glibc
// wrapper, macros, and variadic or enum-typed C functions. Each function says
// why it exists. Every name is prefixed swctl_.
#pragma once
#include <stdint.h>
#include <sys/types.h>

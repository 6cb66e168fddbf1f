// The C API of libcap, reached only through its small typed Swift wrapper.
#pragma once
#include <sys/capability.h>

// The C API of libseccomp, reached only through its small typed Swift wrapper.
#pragma once
#include <seccomp.h>

// The C API of libzstd, reached only through its small typed Swift wrapper
// (zstd layers of container images, `tar+zstd`).
#pragma once
#include <zstd.h>

// Extended attributes: overlayfs opaque directories and image-layer xattrs.
#pragma once
#include <sys/xattr.h>

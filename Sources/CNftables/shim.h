// The C API of libnftables (the library behind `nft`): swctl hands it one
// script per change, which it applies as a single atomic transaction.
// Not linked: Sources/Network/Nftables.swift loads libnftables.so.1 with
// dlopen when a container's rules change, so the CLI's other commands and
// the generator do not load it (and the five libraries it pulls in).
// Only the types and constants come from here.
#pragma once
#include <nftables/libnftables.h>

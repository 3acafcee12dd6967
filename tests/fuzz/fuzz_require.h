#pragma once
// REQUIRE for fuzz targets: a broken promise is a crash for libFuzzer, reported with the
// input; the message names the target's file, the condition and the line.
#include <cstdio>
#include <cstdlib>

#define REQUIRE(condition)                                                                      \
    do {                                                                                        \
        if (!(condition)) {                                                                     \
            std::fprintf(stderr, "%s: broken: %s (line %d)\n", __FILE__, #condition, __LINE__); \
            std::abort();                                                                       \
        }                                                                                       \
    } while (false)

#pragma once
// Include ldns through this header only. ldns/common.h defines `true` and `false` as the
// macros 1 and 0 in C++ unless __bool_true_false_are_defined is set; <stdbool.h> sets it. With
// the macros in place, `json = false` stores the number 0 and JSON readers reject the field.
// Include order alone cannot be trusted to keep this (formatters sort includes).
#include <stdbool.h>  // NOLINT(modernize-deprecated-headers)

#include <ldns/ldns.h>

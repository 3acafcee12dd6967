#pragma once
// OpenSSL reports failures on a thread-local error queue. The reader turns failures into
// its own messages, so it drops whatever it added to the queue on the way out and leaves
// the caller's entries alone.
#include <openssl/err.h>

namespace amtdiag::parsers::cert::detail {

class ErrorMark {
  public:
    ErrorMark() { ERR_set_mark(); }
    ErrorMark(const ErrorMark&) = delete;
    ErrorMark& operator=(const ErrorMark&) = delete;
    ~ErrorMark() { ERR_pop_to_mark(); }
};

}  // namespace amtdiag::parsers::cert::detail

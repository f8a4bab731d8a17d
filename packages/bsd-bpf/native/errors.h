// OS errors as JS errors shaped like Node's own (code, errno, syscall); bad arguments as TypeError.
#pragma once
#include <napi.h>

#include <string>

namespace bsdbpf {

// Names for the errnos /dev/bpf calls return (no portable strerrorname on the BSDs).
const char* ErrnoName(int err);

// An Error for errno `err`, with code/errno/syscall set; thrown or used to reject a promise.
Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const std::string& subject);

[[noreturn]] inline void ThrowErrno(Napi::Env env, int err, const char* syscall, const std::string& subject) {
  throw ErrnoError(env, err, syscall, subject);
}

[[noreturn]] inline void ThrowType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

}  // namespace bsdbpf

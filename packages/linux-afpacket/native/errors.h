// OS errors as JS errors shaped like Node's own (code, errno, syscall), bad arguments as TypeError.
#pragma once
#include <napi.h>

#include <string>

namespace afpacket {

// Throws (C++ exception, surfaced to JS by node-addon-api) an Error for errno `err`.
[[noreturn]] void ThrowErrno(Napi::Env env, int err, const char* syscall, const std::string& subject);

[[noreturn]] inline void ThrowType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

}  // namespace afpacket

#include "errors.h"

#include <cerrno>
#include <cstring>

namespace afpacket {
namespace {

// Names for the errnos these syscalls return; strerrorname_np is glibc >= 2.32 only.
const char* ErrnoName(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case ENODEV: return "ENODEV";
    case ENXIO: return "ENXIO";
    case ENETDOWN: return "ENETDOWN";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    case ENOBUFS: return "ENOBUFS";
    case ENOMEM: return "ENOMEM";
    case EMSGSIZE: return "EMSGSIZE";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case EFAULT: return "EFAULT";
    case ENOTSOCK: return "ENOTSOCK";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EIO: return "EIO";
    default: return "UNKNOWN";
  }
}

}  // namespace

void ThrowErrno(Napi::Env env, int err, const char* syscall, const std::string& subject) {
  std::string message = std::string(syscall) + (subject.empty() ? "" : " " + subject) + ": " + std::strerror(err);
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, ErrnoName(err)));
  // Negative, as in Node's own errors, so util.getSystemErrorName(err.errno) works.
  error.Set("errno", Napi::Number::New(env, -err));
  error.Set("syscall", Napi::String::New(env, syscall));
  throw error;
}

}  // namespace afpacket

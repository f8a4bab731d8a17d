#include "errors.h"

#include <cerrno>
#include <cstring>

namespace bsdbpf {

const char* ErrnoName(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case ENOENT: return "ENOENT";
    case EBUSY: return "EBUSY";
    case ENXIO: return "ENXIO";
    case ENODEV: return "ENODEV";
    case ENETDOWN: return "ENETDOWN";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENOBUFS: return "ENOBUFS";
    case ENOMEM: return "ENOMEM";
    case EMSGSIZE: return "EMSGSIZE";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case EFAULT: return "EFAULT";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ENOTTY: return "ENOTTY";
    default: return "UNKNOWN";
  }
}

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const std::string& subject) {
  std::string message = std::string(syscall) + (subject.empty() ? "" : " " + subject) + ": " + std::strerror(err);
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, ErrnoName(err)));
  // Negative, as in Node's own errors.
  error.Set("errno", Napi::Number::New(env, -err));
  error.Set("syscall", Napi::String::New(env, syscall));
  return error;
}

}  // namespace bsdbpf

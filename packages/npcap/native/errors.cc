#include "errors.h"

#include <cerrno>
#include <cstring>

namespace npcap {
namespace {

const char* ErrnoName(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case EINTR: return "EINTR";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENODEV: return "ENODEV";
    case ENXIO: return "ENXIO";
    case EIO: return "EIO";
    default: return "UNKNOWN";
  }
}

const char* StatusName(int status) {
  switch (status) {
    case PCAP_ERROR: return "PCAP_ERROR";
    case PCAP_ERROR_BREAK: return "PCAP_ERROR_BREAK";
    case PCAP_ERROR_NOT_ACTIVATED: return "PCAP_ERROR_NOT_ACTIVATED";
    case PCAP_ERROR_ACTIVATED: return "PCAP_ERROR_ACTIVATED";
    case PCAP_ERROR_NO_SUCH_DEVICE: return "PCAP_ERROR_NO_SUCH_DEVICE";
    case PCAP_ERROR_RFMON_NOTSUP: return "PCAP_ERROR_RFMON_NOTSUP";
    case PCAP_ERROR_NOT_RFMON: return "PCAP_ERROR_NOT_RFMON";
    case PCAP_ERROR_PERM_DENIED: return "PCAP_ERROR_PERM_DENIED";
    case PCAP_ERROR_IFACE_NOT_UP: return "PCAP_ERROR_IFACE_NOT_UP";
    case PCAP_ERROR_CANTSET_TSTAMP_TYPE: return "PCAP_ERROR_CANTSET_TSTAMP_TYPE";
    case PCAP_ERROR_PROMISC_PERM_DENIED: return "PCAP_ERROR_PROMISC_PERM_DENIED";
    case PCAP_ERROR_TSTAMP_PRECISION_NOTSUP: return "PCAP_ERROR_TSTAMP_PRECISION_NOTSUP";
    default: return "PCAP_ERROR";
  }
}

}  // namespace

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const std::string& subject) {
  std::string message = std::string(syscall) + (subject.empty() ? "" : " " + subject) + ": " + std::strerror(err);
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, ErrnoName(err)));
  error.Set("errno", Napi::Number::New(env, -err));
  error.Set("syscall", Napi::String::New(env, syscall));
  return error;
}

Napi::Error PcapError(Napi::Env env, int status, const char* fn, const std::string& detail) {
  std::string message = std::string(fn) + ": " + pcap_statustostr(status);
  if (!detail.empty()) message += " (" + detail + ")";
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, StatusName(status)));
  error.Set("pcapStatus", Napi::Number::New(env, status));
  error.Set("syscall", Napi::String::New(env, fn));
  error.Set("detail", Napi::String::New(env, detail));
  return error;
}

}  // namespace npcap

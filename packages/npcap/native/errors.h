// Errors shaped like Node's: OS errors carry code/errno/syscall; libpcap failures carry the
// PCAP_ERROR_* name as code, the status as pcapStatus, the pcap function as syscall.
#pragma once
#include <napi.h>
#include <pcap/pcap.h>

#include <string>

namespace npcap {

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const std::string& subject);
[[noreturn]] inline void ThrowErrno(Napi::Env env, int err, const char* syscall, const std::string& subject) {
  throw ErrnoError(env, err, syscall, subject);
}

// `status` is a pcap return code (PCAP_ERROR_*); `detail` usually pcap_geterr()/errbuf.
Napi::Error PcapError(Napi::Env env, int status, const char* fn, const std::string& detail);
[[noreturn]] inline void ThrowPcap(Napi::Env env, int status, const char* fn, const std::string& detail) {
  throw PcapError(env, status, fn, detail);
}

[[noreturn]] inline void ThrowType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

}  // namespace npcap

// AF_PACKET syscalls for JavaScript, nothing more: policy, errors with context and the API shape
// live in TypeScript.
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <napi.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "errors.h"
#include "poller.h"
#include "ring.h"

namespace afpacket {
namespace {

int FdArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsNumber()) ThrowType(info.Env(), "fd must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (v < 0 || v > 2147483647 || v != static_cast<int>(v)) ThrowType(info.Env(), "fd must be a non-negative integer");
  return static_cast<int>(v);
}

Napi::Uint8Array BytesArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    ThrowType(info.Env(), std::string(what) + " must be a Uint8Array or Buffer");
  }
  return info[i].As<Napi::Uint8Array>();
}

unsigned IndexOf(Napi::Env env, const std::string& name) {
  if (name.empty() || name.size() >= IFNAMSIZ) ThrowType(env, "interface name must be 1-15 characters");
  unsigned index = if_nametoindex(name.c_str());
  if (index == 0) ThrowErrno(env, errno, "if_nametoindex", name);
  return index;
}

// ifindex(name: string): number
Napi::Value IfIndex(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) ThrowType(info.Env(), "interface name must be a string");
  return Napi::Number::New(info.Env(), IndexOf(info.Env(), info[0].As<Napi::String>().Utf8Value()));
}

// open(device: string | number): number — a non-blocking AF_PACKET SOCK_RAW fd bound to the device.
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  unsigned index = 0;
  std::string subject;
  if (info.Length() >= 1 && info[0].IsString()) {
    subject = info[0].As<Napi::String>().Utf8Value();
    index = IndexOf(env, subject);
  } else if (info.Length() >= 1 && info[0].IsNumber()) {
    double v = info[0].As<Napi::Number>().DoubleValue();
    if (v < 1 || v > 2147483647 || v != static_cast<int>(v)) ThrowType(env, "interface index must be a positive integer");
    index = static_cast<unsigned>(v);
    subject = "ifindex " + std::to_string(index);
  } else {
    ThrowType(env, "device must be an interface name or index");
  }

  // Protocol 0 receives nothing until bind, so no frame from another interface slips in before it.
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) ThrowErrno(env, errno, "socket", "AF_PACKET");

  sockaddr_ll addr{};
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = static_cast<int>(index);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
    int err = errno;
    ::close(fd);
    ThrowErrno(env, err, "bind", subject);
  }
  return Napi::Number::New(env, fd);
}

// close(fd: number): void
Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  // Linux releases the fd even when close reports EINTR: never retry.
  if (::close(fd) < 0 && errno != EINTR) ThrowErrno(info.Env(), errno, "close", "");
  return info.Env().Undefined();
}

// recv(fd, buf: Uint8Array, meta?: Int32Array(3)): number
// Returns the frame's length on the wire (may exceed buf.length: the copy is truncated), or -1 when
// nothing is pending. meta receives [pkttype, ifindex, protocol].
Napi::Value Recv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  Napi::Uint8Array buf = BytesArg(info, 1, "buffer");
  int32_t* meta = nullptr;
  if (info.Length() > 2 && !info[2].IsUndefined()) {
    if (!info[2].IsTypedArray() || info[2].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
        info[2].As<Napi::Int32Array>().ElementLength() < 3) {
      ThrowType(env, "meta must be an Int32Array of length >= 3");
    }
    meta = info[2].As<Napi::Int32Array>().Data();
  }
  sockaddr_ll from{};
  socklen_t fromlen = sizeof from;
  ssize_t n;
  do {
    n = recvfrom(fd, buf.Data(), buf.ByteLength(), MSG_DONTWAIT | MSG_TRUNC, reinterpret_cast<sockaddr*>(&from),
                 &fromlen);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Napi::Number::New(env, -1);
    ThrowErrno(env, errno, "recvfrom", "");
  }
  if (meta != nullptr) {
    meta[0] = from.sll_pkttype;
    meta[1] = from.sll_ifindex;
    meta[2] = ntohs(from.sll_protocol);
  }
  return Napi::Number::New(env, static_cast<double>(n));
}

// send(fd, frame: Uint8Array): number — bytes sent; EAGAIN/ENOBUFS are thrown for the caller to retry.
Napi::Value Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  Napi::Uint8Array frame = BytesArg(info, 1, "frame");
  ssize_t n;
  do {
    n = ::send(fd, frame.Data(), frame.ByteLength(), MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) ThrowErrno(env, errno, "send", "");
  return Napi::Number::New(env, static_cast<double>(n));
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("ifindex", Napi::Function::New(env, IfIndex, "ifindex"));
  exports.Set("open", Napi::Function::New(env, Open, "open"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("recv", Napi::Function::New(env, Recv, "recv"));
  exports.Set("send", Napi::Function::New(env, Send, "send"));
  InitRing(env, exports);
  InitPoller(env, exports);
  return exports;
}

}  // namespace afpacket

// The macro pastes its argument into an identifier, so it needs an unqualified name.
using afpacket::Init;
NODE_API_MODULE(linux_afpacket, Init)

// /dev/bpf syscalls for JavaScript, nothing more: record parsing, option policy and typed errors
// live in TypeScript (src/). UNVERIFIED: written against FreeBSD's and macOS's <net/bpf.h> and
// bpf(4), never run by this project's CI (which runs on Linux); there it is only syntax-checked
// against test/fixtures/shim/net/bpf.h (PKTKIT_BPF_SHIM_CHECK). See README.
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__) || \
    defined(__DragonFly__) || defined(PKTKIT_BPF_SHIM_CHECK)

#include <fcntl.h>
#include <napi.h>
#include <net/bpf.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "errors.h"

namespace bsdbpf {
namespace {

int FdArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsNumber()) ThrowType(info.Env(), "fd must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (v < 0 || v > 2147483647 || v != static_cast<int>(v)) ThrowType(info.Env(), "fd must be a non-negative integer");
  return static_cast<int>(v);
}

unsigned UintArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber()) ThrowType(info.Env(), std::string(what) + " must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (v < 0 || v > 4294967295.0 || v != static_cast<double>(static_cast<uint32_t>(v))) {
    ThrowType(info.Env(), std::string(what) + " must be a 32-bit unsigned integer");
  }
  return static_cast<unsigned>(v);
}

bool BoolArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsBoolean()) ThrowType(info.Env(), std::string(what) + " must be a boolean");
  return info[i].As<Napi::Boolean>().Value();
}

Napi::Uint8Array BytesArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    ThrowType(info.Env(), std::string(what) + " must be a Uint8Array or Buffer");
  }
  return info[i].As<Napi::Uint8Array>();
}

// ioctl with an in/out argument, retried on EINTR; throws with the ioctl's name.
template <typename T>
void Ioctl(Napi::Env env, int fd, unsigned long request, T* arg, const char* name, const std::string& subject = "") {
  int r;
  do {
    r = ioctl(fd, request, arg);
  } while (r < 0 && errno == EINTR);
  if (r < 0) ThrowErrno(env, errno, name, subject);
}

// open(): number — a free bpf device: the cloning /dev/bpf first, then /dev/bpf0…/dev/bpf255.
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ::open("/dev/bpf", O_RDWR | O_CLOEXEC);
  if (fd >= 0) return Napi::Number::New(env, fd);
  int first = errno;
  if (first != ENOENT) ThrowErrno(env, first, "open", "/dev/bpf");
  int last = ENOENT;
  for (int i = 0; i < 256; i++) {
    std::string path = "/dev/bpf" + std::to_string(i);
    fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd >= 0) return Napi::Number::New(env, fd);
    last = errno;
    // EBUSY: in use by another process; keep looking. ENOENT: no more devices.
    if (last == ENOENT) break;
    if (last != EBUSY) ThrowErrno(env, last, "open", path);
  }
  ThrowErrno(env, last == ENOENT ? EBUSY : last, "open", "/dev/bpf* (all in use)");
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  if (::close(fd) < 0 && errno != EINTR) ThrowErrno(info.Env(), errno, "close", "");
  return info.Env().Undefined();
}

// setBufferLength(fd, bytes): number — BIOCSBLEN (before BIOCSETIF); returns what the kernel took.
Napi::Value SetBufferLength(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  u_int len = UintArg(info, 1, "length");
  Ioctl(info.Env(), fd, BIOCSBLEN, &len, "BIOCSBLEN");
  return Napi::Number::New(info.Env(), len);
}

Napi::Value GetBufferLength(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  u_int len = 0;
  Ioctl(info.Env(), fd, BIOCGBLEN, &len, "BIOCGBLEN");
  return Napi::Number::New(info.Env(), len);
}

// setInterface(fd, name) — BIOCSETIF.
Napi::Value SetInterface(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  if (info.Length() < 2 || !info[1].IsString()) ThrowType(env, "interface name must be a string");
  std::string name = info[1].As<Napi::String>().Utf8Value();
  if (name.empty() || name.size() >= IFNAMSIZ) ThrowType(env, "interface name must be 1-15 characters");
  struct ifreq ifr;
  std::memset(&ifr, 0, sizeof ifr);
  std::strncpy(ifr.ifr_name, name.c_str(), sizeof ifr.ifr_name - 1);
  Ioctl(env, fd, BIOCSETIF, &ifr, "BIOCSETIF", name);
  return env.Undefined();
}

Napi::Value IfIndex(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) ThrowType(env, "interface name must be a string");
  std::string name = info[0].As<Napi::String>().Utf8Value();
  unsigned index = if_nametoindex(name.c_str());
  if (index == 0) ThrowErrno(env, errno == 0 ? ENXIO : errno, "if_nametoindex", name);
  return Napi::Number::New(env, index);
}

// A u_int flag ioctl: setImmediate, setHeaderComplete, setSeeSent…
Napi::Value SetFlag(const Napi::CallbackInfo& info, unsigned long request, const char* name) {
  int fd = FdArg(info, 0);
  u_int on = BoolArg(info, 1, "value") ? 1 : 0;
  Ioctl(info.Env(), fd, request, &on, name);
  return info.Env().Undefined();
}

Napi::Value SetImmediate(const Napi::CallbackInfo& info) { return SetFlag(info, BIOCIMMEDIATE, "BIOCIMMEDIATE"); }
Napi::Value SetHeaderComplete(const Napi::CallbackInfo& info) {
  return SetFlag(info, BIOCSHDRCMPLT, "BIOCSHDRCMPLT");
}

// setReadTimeout(fd, ms) — BIOCSRTIMEOUT takes the native struct timeval (16 bytes on LP64, even on
// macOS where record headers use timeval32).
Napi::Value SetReadTimeout(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  unsigned ms = UintArg(info, 1, "timeout");
  struct timeval tv;
  tv.tv_sec = ms / 1000;
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
  Ioctl(info.Env(), fd, BIOCSRTIMEOUT, &tv, "BIOCSRTIMEOUT");
  return info.Env().Undefined();
}

Napi::Value SetPromiscuous(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  int r;
  do {
    r = ioctl(fd, BIOCPROMISC, nullptr);
  } while (r < 0 && errno == EINTR);
  if (r < 0) ThrowErrno(info.Env(), errno, "BIOCPROMISC", "");
  return info.Env().Undefined();
}

// setFilter(fd, insns: Uint8Array (8 bytes per struct bpf_insn), keepBuffer: boolean)
// keepBuffer → BIOCSETFNR (no flush of packets already captured) where the OS has it.
Napi::Value SetFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  Napi::Uint8Array bytes = BytesArg(info, 1, "program");
  bool keep = BoolArg(info, 2, "keepBuffer");
  if (bytes.ByteLength() % sizeof(struct bpf_insn) != 0 || bytes.ByteLength() == 0) {
    ThrowType(env, "program must be a non-empty multiple of 8 bytes (struct bpf_insn)");
  }
  // A copy with the right alignment for struct bpf_insn (the JS bytes may sit at any offset).
  std::vector<struct bpf_insn> insns(bytes.ByteLength() / sizeof(struct bpf_insn));
  std::memcpy(insns.data(), bytes.Data(), bytes.ByteLength());
  struct bpf_program prog;
  prog.bf_len = static_cast<u_int>(insns.size());
  prog.bf_insns = insns.data();
#ifdef BIOCSETFNR
  if (keep) {
    Ioctl(env, fd, BIOCSETFNR, &prog, "BIOCSETFNR");
    return env.Undefined();
  }
#else
  (void)keep;
#endif
  Ioctl(env, fd, BIOCSETF, &prog, "BIOCSETF");
  return env.Undefined();
}

// getStats(fd): [bs_recv, bs_drop] — cumulative u_int counters (they wrap at 2^32).
Napi::Value GetStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  struct bpf_stat st;
  std::memset(&st, 0, sizeof st);
  Ioctl(env, fd, BIOCGSTATS, &st, "BIOCGSTATS");
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, st.bs_recv));
  out.Set(1u, Napi::Number::New(env, st.bs_drop));
  return out;
}

Napi::Value GetDlt(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  u_int dlt = 0;
  Ioctl(info.Env(), fd, BIOCGDLT, &dlt, "BIOCGDLT");
  return Napi::Number::New(info.Env(), dlt);
}

Napi::Value SetDlt(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  u_int dlt = UintArg(info, 1, "dlt");
  Ioctl(info.Env(), fd, BIOCSDLT, &dlt, "BIOCSDLT");
  return info.Env().Undefined();
}

// setTimestampType(fd, BPF_T_*) — FreeBSD only (selects bpf_xhdr for NANOTIME/BINTIME).
Napi::Value SetTimestampType(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  u_int type = UintArg(info, 1, "timestamp type");
#ifdef BIOCSTSTAMP
  Ioctl(info.Env(), fd, BIOCSTSTAMP, &type, "BIOCSTSTAMP");
#else
  (void)fd;
  (void)type;
  ThrowErrno(info.Env(), EOPNOTSUPP, "BIOCSTSTAMP", "(not on this OS)");
#endif
  return info.Env().Undefined();
}

// setDirection(fd, 'in' | 'out' | 'both' as 0/1/2) — BIOCSDIRECTION where it exists, else
// BIOCSSEESENT (macOS: only "see sent or not").
Napi::Value SetDirection(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  u_int dir = UintArg(info, 1, "direction");
#if defined(BIOCSDIRECTION) && defined(BPF_D_IN)
  u_int value = dir == 0 ? BPF_D_IN : dir == 1 ? BPF_D_OUT : BPF_D_INOUT;
  Ioctl(info.Env(), fd, BIOCSDIRECTION, &value, "BIOCSDIRECTION");
#elif defined(BIOCSSEESENT)
  if (dir == 1) ThrowErrno(info.Env(), EOPNOTSUPP, "BIOCSSEESENT", "(outgoing-only capture)");
  u_int see = dir == 2 ? 1 : 0;
  Ioctl(info.Env(), fd, BIOCSSEESENT, &see, "BIOCSSEESENT");
#else
  (void)fd;
  (void)dir;
  ThrowErrno(info.Env(), EOPNOTSUPP, "BIOCSDIRECTION", "(not on this OS)");
#endif
  return info.Env().Undefined();
}

// write(fd, frame): number — one complete link-layer frame (BIOCSHDRCMPLT keeps its source MAC).
Napi::Value Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  Napi::Uint8Array frame = BytesArg(info, 1, "frame");
  ssize_t n;
  do {
    n = ::write(fd, frame.Data(), frame.ByteLength());
  } while (n < 0 && errno == EINTR);
  if (n < 0) ThrowErrno(env, errno, "write", "");
  return Napi::Number::New(env, static_cast<double>(n));
}

// read(fd, buffer): Promise<number> — one read() of exactly buffer.length bytes (bpf requires the
// BIOCGBLEN size) on a libuv pool thread: it blocks until the store buffer rotates, immediate mode
// delivers, or BIOCSRTIMEOUT expires (then it resolves 0).
class ReadWorker : public Napi::AsyncWorker {
 public:
  ReadWorker(Napi::Env env, int fd, Napi::Uint8Array buffer)
      : Napi::AsyncWorker(env, "bsd-bpf.read"),
        deferred_(Napi::Promise::Deferred::New(env)),
        fd_(fd),
        data_(buffer.Data()),
        length_(buffer.ByteLength()) {
    // Keep the JS buffer alive while the kernel writes into it.
    buffer_ = Napi::Persistent(buffer.As<Napi::Object>());
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    ssize_t n;
    do {
      n = ::read(fd_, data_, length_);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      err_ = errno;
      // Timeout on a non-blocking descriptor: nothing arrived.
      if (err_ == EAGAIN || err_ == EWOULDBLOCK) {
        err_ = 0;
        n = 0;
      }
    }
    result_ = n < 0 ? 0 : static_cast<size_t>(n);
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (err_ != 0) {
      deferred_.Reject(ErrnoError(env, err_, "read", "").Value());
    } else {
      deferred_.Resolve(Napi::Number::New(env, static_cast<double>(result_)));
    }
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference buffer_;
  int fd_;
  void* data_;
  size_t length_;
  size_t result_ = 0;
  int err_ = 0;
};

Napi::Value Read(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  Napi::Uint8Array buffer = BytesArg(info, 1, "buffer");
  auto* worker = new ReadWorker(info.Env(), fd, buffer);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("open", Napi::Function::New(env, Open, "open"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("ifindex", Napi::Function::New(env, IfIndex, "ifindex"));
  exports.Set("setBufferLength", Napi::Function::New(env, SetBufferLength, "setBufferLength"));
  exports.Set("getBufferLength", Napi::Function::New(env, GetBufferLength, "getBufferLength"));
  exports.Set("setInterface", Napi::Function::New(env, SetInterface, "setInterface"));
  exports.Set("setImmediate", Napi::Function::New(env, SetImmediate, "setImmediate"));
  exports.Set("setHeaderComplete", Napi::Function::New(env, SetHeaderComplete, "setHeaderComplete"));
  exports.Set("setReadTimeout", Napi::Function::New(env, SetReadTimeout, "setReadTimeout"));
  exports.Set("setPromiscuous", Napi::Function::New(env, SetPromiscuous, "setPromiscuous"));
  exports.Set("setFilter", Napi::Function::New(env, SetFilter, "setFilter"));
  exports.Set("getStats", Napi::Function::New(env, GetStats, "getStats"));
  exports.Set("getDlt", Napi::Function::New(env, GetDlt, "getDlt"));
  exports.Set("setDlt", Napi::Function::New(env, SetDlt, "setDlt"));
  exports.Set("setTimestampType", Napi::Function::New(env, SetTimestampType, "setTimestampType"));
  exports.Set("setDirection", Napi::Function::New(env, SetDirection, "setDirection"));
  exports.Set("write", Napi::Function::New(env, Write, "write"));
  exports.Set("read", Napi::Function::New(env, Read, "read"));
  return exports;
}

}  // namespace bsdbpf

using bsdbpf::Init;
NODE_API_MODULE(bsd_bpf, Init)

#else
#error "@pktkit/bsd-bpf's addon needs /dev/bpf (macOS or a BSD); on other systems the build is skipped"
#endif

// libpcap / Npcap calls for JavaScript, nothing more: option policy, the record walk and typed
// errors live in TypeScript (src/). Packets are never handed to JS one by one: dispatch() copies
// header + data of as many packets as fit into a JS-owned buffer, which JS then walks.
#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#else
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <napi.h>
#include <pcap/pcap.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "errors.h"
#include "npcap_loader.h"

namespace npcap {
namespace {

// Layout of one record in the dispatch buffer (read by src/batch.ts):
//   0 u32 caplen | 4 u32 wire length | 8 u32 seconds low | 12 i32 seconds high
//   16 u32 fraction (us or ns) | 20 u32 zero | 24 data… | next record at an 8-byte boundary
constexpr size_t kRecordHeader = 24;

inline size_t Align8(size_t x) { return (x + 7) & ~static_cast<size_t>(7); }

inline void PutU32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }  // little-endian hosts only

double NumberArg(const Napi::CallbackInfo& info, size_t i, const char* what, double min, double max) {
  if (info.Length() <= i || !info[i].IsNumber()) ThrowType(info.Env(), std::string(what) + " must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (v < min || v > max || v != static_cast<double>(static_cast<int64_t>(v))) {
    ThrowType(info.Env(), std::string(what) + " is out of range");
  }
  return v;
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

// A struct bpf_program over a copy of JS bytes (8 per struct bpf_insn, host order).
std::vector<struct bpf_insn> Instructions(Napi::Env env, Napi::Uint8Array bytes) {
  if (bytes.ByteLength() == 0 || bytes.ByteLength() % sizeof(struct bpf_insn) != 0) {
    ThrowType(env, "program must be a non-empty multiple of 8 bytes (struct bpf_insn)");
  }
  std::vector<struct bpf_insn> insns(bytes.ByteLength() / sizeof(struct bpf_insn));
  std::memcpy(insns.data(), bytes.Data(), bytes.ByteLength());
  return insns;
}

std::string AddressString(const struct sockaddr* sa) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (sa == nullptr) return "";
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const struct sockaddr_in*>(sa)->sin_addr, text, sizeof text);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const struct sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
  }
  return text;
}

// findAllDevs(): [{ name, description, flags, addresses: [{ family, address, netmask }] }]
Napi::Value FindAllDevs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  EnsureLoaded(env);
  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_if_t* devs = nullptr;
  if (pcap_findalldevs(&devs, errbuf) != 0) ThrowPcap(env, PCAP_ERROR, "pcap_findalldevs", errbuf);
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (pcap_if_t* d = devs; d != nullptr; d = d->next) {
    Napi::Object dev = Napi::Object::New(env);
    dev.Set("name", d->name);
    dev.Set("description", d->description ? Napi::Value(Napi::String::New(env, d->description)) : env.Null());
    dev.Set("flags", Napi::Number::New(env, d->flags));
    Napi::Array addrs = Napi::Array::New(env);
    uint32_t k = 0;
    for (pcap_addr_t* a = d->addresses; a != nullptr; a = a->next) {
      if (a->addr == nullptr || (a->addr->sa_family != AF_INET && a->addr->sa_family != AF_INET6)) continue;
      Napi::Object addr = Napi::Object::New(env);
      addr.Set("family", a->addr->sa_family == AF_INET ? "ipv4" : "ipv6");
      addr.Set("address", AddressString(a->addr));
      addr.Set("netmask", AddressString(a->netmask));
      addrs.Set(k++, addr);
    }
    dev.Set("addresses", addrs);
    out.Set(n++, dev);
  }
  pcap_freealldevs(devs);
  return out;
}

Napi::Value LibVersion(const Napi::CallbackInfo& info) {
  EnsureLoaded(info.Env());
  return Napi::String::New(info.Env(), pcap_lib_version());
}

Napi::Value IfIndex(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) ThrowType(info.Env(), "interface name must be a string");
#ifdef _WIN32
  return Napi::Number::New(info.Env(), 0);  // Npcap device names are not interface names
#else
  return Napi::Number::New(info.Env(), if_nametoindex(info[0].As<Napi::String>().Utf8Value().c_str()));
#endif
}

// compile(linkType, snaplen, expression, optimize, netmask): Uint8Array of struct bpf_insn —
// pcap_compile on a dead handle, so expressions compile without privileges or a device.
Napi::Value Compile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  EnsureLoaded(env);
  int linktype = static_cast<int>(NumberArg(info, 0, "linkType", 0, 65535));
  int snaplen = static_cast<int>(NumberArg(info, 1, "snaplen", 1, 262144));
  if (info.Length() < 3 || !info[2].IsString()) ThrowType(env, "expression must be a string");
  std::string expr = info[2].As<Napi::String>().Utf8Value();
  bool optimize = BoolArg(info, 3, "optimize");
  bpf_u_int32 netmask = static_cast<bpf_u_int32>(NumberArg(info, 4, "netmask", 0, 4294967295.0));
  pcap_t* dead = pcap_open_dead(linktype, snaplen);
  if (dead == nullptr) ThrowPcap(env, PCAP_ERROR, "pcap_open_dead", "");
  struct bpf_program prog;
  if (pcap_compile(dead, &prog, expr.c_str(), optimize ? 1 : 0, netmask) != 0) {
    std::string detail = pcap_geterr(dead);
    pcap_close(dead);
    ThrowPcap(env, PCAP_ERROR, "pcap_compile", detail);
  }
  size_t bytes = prog.bf_len * sizeof(struct bpf_insn);
  Napi::Uint8Array out = Napi::Uint8Array::New(env, bytes);
  std::memcpy(out.Data(), prog.bf_insns, bytes);
  pcap_freecode(&prog);
  pcap_close(dead);
  return out;
}

// Wakes a pending wait() (close) without touching the pcap handle from another thread.
class Waker {
 public:
  bool Open() {
#ifdef _WIN32
    event_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    return event_ != nullptr;
#else
    return pipe(fds_) == 0;
#endif
  }
  void Wake() {
#ifdef _WIN32
    if (event_) SetEvent(event_);
#else
    if (fds_[1] >= 0) {
      char b = 1;
      ssize_t r = write(fds_[1], &b, 1);
      (void)r;  // a full pipe is already a pending wake-up
    }
#endif
  }
  void Close() {
#ifdef _WIN32
    if (event_) CloseHandle(event_);
    event_ = nullptr;
#else
    for (int& fd : fds_) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
#endif
  }
#ifdef _WIN32
  HANDLE event() const { return event_; }
#else
  int readFd() const { return fds_[0]; }
#endif

 private:
#ifdef _WIN32
  HANDLE event_ = nullptr;
#else
  int fds_[2] = {-1, -1};
#endif
};

class Handle;

// wait(timeoutMs): Promise<boolean> — true when the capture is readable, false on timeout or
// wake-up. Runs on a libuv pool thread: poll() on the selectable fd (Windows: the pcap event).
class WaitWorker : public Napi::AsyncWorker {
 public:
#ifdef _WIN32
  WaitWorker(Napi::Env env, HANDLE ready, HANDLE wake, int timeoutMs)
      : Napi::AsyncWorker(env, "npcap.wait"), deferred_(Napi::Promise::Deferred::New(env)), ready_(ready),
        wake_(wake), timeout_(timeoutMs) {}
#else
  WaitWorker(Napi::Env env, int fd, int wakeFd, int timeoutMs)
      : Napi::AsyncWorker(env, "npcap.wait"), deferred_(Napi::Promise::Deferred::New(env)), fd_(fd),
        wakeFd_(wakeFd), timeout_(timeoutMs) {}
#endif
  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
#ifdef _WIN32
    HANDLE handles[2] = {ready_, wake_};
    DWORD r = WaitForMultipleObjects(2, handles, FALSE, static_cast<DWORD>(timeout_));
    if (r == WAIT_FAILED) err_ = static_cast<int>(GetLastError());
    readable_ = r == WAIT_OBJECT_0;
#else
    struct pollfd fds[2] = {{fd_, POLLIN, 0}, {wakeFd_, POLLIN, 0}};
    int r;
    do {
      r = poll(fds, 2, timeout_);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
      err_ = errno;
      return;
    }
    if (fds[1].revents & POLLIN) {
      char drain[64];
      ssize_t n = read(wakeFd_, drain, sizeof drain);
      (void)n;
    }
    // POLLERR/POLLHUP (interface gone) count as readable: the next dispatch reports the error.
    readable_ = (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
#endif
  }
  void OnOK() override {
    Napi::Env env = Env();
    if (err_ != 0) {
#ifdef _WIN32
      deferred_.Reject(Napi::Error::New(env, "WaitForMultipleObjects failed: " + std::to_string(err_)).Value());
#else
      deferred_.Reject(ErrnoError(env, err_, "poll", "").Value());
#endif
    } else {
      deferred_.Resolve(Napi::Boolean::New(env, readable_));
    }
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
#ifdef _WIN32
  HANDLE ready_;
  HANDLE wake_;
#else
  int fd_;
  int wakeFd_;
#endif
  int timeout_;
  int err_ = 0;
  bool readable_ = false;
};

struct DispatchContext {
  uint8_t* base;
  size_t capacity;
  size_t used;
  size_t overflow;  // packets that did not fit (cannot happen when cnt is bounded; counted anyway)
};

void OnPacket(u_char* user, const struct pcap_pkthdr* h, const u_char* bytes) {
  auto* ctx = reinterpret_cast<DispatchContext*>(user);
  size_t need = kRecordHeader + h->caplen;
  if (ctx->capacity - ctx->used < need) {
    ctx->overflow++;
    return;
  }
  uint8_t* p = ctx->base + ctx->used;
  int64_t sec = static_cast<int64_t>(h->ts.tv_sec);
  PutU32(p, h->caplen);
  PutU32(p + 4, h->len);
  PutU32(p + 8, static_cast<uint32_t>(static_cast<uint64_t>(sec) & 0xffffffffu));
  PutU32(p + 12, static_cast<uint32_t>(static_cast<uint64_t>(sec) >> 32));
  PutU32(p + 16, static_cast<uint32_t>(h->ts.tv_usec));
  PutU32(p + 20, 0);
  std::memcpy(p + kRecordHeader, bytes, h->caplen);
  ctx->used = Align8(ctx->used + need);
  if (ctx->used > ctx->capacity) ctx->used = ctx->capacity;
}

class Handle : public Napi::ObjectWrap<Handle> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "PcapHandle",
                       {
                           InstanceMethod<&Handle::SetSnaplen>("setSnaplen"),
                           InstanceMethod<&Handle::SetPromisc>("setPromisc"),
                           InstanceMethod<&Handle::SetImmediate>("setImmediate"),
                           InstanceMethod<&Handle::SetBufferSize>("setBufferSize"),
                           InstanceMethod<&Handle::SetTimeout>("setTimeout"),
                           InstanceMethod<&Handle::SetNanoPrecision>("setNanoPrecision"),
                           InstanceMethod<&Handle::Activate>("activate"),
                           InstanceMethod<&Handle::SetDirection>("setDirection"),
                           InstanceMethod<&Handle::Info>("info"),
                           InstanceMethod<&Handle::SetFilter>("setFilter"),
                           InstanceMethod<&Handle::Dispatch>("dispatch"),
                           InstanceMethod<&Handle::Stats>("stats"),
                           InstanceMethod<&Handle::Inject>("inject"),
                           InstanceMethod<&Handle::BreakLoop>("breakloop"),
                           InstanceMethod<&Handle::SelectableFd>("selectableFd"),
                           InstanceMethod<&Handle::Wait>("wait"),
                           InstanceMethod<&Handle::Wake>("wake"),
                           InstanceMethod<&Handle::Close>("close"),
                       });
  }

  // new PcapHandle(device) — pcap_create.
  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle>(info) {
    Napi::Env env = info.Env();
    EnsureLoaded(env);
    if (info.Length() < 1 || !info[0].IsString()) ThrowType(env, "device must be a string");
    device_ = info[0].As<Napi::String>().Utf8Value();
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    p_ = pcap_create(device_.c_str(), errbuf);
    if (p_ == nullptr) ThrowPcap(env, PCAP_ERROR, "pcap_create", errbuf);
    if (!waker_.Open()) {
      int err = errno;
      pcap_close(p_);
      p_ = nullptr;
      ThrowErrno(env, err, "pipe", "");
    }
  }

  ~Handle() override { Release(); }

 private:
  pcap_t* Live(Napi::Env env) {
    if (p_ == nullptr) ThrowType(env, "pcap handle is closed");
    return p_;
  }

  // Setters before activation: a non-zero status becomes an error naming the function.
  Napi::Value Check(Napi::Env env, int status, const char* fn) {
    if (status != 0) ThrowPcap(env, status, fn, status == PCAP_ERROR ? pcap_geterr(p_) : "");
    return env.Undefined();
  }

  Napi::Value SetSnaplen(const Napi::CallbackInfo& info) {
    int v = static_cast<int>(NumberArg(info, 0, "snaplen", 1, 262144));
    return Check(info.Env(), pcap_set_snaplen(Live(info.Env()), v), "pcap_set_snaplen");
  }
  Napi::Value SetPromisc(const Napi::CallbackInfo& info) {
    bool on = BoolArg(info, 0, "promiscuous");
    return Check(info.Env(), pcap_set_promisc(Live(info.Env()), on ? 1 : 0), "pcap_set_promisc");
  }
  Napi::Value SetImmediate(const Napi::CallbackInfo& info) {
    bool on = BoolArg(info, 0, "immediate");
    return Check(info.Env(), pcap_set_immediate_mode(Live(info.Env()), on ? 1 : 0), "pcap_set_immediate_mode");
  }
  Napi::Value SetBufferSize(const Napi::CallbackInfo& info) {
    int v = static_cast<int>(NumberArg(info, 0, "bufferSize", 1, 2147483647.0));
    return Check(info.Env(), pcap_set_buffer_size(Live(info.Env()), v), "pcap_set_buffer_size");
  }
  Napi::Value SetTimeout(const Napi::CallbackInfo& info) {
    int v = static_cast<int>(NumberArg(info, 0, "timeout", 0, 2147483647.0));
    return Check(info.Env(), pcap_set_timeout(Live(info.Env()), v), "pcap_set_timeout");
  }
  // true when nanosecond timestamps were granted (PCAP_ERROR_TSTAMP_PRECISION_NOTSUP → false).
  Napi::Value SetNanoPrecision(const Napi::CallbackInfo& info) {
    int r = pcap_set_tstamp_precision(Live(info.Env()), PCAP_TSTAMP_PRECISION_NANO);
    if (r == PCAP_ERROR_TSTAMP_PRECISION_NOTSUP) return Napi::Boolean::New(info.Env(), false);
    Check(info.Env(), r, "pcap_set_tstamp_precision");
    return Napi::Boolean::New(info.Env(), true);
  }

  // activate(): number — 0, or a PCAP_WARNING_* code; errors throw. Then non-blocking mode.
  Napi::Value Activate(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    pcap_t* p = Live(env);
    int r = pcap_activate(p);
    if (r < 0) {
      ThrowPcap(env, r, "pcap_activate", r == PCAP_ERROR || r == PCAP_ERROR_PERM_DENIED ||
                                                 r == PCAP_ERROR_NO_SUCH_DEVICE || r == PCAP_ERROR_PROMISC_PERM_DENIED
                                             ? pcap_geterr(p)
                                             : "");
    }
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    if (pcap_setnonblock(p, 1, errbuf) != 0) ThrowPcap(env, PCAP_ERROR, "pcap_setnonblock", errbuf);
    return Napi::Number::New(env, r);
  }

  // setDirection(0 in | 1 out | 2 both) — pcap_setdirection.
  Napi::Value SetDirection(const Napi::CallbackInfo& info) {
    int d = static_cast<int>(NumberArg(info, 0, "direction", 0, 2));
    pcap_direction_t dir = d == 0 ? PCAP_D_IN : d == 1 ? PCAP_D_OUT : PCAP_D_INOUT;
    pcap_t* p = Live(info.Env());
    if (pcap_setdirection(p, dir) != 0) ThrowPcap(info.Env(), PCAP_ERROR, "pcap_setdirection", pcap_geterr(p));
    return info.Env().Undefined();
  }

  // info(): { linkType, snaplen, nano } after activation.
  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    pcap_t* p = Live(env);
    Napi::Object out = Napi::Object::New(env);
    out.Set("linkType", pcap_datalink(p));
    out.Set("snaplen", pcap_snapshot(p));
    out.Set("nano", pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO);
    return out;
  }

  // setFilter(insns: Uint8Array) — pcap_setfilter with a struct bpf_program built from the bytes.
  Napi::Value SetFilter(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    pcap_t* p = Live(env);
    std::vector<struct bpf_insn> insns = Instructions(env, BytesArg(info, 0, "program"));
    struct bpf_program prog;
    prog.bf_len = static_cast<u_int>(insns.size());
    prog.bf_insns = insns.data();
    if (pcap_setfilter(p, &prog) != 0) ThrowPcap(env, PCAP_ERROR, "pcap_setfilter", pcap_geterr(p));
    return env.Undefined();
  }

  // dispatch(buffer): number — bytes of records written. Calls pcap_dispatch (non-blocking) with a
  // packet count that is sure to fit, until the buffer cannot take a full-snaplen packet or the
  // kernel has nothing more.
  Napi::Value Dispatch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    pcap_t* p = Live(env);
    Napi::Uint8Array buffer = BytesArg(info, 0, "buffer");
    DispatchContext ctx{buffer.Data(), buffer.ByteLength(), 0, 0};
    size_t maxRecord = Align8(kRecordHeader + static_cast<size_t>(pcap_snapshot(p)));
    while (ctx.capacity - ctx.used >= maxRecord) {
      int cnt = static_cast<int>((ctx.capacity - ctx.used) / maxRecord);
      int r = pcap_dispatch(p, cnt, OnPacket, reinterpret_cast<u_char*>(&ctx));
      if (r == PCAP_ERROR) {
        if (ctx.used > 0) {
          pendingError_ = pcap_geterr(p);  // deliver what arrived, report on the next call
          break;
        }
        ThrowPcap(env, PCAP_ERROR, "pcap_dispatch", pcap_geterr(p));
      }
      if (r < cnt) break;  // drained (0), broken off (PCAP_ERROR_BREAK), or fewer than asked
    }
    overflow_ += ctx.overflow;
    if (ctx.used == 0 && !pendingError_.empty()) {
      std::string detail = pendingError_;
      pendingError_.clear();
      ThrowPcap(env, PCAP_ERROR, "pcap_dispatch", detail);
    }
    return Napi::Number::New(env, static_cast<double>(ctx.used));
  }

  // stats(): [ps_recv, ps_drop, ps_ifdrop, overflow]
  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    pcap_t* p = Live(env);
    struct pcap_stat st;
    std::memset(&st, 0, sizeof st);
    if (pcap_stats(p, &st) != 0) ThrowPcap(env, PCAP_ERROR, "pcap_stats", pcap_geterr(p));
    Napi::Array out = Napi::Array::New(env, 4);
    out.Set(0u, Napi::Number::New(env, st.ps_recv));
    out.Set(1u, Napi::Number::New(env, st.ps_drop));
    out.Set(2u, Napi::Number::New(env, st.ps_ifdrop));
    out.Set(3u, Napi::Number::New(env, static_cast<double>(overflow_)));
    return out;
  }

  Napi::Value Inject(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    pcap_t* p = Live(env);
    Napi::Uint8Array frame = BytesArg(info, 0, "frame");
    int n = pcap_inject(p, frame.Data(), frame.ByteLength());
    if (n < 0) ThrowPcap(env, PCAP_ERROR, "pcap_inject", pcap_geterr(p));
    return Napi::Number::New(env, n);
  }

  Napi::Value BreakLoop(const Napi::CallbackInfo& info) {
    pcap_breakloop(Live(info.Env()));
    return info.Env().Undefined();
  }

  Napi::Value SelectableFd(const Napi::CallbackInfo& info) {
#ifdef _WIN32
    return Napi::Number::New(info.Env(), -1);  // Windows: readiness is the pcap event, not an fd
#else
    return Napi::Number::New(info.Env(), pcap_get_selectable_fd(Live(info.Env())));
#endif
  }

  Napi::Value Wait(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    pcap_t* p = Live(env);
    int timeout = static_cast<int>(NumberArg(info, 0, "timeout", 0, 2147483647.0));
#ifdef _WIN32
    auto* worker = new WaitWorker(env, pcap_getevent(p), waker_.event(), timeout);
#else
    int fd = pcap_get_selectable_fd(p);
    if (fd < 0) ThrowPcap(env, PCAP_ERROR, "pcap_get_selectable_fd", "no selectable descriptor on this platform");
    auto* worker = new WaitWorker(env, fd, waker_.readFd(), timeout);
#endif
    Napi::Promise promise = worker->Promise();
    worker->Queue();
    return promise;
  }

  Napi::Value Wake(const Napi::CallbackInfo& info) {
    waker_.Wake();
    return info.Env().Undefined();
  }

  // close() — the caller must not have a wait() pending (JS wakes and awaits it first).
  Napi::Value Close(const Napi::CallbackInfo& info) {
    Release();
    return info.Env().Undefined();
  }

  void Release() {
    if (p_ != nullptr) pcap_close(p_);
    p_ = nullptr;
    waker_.Close();
  }

  pcap_t* p_ = nullptr;
  std::string device_;
  Waker waker_;
  std::string pendingError_;
  uint64_t overflow_ = 0;
};

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("findAllDevs", Napi::Function::New(env, FindAllDevs, "findAllDevs"));
  exports.Set("libVersion", Napi::Function::New(env, LibVersion, "libVersion"));
  exports.Set("ifindex", Napi::Function::New(env, IfIndex, "ifindex"));
  exports.Set("compile", Napi::Function::New(env, Compile, "compile"));
  exports.Set("PcapHandle", Handle::Define(env));
  return exports;
}

}  // namespace npcap

using npcap::Init;
NODE_API_MODULE(npcap, Init)

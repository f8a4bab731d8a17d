// TPACKET_V3 receive ring: the kernel writes blocks of frames into memory mapped into this
// process and exposed to JavaScript as an ArrayBuffer; JS reads the blocks and hands each back by
// setting its block_status to TP_STATUS_KERNEL. No per-frame call into C++.
#include "ring.h"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "errors.h"

namespace afpacket {
namespace {

// Rings this addon opened, by mapping address: ringClose never unmaps memory it was not given by
// ringOpen, and a ring still open when its environment goes away (a terminated worker thread, the
// process exiting) is closed by a cleanup hook instead of leaking its fd and mapping.
struct Ring {
  napi_env env;
  int fd;
  void* addr;
  size_t size;
};
std::mutex rings_mutex;
std::unordered_map<void*, Ring*> rings;

void Release(Ring* ring) {
  munmap(ring->addr, ring->size);
  ::close(ring->fd);
  delete ring;
}

void OnEnvCleanup(void* arg) {
  auto* ring = static_cast<Ring*>(arg);
  {
    std::lock_guard<std::mutex> lock(rings_mutex);
    rings.erase(ring->addr);
  }
  Release(ring);
}

uint32_t U32Arg(const Napi::CallbackInfo& info, size_t i, const char* what, uint32_t min) {
  if (info.Length() <= i || !info[i].IsNumber()) ThrowType(info.Env(), std::string(what) + " must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (v < min || v > 4294967295.0 || v != static_cast<double>(static_cast<uint32_t>(v))) {
    ThrowType(info.Env(), std::string(what) + " must be an integer >= " + std::to_string(min));
  }
  return static_cast<uint32_t>(v);
}

// ringOpen(device, blockSize, blockCount, retireTimeoutMs, filter?, extra?): { fd, buffer }
// extra: { promiscuous?: boolean, ignoreOutgoing?: boolean, fanout?: number (PACKET_FANOUT's
// argument: group id | (mode | flags) << 16) }.
// filter: packed struct sock_filter entries (8 bytes each), attached before bind so no frame
// enters the ring unfiltered.
Napi::Value RingOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  unsigned index = 0;
  std::string subject;
  if (info.Length() >= 1 && info[0].IsString()) {
    subject = info[0].As<Napi::String>().Utf8Value();
    if (subject.empty() || subject.size() >= IFNAMSIZ) ThrowType(env, "interface name must be 1-15 characters");
    index = if_nametoindex(subject.c_str());
    if (index == 0) ThrowErrno(env, errno, "if_nametoindex", subject);
  } else if (info.Length() >= 1 && info[0].IsNumber()) {
    index = U32Arg(info, 0, "interface index", 1);
    subject = "ifindex " + std::to_string(index);
  } else {
    ThrowType(env, "device must be an interface name or index");
  }
  const uint32_t block_size = U32Arg(info, 1, "blockSize", 4096);
  const uint32_t block_count = U32Arg(info, 2, "blockCount", 1);
  const uint32_t timeout_ms = U32Arg(info, 3, "retireTimeoutMs", 0);
  sock_fprog prog{};
  if (info.Length() > 4 && !info[4].IsUndefined()) {
    if (!info[4].IsTypedArray() || info[4].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      ThrowType(env, "filter must be a Uint8Array of packed sock_filter entries");
    }
    Napi::Uint8Array bytes = info[4].As<Napi::Uint8Array>();
    if (bytes.ByteLength() == 0 || bytes.ByteLength() % sizeof(sock_filter) != 0 ||
        bytes.ByteLength() / sizeof(sock_filter) > BPF_MAXINSNS) {
      ThrowType(env, "filter must hold 1 to 4096 instructions of 8 bytes");
    }
    prog.len = static_cast<unsigned short>(bytes.ByteLength() / sizeof(sock_filter));
    prog.filter = reinterpret_cast<sock_filter*>(bytes.Data());
  }
  bool promiscuous = false;
  bool ignore_outgoing = false;
  bool has_fanout = false;
  uint32_t fanout = 0;
  if (info.Length() > 5 && !info[5].IsUndefined()) {
    if (!info[5].IsObject()) ThrowType(env, "options must be an object");
    Napi::Object extra = info[5].As<Napi::Object>();
    promiscuous = extra.Get("promiscuous").ToBoolean();
    ignore_outgoing = extra.Get("ignoreOutgoing").ToBoolean();
    Napi::Value f = extra.Get("fanout");
    if (!f.IsUndefined()) {
      if (!f.IsNumber()) ThrowType(env, "fanout must be a number");
      has_fanout = true;
      fanout = f.As<Napi::Number>().Uint32Value();
    }
  }
  const long page = sysconf(_SC_PAGESIZE);
  if (block_size % page != 0) ThrowType(env, "blockSize must be a multiple of the page size");

  // Protocol 0 until bind: nothing enters the ring before it is bound to this one interface.
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) ThrowErrno(env, errno, "socket", "AF_PACKET");
  auto fail = [&](const char* syscall) {
    int err = errno;
    ::close(fd);
    ThrowErrno(env, err, syscall, subject);
  };

  if (prog.len > 0 && setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0) fail("setsockopt");

  int one = 1;
  if (ignore_outgoing && setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0) {
    fail("setsockopt");
  }

  int version = TPACKET_V3;
  if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0) fail("setsockopt");

  // In V3 frames are packed at variable offsets; frame_size only has to divide the block.
  tpacket_req3 req{};
  req.tp_block_size = block_size;
  req.tp_block_nr = block_count;
  req.tp_frame_size = TPACKET_ALIGNMENT << 7;  // 2048
  req.tp_frame_nr = (block_size / req.tp_frame_size) * block_count;
  req.tp_retire_blk_tov = timeout_ms;
  if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) fail("setsockopt");

  const size_t size = static_cast<size_t>(block_size) * block_count;
  void* ring = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (ring == MAP_FAILED) fail("mmap");

  sockaddr_ll addr{};
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = static_cast<int>(index);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
    munmap(ring, size);
    fail("bind");
  }
  // Both need a bound socket. The membership ends with the socket: no promiscuous flag is left behind.
  if (promiscuous) {
    packet_mreq mreq{};
    mreq.mr_ifindex = static_cast<int>(index);
    mreq.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq, sizeof mreq) < 0) {
      munmap(ring, size);
      fail("setsockopt");
    }
  }
  if (has_fanout && setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &fanout, sizeof fanout) < 0) {
    munmap(ring, size);
    fail("setsockopt");
  }

  auto* entry = new Ring{env, fd, ring, size};
  {
    std::lock_guard<std::mutex> lock(rings_mutex);
    rings[ring] = entry;
  }
  napi_add_env_cleanup_hook(env, OnEnvCleanup, entry);
  // ringClose unmaps (after detaching this buffer so JS cannot touch the memory again).
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, ring, size, [](Napi::Env, void*) {});
  Napi::Object result = Napi::Object::New(env);
  result.Set("fd", Napi::Number::New(env, fd));
  result.Set("buffer", buffer);
  return result;
}

// ringClose(fd, buffer): detaches the buffer, unmaps the ring, closes the socket.
Napi::Value RingClose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsArrayBuffer()) {
    ThrowType(env, "ringClose(fd, buffer) needs the fd and the ArrayBuffer from ringOpen");
  }
  int fd = info[0].As<Napi::Number>().Int32Value();
  Napi::ArrayBuffer buffer = info[1].As<Napi::ArrayBuffer>();
  Ring* entry = nullptr;
  {
    std::lock_guard<std::mutex> lock(rings_mutex);
    auto it = buffer.IsDetached() ? rings.end() : rings.find(buffer.Data());
    if (it == rings.end() || it->second->fd != fd || it->second->size != buffer.ByteLength()) {
      ThrowType(env, "buffer is not an open ring from ringOpen");
    }
    entry = it->second;
    rings.erase(it);
  }
  napi_remove_env_cleanup_hook(entry->env, OnEnvCleanup, entry);
  buffer.Detach();
  Release(entry);
  return env.Undefined();
}

// ringLayout(): offsets and constants from the kernel headers this addon was compiled against,
// so the JavaScript block walker never hard-codes them.
Napi::Value RingLayout(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  auto set = [&](const char* k, size_t v) { o.Set(k, Napi::Number::New(env, static_cast<double>(v))); };
  const size_t hdr = offsetof(tpacket_block_desc, hdr);
  set("blockStatus", hdr + offsetof(tpacket_hdr_v1, block_status));
  set("blockNumPkts", hdr + offsetof(tpacket_hdr_v1, num_pkts));
  set("blockFirstPkt", hdr + offsetof(tpacket_hdr_v1, offset_to_first_pkt));
  set("blockLen", hdr + offsetof(tpacket_hdr_v1, blk_len));
  set("blockSeq", hdr + offsetof(tpacket_hdr_v1, seq_num));
  set("pktNextOffset", offsetof(tpacket3_hdr, tp_next_offset));
  set("pktSec", offsetof(tpacket3_hdr, tp_sec));
  set("pktNsec", offsetof(tpacket3_hdr, tp_nsec));
  set("pktSnaplen", offsetof(tpacket3_hdr, tp_snaplen));
  set("pktLen", offsetof(tpacket3_hdr, tp_len));
  set("pktStatus", offsetof(tpacket3_hdr, tp_status));
  set("pktMac", offsetof(tpacket3_hdr, tp_mac));
  set("pktVlanTci", offsetof(tpacket3_hdr, hv1) + offsetof(tpacket_hdr_variant1, tp_vlan_tci));
  set("pktVlanTpid", offsetof(tpacket3_hdr, hv1) + offsetof(tpacket_hdr_variant1, tp_vlan_tpid));
  const size_t sll = TPACKET_ALIGN(sizeof(tpacket3_hdr));
  set("sllProtocol", sll + offsetof(sockaddr_ll, sll_protocol));
  set("sllIfindex", sll + offsetof(sockaddr_ll, sll_ifindex));
  set("sllPkttype", sll + offsetof(sockaddr_ll, sll_pkttype));
  set("statusUser", TP_STATUS_USER);
  set("statusKernel", TP_STATUS_KERNEL);
  set("statusVlanValid", TP_STATUS_VLAN_VALID);
  set("statusVlanTpidValid", TP_STATUS_VLAN_TPID_VALID);
  set("statusBlkTmo", TP_STATUS_BLK_TMO);
  set("fanoutHash", PACKET_FANOUT_HASH);
  set("fanoutLb", PACKET_FANOUT_LB);
  set("fanoutCpu", PACKET_FANOUT_CPU);
  set("fanoutRollover", PACKET_FANOUT_ROLLOVER);
  set("fanoutRandom", PACKET_FANOUT_RND);
  set("fanoutQm", PACKET_FANOUT_QM);
  set("fanoutFlagRollover", PACKET_FANOUT_FLAG_ROLLOVER);
  set("fanoutFlagDefrag", PACKET_FANOUT_FLAG_DEFRAG);
  return o;
}

// ringStats(fd): { packets, drops, freezeQueueCount } since the previous call (the kernel resets
// the counters on every read; callers keep 64-bit totals).
Napi::Value RingStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) ThrowType(env, "fd must be a number");
  int fd = info[0].As<Napi::Number>().Int32Value();
  tpacket_stats_v3 st{};
  socklen_t len = sizeof st;
  if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) < 0) ThrowErrno(env, errno, "getsockopt", "PACKET_STATISTICS");
  Napi::Object o = Napi::Object::New(env);
  o.Set("packets", Napi::Number::New(env, st.tp_packets));
  o.Set("drops", Napi::Number::New(env, st.tp_drops));
  o.Set("freezeQueueCount", Napi::Number::New(env, st.tp_freeze_q_cnt));
  return o;
}

// attachFilter(fd, packedFilter): swaps the socket's classic BPF program (SO_ATTACH_FILTER); the
// kernel replaces it atomically, so every frame sees either the old or the new program.
Napi::Value AttachFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsTypedArray()) ThrowType(env, "attachFilter(fd, filter: Uint8Array)");
  int fd = info[0].As<Napi::Number>().Int32Value();
  Napi::Uint8Array bytes = info[1].As<Napi::Uint8Array>();
  if (bytes.ByteLength() == 0 || bytes.ByteLength() % sizeof(sock_filter) != 0) ThrowType(env, "filter must be whole struct sock_filter entries");
  sock_fprog prog{};
  prog.len = static_cast<unsigned short>(bytes.ByteLength() / sizeof(sock_filter));
  prog.filter = reinterpret_cast<sock_filter*>(bytes.Data());
  if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0) ThrowErrno(env, errno, "setsockopt", "SO_ATTACH_FILTER");
  return env.Undefined();
}

// lockFilter(fd): SO_LOCK_FILTER, after which the program can no longer be changed or removed.
Napi::Value LockFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) ThrowType(env, "fd must be a number");
  int fd = info[0].As<Napi::Number>().Int32Value();
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, &on, sizeof on) < 0) ThrowErrno(env, errno, "setsockopt", "SO_LOCK_FILTER");
  return env.Undefined();
}

// sendFrame(fd, frame): one frame out of the ring's socket (bound to the device).
Napi::Value SendFrame(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsTypedArray()) ThrowType(env, "sendFrame(fd, frame: Uint8Array)");
  int fd = info[0].As<Napi::Number>().Int32Value();
  Napi::Uint8Array frame = info[1].As<Napi::Uint8Array>();
  ssize_t n = ::send(fd, frame.Data(), frame.ByteLength(), 0);
  if (n < 0) ThrowErrno(env, errno, "send", "");
  return Napi::Number::New(env, static_cast<double>(n));
}

}  // namespace

void InitRing(Napi::Env env, Napi::Object exports) {
  exports.Set("ringOpen", Napi::Function::New(env, RingOpen, "ringOpen"));
  exports.Set("ringClose", Napi::Function::New(env, RingClose, "ringClose"));
  exports.Set("ringLayout", Napi::Function::New(env, RingLayout, "ringLayout"));
  exports.Set("ringStats", Napi::Function::New(env, RingStats, "ringStats"));
  exports.Set("attachFilter", Napi::Function::New(env, AttachFilter, "attachFilter"));
  exports.Set("lockFilter", Napi::Function::New(env, LockFilter, "lockFilter"));
  exports.Set("sendFrame", Napi::Function::New(env, SendFrame, "sendFrame"));
}

}  // namespace afpacket

// Readiness for an AF_PACKET fd, which libuv cannot watch through Node's public API: one thread
// per poller blocks in poll() and tells JavaScript through a thread-safe function. One
// notification at a time: after each, the thread waits until JS re-arms it, because a ring socket
// stays readable until JS hands the block back.
#include "poller.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "errors.h"

namespace afpacket {
namespace {

class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Poller",
                       {InstanceMethod<&Poller::Arm>("arm"), InstanceMethod<&Poller::Stop>("stop")});
  }

  // new Poller(fd, onEvents(revents: number))
  explicit Poller(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Poller>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsFunction()) {
      ThrowType(env, "new Poller(fd, onEvents) needs an fd and a function");
    }
    fd_ = info[0].As<Napi::Number>().Int32Value();
    wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_ < 0) ThrowErrno(env, errno, "eventfd", "");
    tsfn_ = Napi::ThreadSafeFunction::New(env, info[1].As<Napi::Function>(), "pktkit-afpacket-poll", 1, 1);
    thread_ = std::thread([this] { Run(); });
    // A worker thread terminated (or the process exiting) with a ring still open: stop the poll
    // thread before the environment and this module go away.
    env_ = env;
    if (napi_add_env_cleanup_hook(env, OnEnvCleanup, this) == napi_ok) hooked_ = true;
  }

  ~Poller() override {
    if (hooked_) napi_remove_env_cleanup_hook(env_, OnEnvCleanup, this);
    Shutdown();
  }

 private:
  static void OnEnvCleanup(void* self) {
    auto* poller = static_cast<Poller*>(self);
    poller->hooked_ = false;
    poller->Shutdown();
  }

  void Run() {
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [this] { return armed_ || stopping_; });
        if (stopping_) return;
      }
      pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_, POLLIN, 0}};
      if (poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        Notify(POLLERR);
        return;
      }
      if (fds[1].revents != 0) return;  // stop()
      {
        std::lock_guard<std::mutex> lock(mutex_);
        armed_ = false;
      }
      Notify(fds[0].revents);
    }
  }

  void Notify(int revents) {
    tsfn_.NonBlockingCall(new int(revents), [](Napi::Env env, Napi::Function fn, int* events) {
      const int value = *events;
      delete events;
      if (env == nullptr || fn.IsEmpty()) return;
      try {
        fn.Call({Napi::Number::New(env, value)});
      } catch (const Napi::Error& e) {
        e.ThrowAsJavaScriptException();  // reported by Node like any callback's exception
      }
    });
  }

  // arm(): wait for the next readiness.
  Napi::Value Arm(const Napi::CallbackInfo& info) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      armed_ = true;
    }
    cv_.notify_one();
    return info.Env().Undefined();
  }

  // stop(): ends the thread and lets the event loop exit; idempotent.
  Napi::Value Stop(const Napi::CallbackInfo& info) {
    Shutdown();
    return info.Env().Undefined();
  }

  void Shutdown() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_one();
    uint64_t one = 1;
    ssize_t ignored = write(wake_, &one, sizeof one);
    (void)ignored;
    thread_.join();
    tsfn_.Release();
    ::close(wake_);
    wake_ = -1;
  }

  napi_env env_ = nullptr;
  bool hooked_ = false;
  int fd_ = -1;
  int wake_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool armed_ = true;
  bool stopping_ = false;
  Napi::ThreadSafeFunction tsfn_;
};

// pendingError(fd): throws the socket's pending error (SO_ERROR, e.g. ENETDOWN after the
// interface went away), or returns undefined when there is none.
Napi::Value PendingError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) ThrowType(env, "fd must be a number");
  int fd = info[0].As<Napi::Number>().Int32Value();
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) ThrowErrno(env, errno, "getsockopt", "SO_ERROR");
  if (err != 0) ThrowErrno(env, err, "poll", "");
  return env.Undefined();
}

}  // namespace

void InitPoller(Napi::Env env, Napi::Object exports) {
  exports.Set("Poller", Poller::Define(env));
  exports.Set("pendingError", Napi::Function::New(env, PendingError, "pendingError"));
  Napi::Object flags = Napi::Object::New(env);
  flags.Set("POLLIN", POLLIN);
  flags.Set("POLLERR", POLLERR);
  flags.Set("POLLHUP", POLLHUP);
  flags.Set("POLLNVAL", POLLNVAL);
  exports.Set("pollFlags", flags);
}

}  // namespace afpacket

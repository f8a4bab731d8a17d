#pragma once
#include <napi.h>

namespace afpacket {

// Adds the Poller class and pendingError to the addon's exports.
void InitPoller(Napi::Env env, Napi::Object exports);

}  // namespace afpacket

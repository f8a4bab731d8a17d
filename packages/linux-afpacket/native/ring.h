#pragma once
#include <napi.h>

namespace afpacket {

// Adds ringOpen, ringClose and ringLayout to the addon's exports.
void InitRing(Napi::Env env, Napi::Object exports);

}  // namespace afpacket

// Windows: wpcap.dll is delay-loaded (CMakeLists: /DELAYLOAD:wpcap.dll), so the addon itself loads
// without Npcap. Before the first pcap call, EnsureLoaded finds Npcap's DLL directory and loads it,
// or throws an error telling the user to install Npcap — instead of a crash inside the delay-load
// helper. Elsewhere libpcap is linked normally and this is a no-op.
// UNVERIFIED: the _WIN32 branch has never been compiled by this project (see README).
#pragma once
#include <napi.h>

namespace npcap {

#ifdef _WIN32
void EnsureLoaded(Napi::Env env);
#else
inline void EnsureLoaded(Napi::Env) {}
#endif

}  // namespace npcap

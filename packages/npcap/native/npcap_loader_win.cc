// See npcap_loader.h. Compiled on Windows only (CMakeLists adds it under WIN32).
#ifdef _WIN32
#include <windows.h>

#include <string>

#include "npcap_loader.h"

namespace npcap {
namespace {

enum class State { Unknown, Loaded, Missing };
State state = State::Unknown;  // touched on the JS thread only
std::string why;

bool TryLoad() {
  // Npcap installs wpcap.dll in %SystemRoot%\System32\Npcap, which is not on the DLL search path
  // (only WinPcap-compatible mode copies it to System32): add that directory first.
  wchar_t system[MAX_PATH];
  UINT n = GetSystemDirectoryW(system, MAX_PATH);
  if (n > 0 && n < MAX_PATH) {
    std::wstring dir = std::wstring(system) + L"\\Npcap";
    SetDllDirectoryW(dir.c_str());
  }
  HMODULE packet = LoadLibraryW(L"Packet.dll");
  HMODULE wpcap = LoadLibraryW(L"wpcap.dll");
  if (packet == nullptr || wpcap == nullptr) {
    why = "LoadLibrary failed with Windows error " + std::to_string(GetLastError());
    return false;
  }
  return true;
}

}  // namespace

void EnsureLoaded(Napi::Env env) {
  if (state == State::Unknown) state = TryLoad() ? State::Loaded : State::Missing;
  if (state == State::Loaded) return;
  Napi::Error error = Napi::Error::New(
      env,
      "Npcap is not installed (wpcap.dll could not be loaded: " + why +
          "). Install Npcap from https://npcap.com/#download, then restart this program.");
  error.Set("code", Napi::String::New(env, "ERR_NPCAP_MISSING"));
  throw error;
}

}  // namespace npcap
#endif

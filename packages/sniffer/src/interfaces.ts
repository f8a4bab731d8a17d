// Interface listing through the same backend choice as openSniffer.
import type { InterfaceInfo } from '@pktkit/capture-api';
import { type BackendChoice, selectBackend } from './backends.js';

export async function listInterfaces(backend: BackendChoice = 'auto'): Promise<InterfaceInfo[]> {
  const selected = await selectBackend(backend);
  return selected.backend.listInterfaces();
}

import type { Options } from 'tsup';
export interface LibraryOptions extends Omit<Options, 'format' | 'outDir'> {
  /** 'neutral' for browser-safe packages (the default), 'node' for Node-only ones. */
  platform?: 'neutral' | 'node' | 'browser';
}
export declare function defineLibrary(options?: LibraryOptions): Options;

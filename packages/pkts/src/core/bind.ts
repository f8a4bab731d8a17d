// The bind registry: which value a lower layer's type field takes when a given layer sits above it
// (scapy's bind_layers). Users extend it with bindLayers().
import type { Layer } from './layer.js';

type LayerClass = abstract new (...args: never[]) => Layer;

interface Binding {
  lower: LayerClass;
  upper: LayerClass;
  field: string;
  value: number;
}

const bindings: Binding[] = [];

/** Declares that `lower.field = value` whenever `upper` is the next layer and the user left `field` unset. */
export function bindLayers(
  lower: { readonly layer: LayerClass } | LayerClass,
  upper: { readonly layer: LayerClass } | LayerClass,
  fields: Record<string, number>,
): void {
  const lo = 'layer' in lower ? lower.layer : lower;
  const up = 'layer' in upper ? upper.layer : upper;
  for (const [field, value] of Object.entries(fields)) bindings.push({ lower: lo, upper: up, field, value });
  cache = new Map();
}

// Lookups are cached per (lower class, upper class, field) so building scans the list only once.
type ClassKey = abstract new (...args: never[]) => unknown;
let cache = new Map<unknown, Map<unknown, Map<string, number | undefined>>>();

/** The bound value of `field` for `lower` under `upper`, most recent binding first. */
export function boundValue(lower: Layer, upper: Layer | undefined, field: string): number | undefined {
  if (upper === undefined) return undefined;
  const lk = lower.constructor as ClassKey;
  const uk = upper.constructor as ClassKey;
  let byUpper = cache.get(lk);
  if (byUpper === undefined) {
    byUpper = new Map();
    cache.set(lk, byUpper);
  }
  let byField = byUpper.get(uk);
  if (byField === undefined) {
    byField = new Map();
    byUpper.set(uk, byField);
  }
  if (byField.has(field)) return byField.get(field);
  let value: number | undefined;
  for (let i = bindings.length - 1; i >= 0; i--) {
    const b = bindings[i]!;
    if (b.field === field && lower instanceof b.lower && upper instanceof b.upper) {
      value = b.value;
      break;
    }
  }
  byField.set(field, value);
  return value;
}

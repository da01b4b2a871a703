// Wire schemas built from an item schema (list and single envelopes) are built once per item
// schema and reused: zod compiles a schema's fast path on its first parse, so a schema built per
// call recompiled on every vendor answer (a profile of the 50-customer page showed it under load).

/** The value `build` made for `key` the first time; `build` runs once per key. */
export function memoised<K extends object, V>(cache: WeakMap<K, unknown>, key: K, build: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = build();
  cache.set(key, value);
  return value;
}

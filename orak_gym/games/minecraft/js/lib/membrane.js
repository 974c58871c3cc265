'use strict'
// The membrane between the sandbox realm (a vm context) and the host (bot, primitives, mcData).
//
// Why: `node:vm` is not a security boundary. Any host object, function or property descriptor that
// reaches the sandbox unwrapped leaks the host's Function (`x.constructor.constructor('return
// process')()`). So nothing host-side ever crosses raw, in either direction:
// - host -> sandbox (`wrap`): host objects and functions become read-only proxies over a *shadow*
//   target created in the sandbox realm, so no Proxy invariant ever forces a raw host value out
//   (descriptors, accessors and non-configurable properties included); Vec3s become sandbox Vec3s;
//   host promises become sandbox promises; host errors become sandbox errors.
// - sandbox -> host (`toHost`): proxies unwrap to their host object; sandbox functions become host
//   wrappers that wrap every argument, `this` included, and stop working when the program that
//   made them ends; plain sandbox objects and arrays (option objects, receivers of `.call`) are
//   copied into host objects, recursively, so host code never holds a sandbox object it could
//   write a host value into or call back with raw arguments.
// Writes, deletes, definitions and prototype changes on host objects are refused with an error.
// The raw connection (`_client`), `creative`, and ways to drop the env's bot are hidden.
const BLOCKED = new Set(['constructor', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'caller', 'callee', 'arguments', 'prototype', 'mainModule', 'process', 'require',
  '_client', 'socket', 'creative', 'quit', 'end', 'connect', 'setSocket', '_events', 'loadPlugin', 'loadPlugins',
  'protocolYaml']) // minecraft-data's file paths: where this checkout is installed
const MAX_COPY_DEPTH = 8
const MAX_COPY_ITEMS = 100000

function createMembrane ({ SandboxError, guard, shadowFactory, SandboxPromise, SandboxVec3, HostVec3, liveRun }) {
  const proxyOf = new WeakMap() // host value -> proxy
  const realOf = new WeakMap() // shadow target -> host value
  const hostOfProxy = new WeakMap() // proxy -> host value
  const callbackOf = new WeakMap() // sandbox fn -> {run, fn: host wrapper}
  const sandboxOfCallback = new WeakMap() // host wrapper -> sandbox fn
  const wrappers = new WeakSet() // every host wrapper ever made (for listener clean-up)

  const readOnly = (what, k) => { throw new SandboxError(`host objects are read-only: cannot ${what} ${String(k)}`) }

  function wrapError (e) {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return e
    let msg = ''; let name = 'Error'
    try { msg = String(e.message) } catch (_) {}
    try { name = String(e.name || 'Error') } catch (_) {}
    const se = new SandboxError(msg.slice(0, 4000))
    try { Object.defineProperty(se, 'name', { value: name.slice(0, 100), configurable: true, writable: true }) } catch (_) {}
    return se
  }
  function hostError (e) { // a sandbox value thrown into host code
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return new Error(String(e).slice(0, 4000))
    let msg = ''; let name = 'Error'
    try { msg = String(e.message) } catch (_) {}
    try { name = String(e.name) } catch (_) {}
    const he = new Error(msg.slice(0, 4000)); he.name = name.slice(0, 100)
    return he
  }

  const num = (x) => typeof x === 'number' ? x : NaN

  function isHostVec3 (v) {
    if (v instanceof HostVec3) return true
    const c = v.constructor // another copy of the vec3 package (mineflayer's dependencies nest their own)
    return typeof c === 'function' && c.name === 'Vec3' && typeof v.x === 'number' && typeof v.y === 'number' && typeof v.z === 'number'
  }

  function wrap (v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v
    if (sandboxOfCallback.has(v)) return sandboxOfCallback.get(v)
    if (v instanceof Error) return wrapError(v)
    if (typeof v === 'object' && isHostVec3(v)) return new SandboxVec3(num(v.x), num(v.y), num(v.z)) // a field may hold anything
    if (v instanceof Promise) {
      return new SandboxPromise((resolve, reject) => { v.then((x) => resolve(wrap(x)), (e) => reject(wrapError(e))) })
    }
    let p = proxyOf.get(v)
    if (p) return p
    const shadow = shadowFactory(typeof v === 'function' ? 2 : Array.isArray(v) ? 1 : 0)
    realOf.set(shadow, v)
    p = new Proxy(shadow, handler)
    proxyOf.set(v, p); hostOfProxy.set(p, v)
    return p
  }

  function toHost (v, depth = 0, seen = null, budget = { n: 0 }) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v
    if (hostOfProxy.has(v)) return hostOfProxy.get(v)
    if (typeof v === 'function') return hostCallback(v)
    if (v instanceof SandboxVec3) return new HostVec3(num(v.x), num(v.y), num(v.z))
    if (typeof v.then === 'function') return hostPromise(v)
    if (depth >= MAX_COPY_DEPTH || ++budget.n > MAX_COPY_ITEMS) return undefined
    seen = seen || new Map()
    if (seen.has(v)) return seen.get(v)
    const isArr = Array.isArray(v)
    const out = isArr ? [] : {}
    seen.set(v, out)
    const keys = isArr ? Array.from({ length: Math.min(Number(v.length) >>> 0, MAX_COPY_ITEMS) }, (_, i) => i) : Object.keys(v)
    for (const k of keys) {
      if (budget.n++ > MAX_COPY_ITEMS) break
      if (k === '__proto__') continue
      out[k] = toHost(v[k], depth + 1, seen, budget)
    }
    return out
  }

  function hostPromise (thenable) {
    return new Promise((resolve, reject) => {
      const then = thenable.then
      Reflect.apply(then, thenable, [wrap((x) => resolve(toHost(x))), wrap((e) => reject(hostError(e)))])
    })
  }

  function hostCallback (fn) {
    const run = liveRun()
    const known = callbackOf.get(fn)
    if (known && known.run === run) return known.fn
    const hw = function (...args) {
      if (run < 0 || liveRun() !== run) return undefined // the program that registered it has ended
      try { return toHost(Reflect.apply(fn, wrap(this), args.map(wrap))) } catch (e) { throw hostError(e) }
    }
    callbackOf.set(fn, { run, fn: hw }); sandboxOfCallback.set(hw, fn); wrappers.add(hw)
    return hw
  }

  const shadowKeys = (s) => Reflect.ownKeys(s).filter((k) => !Reflect.getOwnPropertyDescriptor(s, k).configurable)
  // Every trap's whole body runs inside its try, so an error raised anywhere in it (a stack overflow
  // included) reaches the sandbox as a sandbox error. One raised inside the catch itself still cannot
  // be caught in the same isolate; lib/lockdown.js makes a host error that slips through lead nowhere.
  const trap = (fn) => function (...a) { try { return fn(...a) } catch (e) { throw wrapError(e) } }
  const handler = {
    get: trap((s, k) => {
      if (BLOCKED.has(k)) return undefined
      const t = realOf.get(s)
      return wrap(Reflect.get(t, k, t))
    }),
    set: trap((s, k) => readOnly('set', k)),
    defineProperty: trap((s, k) => readOnly('define', k)),
    deleteProperty: trap((s, k) => readOnly('delete', k)),
    setPrototypeOf: trap(() => readOnly('set the prototype of', 'an object')),
    preventExtensions: trap(() => readOnly('freeze', 'an object')),
    getPrototypeOf () { return null },
    has: trap((s, k) => !BLOCKED.has(k) && Reflect.has(realOf.get(s), k)),
    ownKeys: trap((s) => {
      const keys = Reflect.ownKeys(realOf.get(s)).filter((k) => !BLOCKED.has(k))
      for (const k of shadowKeys(s)) if (!keys.includes(k)) keys.push(k)
      return keys
    }),
    getOwnPropertyDescriptor: trap((s, k) => {
      const own = Reflect.getOwnPropertyDescriptor(s, k) // non-configurable on the shadow (length, prototype)
      const fixed = own && !own.configurable
      const d = BLOCKED.has(k) ? undefined : Reflect.getOwnPropertyDescriptor(realOf.get(s), k)
      if (!d) return fixed ? { value: undefined, writable: true, enumerable: false, configurable: false } : undefined
      if (fixed) return { value: 'value' in d ? wrap(d.value) : undefined, writable: true, enumerable: !!d.enumerable, configurable: false }
      if ('value' in d) return { value: wrap(d.value), writable: !!d.writable, enumerable: !!d.enumerable, configurable: true }
      return { get: wrap(d.get), set: wrap(d.set), enumerable: !!d.enumerable, configurable: true }
    }),
    apply: trap((s, self, args) => {
      guard()
      return wrap(Reflect.apply(realOf.get(s), toHost(self), args.map((a) => toHost(a))))
    }),
    construct: trap((s, args) => {
      guard()
      return wrap(Reflect.construct(realOf.get(s), args.map((a) => toHost(a))))
    })
  }

  /** Removes every listener a program registered on these host emitters (they are dead already). */
  function removeListeners (emitters) {
    for (const em of emitters) {
      if (!em || typeof em.eventNames !== 'function') continue
      for (const ev of em.eventNames()) {
        for (const l of em.rawListeners(ev)) {
          const inner = l && l.listener
          if (wrappers.has(l) || wrappers.has(inner)) em.removeListener(ev, wrappers.has(inner) ? inner : l)
        }
      }
    }
  }

  return { wrap, toHost, wrapError, removeListeners }
}

module.exports = { createMembrane, BLOCKED }

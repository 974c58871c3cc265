'use strict'
// A two-way Proxy membrane between the sandbox realm and the host (bot, primitives, Vec3...).
//
// Why: handing a host object to a vm context leaks the host's Function through
// `obj.constructor.constructor('return process')()`. Every host value crossing into the sandbox is
// wrapped: `constructor`, `__proto__` and friends read as undefined, prototypes read as null, calls
// unwrap their arguments and wrap their results, host errors become sandbox-realm errors, and sandbox
// callbacks handed to the host receive wrapped arguments. `guard()` runs before every host call so a
// program past its deadline stops at its next bot/primitive call.
const BLOCKED = new Set(['constructor', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'caller', 'callee', 'arguments', 'prototype', 'mainModule', 'process', 'require',
  // the raw connection (a socket can be re-pointed at any host) and ways to drop the env's bot
  '_client', 'socket', 'quit', 'end', 'connect'])

function createMembrane ({ SandboxError, guard }) {
  const proxyOf = new WeakMap() // host -> proxy
  const targetOf = new WeakMap() // proxy -> host
  const callbackOf = new WeakMap() // sandbox fn -> host wrapper

  function wrapError (e) {
    if (e && targetOf.has(e)) return e
    if (e instanceof Error || (e && typeof e === 'object' && 'message' in e)) {
      const se = new SandboxError(String(e.message))
      try { se.name = String(e.name || 'Error') } catch (_) {}
      return se
    }
    return (e === null || typeof e !== 'object') && typeof e !== 'function' ? e : new SandboxError(String(e))
  }
  function wrap (v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v
    if (targetOf.has(v)) return v
    if (v instanceof Error) return wrapError(v)
    let p = proxyOf.get(v)
    if (p) return p
    p = new Proxy(v, handler)
    proxyOf.set(v, p); targetOf.set(p, v)
    return p
  }
  function unwrap (v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v
    if (targetOf.has(v)) return targetOf.get(v)
    if (typeof v === 'function') {
      let h = callbackOf.get(v)
      if (!h) {
        h = function (...args) { return unwrap(v.apply(wrap(this), args.map(wrap))) }
        callbackOf.set(v, h)
      }
      return h
    }
    return v
  }
  const handler = {
    get (t, k) {
      if (BLOCKED.has(k)) return undefined
      return wrap(Reflect.get(t, k, t))
    },
    set (t, k, v) { if (BLOCKED.has(k)) return false; return Reflect.set(t, k, unwrap(v), t) },
    has (t, k) { return !BLOCKED.has(k) && Reflect.has(t, k) },
    apply (t, self, args) {
      guard()
      try { return wrap(Reflect.apply(t, unwrap(self), args.map(unwrap))) } catch (e) { throw wrapError(e) }
    },
    construct (t, args) {
      guard()
      try { return wrap(Reflect.construct(t, args.map(unwrap))) } catch (e) { throw wrapError(e) }
    },
    getPrototypeOf () { return null },
    setPrototypeOf () { return false },
    defineProperty (t, k, d) {
      if (BLOCKED.has(k)) return false
      const nd = { ...d }
      for (const f of ['value', 'get', 'set']) if (f in nd) nd[f] = unwrap(nd[f])
      return Reflect.defineProperty(t, k, nd)
    },
    getOwnPropertyDescriptor (t, k) {
      if (BLOCKED.has(k)) return undefined
      const d = Reflect.getOwnPropertyDescriptor(t, k)
      if (!d || !d.configurable) return d && !d.configurable && ('value' in d) && (typeof d.value === 'object' || typeof d.value === 'function') && d.value !== null ? undefined : d
      for (const f of ['value', 'get', 'set']) if (f in d) d[f] = wrap(d[f])
      return d
    }
  }
  return { wrap, unwrap, wrapError }
}

module.exports = { createMembrane }

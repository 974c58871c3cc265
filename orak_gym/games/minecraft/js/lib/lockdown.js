'use strict'
// Hardening of the program runner's own realm, applied once the bot has joined (its protocol code is
// compiled by then). A `vm` context is not a security boundary: a host object can leak into it (a
// stack overflow inside a membrane trap is the class no same-isolate membrane closes). So a leaked
// host object must lead nowhere: no function of this realm compiles code from a string any more (the
// constructors of every function kind, and eval), Error.prepareStackTrace cannot be set to collect
// call sites, and process.report, os.userInfo() and the inspector (which evaluates code) are gone.
// The operating-system confinement (confine.py) and the driver's distrust of every reply stay the
// real boundary: this realm holds no secret and nothing beyond it trusts what it says.
const Module = require('module')
const os = require('os')

const REFUSED_MODULES = new Set(['inspector', 'inspector/promises', 'v8', 'vm', 'worker_threads', 'child_process', 'repl', 'trace_events'])

function refuse (what) {
  return function () { throw new Error(`${what} is disabled in the program runner`) }
}

function lockHostRealm () {
  const noCode = refuse('code generation from strings')
  const kinds = [function () {}, async function () {}, function * () {}, async function * () {}]
  for (const fn of kinds) {
    Object.defineProperty(Object.getPrototypeOf(fn), 'constructor', { value: noCode, writable: false, configurable: false })
  }
  Object.defineProperty(globalThis, 'eval', { value: noCode, writable: false, configurable: false })
  Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false })
  Object.defineProperty(process, 'report', { value: undefined, writable: false, configurable: false })
  os.userInfo = refuse('os.userInfo()')
  const load = Module._load
  Module._load = function (request, ...rest) {
    const name = String(request).replace(/^node:/, '')
    if (REFUSED_MODULES.has(name)) throw new Error(`the ${name} module is disabled in the program runner`)
    return load.call(this, request, ...rest)
  }
}

module.exports = { lockHostRealm, REFUSED_MODULES }

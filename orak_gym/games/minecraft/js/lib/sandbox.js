'use strict'
// Runs LLM-written JavaScript against the bot in a Node `vm` context.
//
// The context sees only: bot, the primitives, mcData, Vec3 (a sandbox-realm copy of the vec3 package),
// pathfinder goals, a console that records lines, and named skills. No require/process/timers/host
// globals; code generation from strings is off inside the context; `Error`, `Error.prepareStackTrace`
// and `Error.stackTraceLimit` are frozen (Node calls the context's prepareStackTrace with host call
// sites); every host value goes through the membrane (lib/membrane.js). Every loop body and function
// body is instrumented with a deadline check (acorn), and the synchronous part runs under vm's own
// timeout, so `while(true){}` is stopped both before and after an `await`. When a program ends, every
// callback it handed to the host dies and its listeners are removed.
//
// This is the first layer only: the process running it is confined by the operating system
// (confine.py), because a vm context is not a security boundary on its own.
const fs = require('fs')
const path = require('path')
const vm = require('vm')
const acorn = require('acorn')
const { Vec3 } = require('vec3')
const { goals } = require('mineflayer-pathfinder')
const { createMembrane } = require('./membrane')

const MAX_LINE = 500 // characters per console line
const MAX_LINES = 200
const MAX_ERROR = 2000 // characters of an error message
const VEC3_SRC = fs.readFileSync(path.join(path.dirname(require.resolve('vec3')), 'index.js'), 'utf8')

const LOOPS = new Set(['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement'])
const FUNCS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'])

/** Insert `__guard();` at the start of every loop and function body. Throws SyntaxError on bad code. */
function instrument (code, runId = 0) {
  const ast = acorn.parse(code, { ecmaVersion: 2022, sourceType: 'script', allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true })
  const edits = [] // [pos, text]
  const g = `__guard(${runId});` // the run id lets a stale program from an earlier run stop itself
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return
    if (LOOPS.has(node.type)) {
      const b = node.body
      if (b.type === 'BlockStatement') edits.push([b.start + 1, g])
      else { edits.push([b.start, '{' + g]); edits.push([b.end, '}']) }
    }
    if (FUNCS.has(node.type) && node.body.type === 'BlockStatement') edits.push([node.body.start + 1, g])
    for (const k of Object.keys(node)) {
      const v = node[k]
      if (Array.isArray(v)) v.forEach(visit)
      else if (v && typeof v.type === 'string') visit(v)
    }
  }
  visit(ast)
  edits.sort((a, b) => b[0] - a[0])
  let out = code
  for (const [pos, text] of edits) out = out.slice(0, pos) + text + out.slice(pos)
  const fns = ast.body.filter(n => n.type === 'FunctionDeclaration').map(n => n.id.name)
  // declarations only (functions, consts, classes) -> call the last function; any statement -> run as a script
  const DECL = new Set(['FunctionDeclaration', 'VariableDeclaration', 'ClassDeclaration', 'EmptyStatement'])
  const others = ast.body.filter(n => !DECL.has(n.type))
  return { code: out, functions: fns, hasStatements: others.length > 0 }
}

function createSandbox ({ bot, primitives, mcData, ctl }) {
  const state = { deadline: Infinity, cancelled: false, timeoutMs: 0, runId: 0, active: false }
  const lines = []
  const defined = new Set()
  let skillsDefined = false // defineSkills() already started this run's id
  const ctx = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, name: 'orak-sandbox' })
  vm.runInContext(`'use strict';
    Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
    Object.defineProperty(Error, 'stackTraceLimit', { value: 10, writable: false, configurable: false });
    Object.defineProperty(Error, 'captureStackTrace', { value: Error.captureStackTrace, writable: false, configurable: false });
    for (const k of ['Error', 'Promise', 'Object', 'Array', 'Function', 'Proxy', 'Reflect'])
      Object.defineProperty(globalThis, k, { value: globalThis[k], writable: false, configurable: false, enumerable: false });
    delete globalThis.eval; delete globalThis.WebAssembly; delete globalThis.SharedArrayBuffer; delete globalThis.Atomics;
    delete globalThis.FinalizationRegistry; delete globalThis.WeakRef; // no code that runs between programs`, ctx)
  const SandboxError = vm.runInContext('Error', ctx)
  const SandboxPromise = vm.runInContext('Promise', ctx)
  const shadowFactory = vm.runInContext('(k) => k === 1 ? [] : k === 2 ? function () {} : {}', ctx)
  const SandboxVec3 = vm.runInContext(`(() => { const module = { exports: {} }; const exports = module.exports;\n${VEC3_SRC}\n; return module.exports.Vec3 })()`, ctx)
  const guard = (runId) => {
    if (runId !== undefined && runId !== state.runId) throw new SandboxError('program stopped: a newer program is running')
    if (state.cancelled || Date.now() > state.deadline) {
      state.cancelled = true
      throw new SandboxError(`program stopped: it exceeded the ${state.timeoutMs / 1000} s time limit`)
    }
  }
  const liveRun = () => state.active ? state.runId : -1
  const mem = createMembrane({ SandboxError, guard, shadowFactory, SandboxPromise, SandboxVec3, HostVec3: Vec3, liveRun })
  const fmt = (a) => typeof a === 'string' ? a : (() => { try { return JSON.stringify(a) } catch (e) { return String(a) } })()
  const globals = {
    bot: mem.wrap(bot),
    mcData: mem.wrap(mcData),
    Vec3: SandboxVec3,
    goals: mem.wrap(goals),
    __guard: mem.wrap(guard),
    console: mem.wrap({ log: (...a) => { if (lines.length < MAX_LINES) lines.push(a.map(fmt).join(' ').slice(0, MAX_LINE)) } })
  }
  for (const [name, fn] of Object.entries(primitives)) if (!name.startsWith('_')) globals[name] = mem.wrap(fn)
  for (const [k, v] of Object.entries(goals)) if (k.startsWith('Goal')) globals[k] = mem.wrap(v)
  for (const [k, v] of Object.entries(globals)) Object.defineProperty(ctx, k, { value: v, writable: false, configurable: false, enumerable: false })

  /** Define named skills (source of async functions) so programs can call them. Returns errors per skill. */
  function defineSkills (skills) {
    const errors = {}
    state.runId++
    for (const old of defined) if (!(old in (skills || {}))) vm.runInContext(`delete globalThis[${JSON.stringify(old)}]`, ctx)
    defined.clear()
    for (const [name, src] of Object.entries(skills || {})) {
      try {
        const ins = instrument(String(src), state.runId)
        if (name in globals || !/^[A-Za-z_$][\w$]*$/.test(name)) throw new TypeError(`skill name ${name} is not a free identifier`)
        const fn = ins.functions.includes(name) ? name : ins.functions[ins.functions.length - 1]
        if (!fn) throw new SyntaxError('a skill must declare a function')
        vm.runInContext(`globalThis[${JSON.stringify(name)}] = (() => {\n${ins.code}\n;return ${fn};\n})();`, ctx, { timeout: 1000 })
        defined.add(name)
      } catch (e) {
        errors[name] = `${e.name}: ${e.message}`
      }
    }
    skillsDefined = true
    return errors
  }

  /** Run one program. Resolves to {ok, error, errorType, output}. Never rejects. */
  async function run (code, timeoutMs) {
    lines.length = 0
    if (!skillsDefined) state.runId++
    skillsDefined = false
    state.cancelled = false; state.timeoutMs = timeoutMs; state.deadline = Date.now() + timeoutMs
    state.active = true
    ctl.cancelled = false
    let ins
    try {
      ins = instrument(String(code), state.runId)
    } catch (e) {
      return { ok: false, errorType: 'SyntaxError', error: `SyntaxError: ${e.message}`, output: [] }
    }
    const entry = ins.hasStatements || !ins.functions.length ? null : ins.functions[ins.functions.length - 1]
    const src = entry
      ? `(async () => { ${ins.code}\n; return await ${entry}(bot); })()`
      : `(async () => { ${ins.code}\n })()`
    let timer
    try {
      const p = vm.runInContext(src, ctx, { timeout: Math.max(1, state.deadline - Date.now()), filename: 'program.js' })
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('__timeout__'), Math.max(0, state.deadline - Date.now())) })
      const r = await Promise.race([p, timeout])
      if (r === '__timeout__') throw new SandboxError(`program stopped: it exceeded the ${timeoutMs / 1000} s time limit`)
      return { ok: true, output: [...lines] }
    } catch (e) {
      const timedOut = state.cancelled || /timed out|time limit/.test(String(e && e.message)) || Date.now() > state.deadline
      state.cancelled = true
      ctl.cancelled = true
      let name = 'Error'; let msg = ''
      try { name = String((e && e.name) || 'Error'); msg = e && e.message !== undefined ? String(e.message) : String(e) } catch (_) { msg = 'an unprintable value was thrown' }
      const error = timedOut ? `Timeout: program stopped after exceeding the ${timeoutMs / 1000} s limit` : `${name}: ${msg}`
      return { ok: false, errorType: timedOut ? 'Timeout' : String(name).slice(0, 100), error: error.slice(0, MAX_ERROR), output: [...lines] }
    } finally {
      clearTimeout(timer)
      state.cancelled = true // a stale program that resumes later stops at its next call
      state.active = false // and every callback it gave the host is dead
      mem.removeListeners([bot, bot.inventory, bot.world, bot._client])
    }
  }
  return { run, defineSkills, state }
}

module.exports = { createSandbox, instrument }

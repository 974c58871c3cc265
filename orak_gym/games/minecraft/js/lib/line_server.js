'use strict'
// The framing both Node processes (the driver and the confined program runner) speak to their
// parent: one JSON request per stdin line ({id, op, ...}), one JSON answer per line through `send`
// ({id, ok, result} or {id, ok: false, error}). Every op but `start` needs `started()` first.
const readline = require('readline')

function serveLines (ops, { send, started, errorLimit }) {
  const rl = readline.createInterface({ input: process.stdin })
  rl.on('line', async (line) => {
    let req
    try { req = JSON.parse(line) } catch (e) { return send({ id: null, ok: false, error: 'bad json: ' + e.message }) }
    const fn = ops[req.op]
    if (!fn) return send({ id: req.id, ok: false, error: `unknown op ${req.op}` })
    if (req.op !== 'start' && !started()) return send({ id: req.id, ok: false, error: 'not started' })
    try {
      send({ id: req.id, ok: true, result: await fn(req) })
    } catch (e) {
      send({ id: req.id, ok: false, error: String((e && e.message) || e).slice(0, errorLimit) })
    }
  })
  return rl
}

module.exports = { serveLines }

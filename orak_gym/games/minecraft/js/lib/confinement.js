'use strict'
// The command line that starts a process inside the program runner's confinement: confine.py (the
// operating-system layers, see its docstring) executing node under Node's permission model, which
// may read below js/ only and may not write files, start child processes or workers, or load addons.
// driver.js starts runner.js this way; the tests start other host code this way, to show what an
// escaped program could do from inside.
const path = require('path')

const JS_DIR = path.join(__dirname, '..')
const CONFINE = path.join(JS_DIR, '..', 'confine.py')
const HEAP_MB = 1024

/**
 * @param {{connect?: string, isolation?: string, python?: string}} opts connect: "host:port" made fd 3
 * @param {string[]} nodeArgs what node runs (a script and its arguments)
 * @returns {string[]} argv, starting with the Python executable
 */
function confinedCommand (opts, nodeArgs) {
  const python = opts.python || process.env.ORAK_PYTHON || 'python3'
  const launcher = ['-I', '-S', CONFINE, '--read', JS_DIR]
  if (opts.connect) launcher.push('--connect', opts.connect)
  if (opts.isolation === 'best_effort') launcher.push('--best-effort')
  const node = [process.execPath, '--experimental-permission', `--allow-fs-read=${JS_DIR}`, `--max-old-space-size=${HEAP_MB}`, '--no-warnings']
  return [python, ...launcher, '--', ...node, ...nodeArgs]
}

module.exports = { confinedCommand, JS_DIR, CONFINE }

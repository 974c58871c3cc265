'use strict'
// The embedded server's resource limits. It runs no model code, but a client can make it work (chunk
// generation follows the player), so its heap is capped (V8's own limit, an out-of-memory crash rather
// than the machine swapping), its address space is capped by the kernel, and it runs at a lower CPU
// priority than the driver and the Python process, whose time limits must hold. Its CPU time is capped
// too: a server made to spin is killed by the kernel (SIGXCPU, then SIGKILL) once it has used an hour of
// CPU, many times what a whole Orak episode costs it, and the episode ends as an error. The limits are
// set by a small Python launcher just before it executes node (node cannot set rlimits).
const SERVER_HEAP_MB = 1024
const SERVER_ADDRESS_SPACE = 4 * 2 ** 30 // bytes: V8 reserves far more address space than it uses
const SERVER_CPU_SECONDS = 3600
const SERVER_NICE = 5

const APPLY = 'import os, resource, sys\n' +
  'limit = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n' +
  'cpu = int(sys.argv[2]); resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 10))\n' +
  'os.nice(int(sys.argv[3])); os.execv(sys.argv[4], sys.argv[4:])'

/** argv that runs `node script ...args` under the server's limits. */
function limitedServerCommand (script, args) {
  const python = process.env.ORAK_PYTHON || 'python3'
  const node = [process.execPath, `--max-old-space-size=${SERVER_HEAP_MB}`, script, ...args]
  const limits = [String(SERVER_ADDRESS_SPACE), String(SERVER_CPU_SECONDS), String(SERVER_NICE)]
  return [python, '-I', '-S', '-c', APPLY, ...limits, ...node]
}

module.exports = { limitedServerCommand, SERVER_HEAP_MB, SERVER_ADDRESS_SPACE, SERVER_CPU_SECONDS, SERVER_NICE }

#!/usr/bin/env node
// Runs a Python file on a fresh MicroPython v1.27.0 (npm package
// @micropython/micropython-webassembly-pyscript, as published) and prints exactly what it printed.
//
//   node run-mpy.mjs SCRIPT.py [HEAP_BYTES]      (default heap 1048576, like loadMicroPython)
//
// The file is cut at lines starting with `# %%`; each part is one runPython() call. This build
// (SPLIT_HEAP_AUTO) never collects inside a call: gc.collect() only asks for a collection, which
// runs when the call returns to JavaScript. A heap that runs out grows by another area instead.
// One interpreter per process: the package keeps its instance in globalThis.Module.
// Exit status: 0 ok, 1 uncaught Python exception (its traceback goes to stdout), 2 usage error.
import fs from 'node:fs';

const [script, heapArg] = process.argv.slice(2);
if (script === undefined || (heapArg !== undefined && !/^\d+$/.test(heapArg))) {
  process.stderr.write('usage: node run-mpy.mjs SCRIPT.py [HEAP_BYTES]\n');
  process.exit(2);
}
const { loadMicroPython } = await import('@micropython/micropython-webassembly-pyscript');
const out = [];
const mp = await loadMicroPython({
  heapsize: heapArg === undefined ? 1048576 : Number(heapArg),
  linebuffer: false,
  stdout: (bytes) => out.push(Buffer.from(bytes)),
  stderr: (bytes) => process.stderr.write(bytes),
});
let status = 0;
for (const part of parts(fs.readFileSync(script, 'utf8'))) {
  try {
    mp.runPython(part);
  } catch (error) {
    if (error?.name !== 'PythonError') throw error;
    out.push(Buffer.from(error.message.endsWith('\n') ? error.message : `${error.message}\n`));
    status = 1;
    break;
  }
}
process.stdout.write(Buffer.concat(out));
process.exitCode = status;

/** The parts between `# %%` lines, each padded with blank lines so tracebacks keep the file's line numbers. */
function parts(source) {
  const lines = source.split('\n');
  const result = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i === lines.length || lines[i].startsWith('# %%')) {
      result.push('\n'.repeat(start) + lines.slice(start, i).join('\n'));
      start = i;
    }
  }
  return result;
}

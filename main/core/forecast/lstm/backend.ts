/**
 * Chooses the TensorFlow.js backend: tfjs-node when it happens to be installed (native TensorFlow,
 * much faster, but a native build we do not ship, so it is never a dependency), else WebAssembly,
 * else the plain JavaScript cpu backend with a note saying so.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export interface BackendChoice {
  backend: string;
  note: string | null;
}

/** A variable, so no bundler tries to resolve the optional package at build time. */
const TFJS_NODE = '@tensorflow/tfjs-node';

export async function chooseBackend(): Promise<BackendChoice> {
  const require = createRequire(import.meta.url);
  try {
    require(TFJS_NODE);
    if (await tf.setBackend('tensorflow')) return { backend: 'tensorflow', note: null };
  } catch {
    // Not installed (the usual case): WebAssembly next.
  }
  let wasmProblem = 'the wasm backend did not start';
  try {
    // In Node the backend reads its .wasm files from this directory (the prefix must end with a separator).
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${dir}${path.sep}`);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return { backend: 'wasm', note: null };
    }
  } catch (error) {
    wasmProblem = `the wasm backend failed (${(error as Error).message})`;
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', note: `${wasmProblem}; trained on the slower cpu backend` };
}

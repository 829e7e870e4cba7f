import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../api/errors';
import { scoringForest, type ForestArrays } from './forest';
import { MODEL_VERSION, type Model, type ModelInfo } from './isolation-forest';
import { heightLimit } from './path-length';

/**
 * A model on disk (all numbers little-endian):
 *
 *   "WDIF"  u16 format version  u16 0  u32 header length  header (UTF-8 JSON: ModelInfo + nodes)
 *   zero padding to a multiple of 8
 *   roots i32 × (trees + 1), feature i32 × nodes, right i32 × nodes, size i32 × nodes
 *   zero padding to a multiple of 8, threshold f64 × nodes
 *   SHA-256 of everything before it (32 bytes)
 *
 * The format version is the model's `version`; a reader refuses any other, so a file from a newer
 * Watchdog says so instead of being misread. The scoring layout is derived on load, never stored.
 */
const MAGIC = 'WDIF';
const PREFIX = 12;
const DIGEST = 32;

const Summary = z.object({ min: z.number(), mean: z.number(), p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() });
const Header = z.object({
  version: z.literal(MODEL_VERSION),
  kind: z.literal('isolation-forest'),
  trees: z.number().int().min(1),
  maxSamples: z.number().int().min(1),
  heightLimit: z.number().int().min(1),
  features: z.array(z.string()).min(1),
  seed: z.number().int().min(0),
  trainedAt: z.string(),
  trainedOn: z.object({ rows: z.number().int().min(1), source: z.string().optional(), sha256: z.string().optional() }),
  metrics: z.object({ trainingMs: z.number(), nodes: z.number().int(), meanPathLength: z.number(), trainingScores: Summary.optional() }),
  nodes: z.number().int().min(1),
});

const pad8 = (n: number) => (n + 7) & ~7;

export function serializeModel(model: Model): Uint8Array {
  const info: ModelInfo & { nodes: number } = { ...modelInfo(model), nodes: model.forest.feature.length };
  const header = Buffer.from(JSON.stringify(info), 'utf8');
  const { roots, feature, right, size, threshold } = model.forest;
  const nodes = info.nodes;
  const ints = pad8(PREFIX + header.length);
  const floats = pad8(ints + 4 * (roots.length + 3 * nodes));
  const body = floats + 8 * nodes;
  const bytes = new Uint8Array(body + DIGEST);
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from(MAGIC, 'latin1'), 0);
  view.setUint16(4, MODEL_VERSION, true);
  view.setUint32(8, header.length, true);
  bytes.set(header, PREFIX);
  let at = ints;
  for (const array of [roots, feature, right, size]) {
    for (let i = 0; i < array.length; i++, at += 4) view.setInt32(at, array[i]!, true);
  }
  for (let i = 0; i < nodes; i++) view.setFloat64(floats + 8 * i, threshold[i]!, true);
  bytes.set(createHash('sha256').update(bytes.subarray(0, body)).digest(), body);
  return bytes;
}

/** Reads a model written by serializeModel; anything else is a BAD_INPUT that says what is wrong. */
export function deserializeModel(bytes: Uint8Array): Model {
  if (bytes.length < PREFIX + DIGEST || Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== MAGIC) {
    throw new AppError('BAD_INPUT', 'This is not a Watchdog isolation-forest model (its first bytes are not "WDIF").');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== MODEL_VERSION) {
    const newer = version > MODEL_VERSION ? ' by a newer version of Watchdog' : '';
    throw new AppError('BAD_INPUT', `The model was saved in format ${version}${newer}; this version reads format ${MODEL_VERSION} only. Train it again here.`);
  }
  const body = bytes.length - DIGEST;
  const digest = createHash('sha256').update(bytes.subarray(0, body)).digest();
  if (!digest.equals(bytes.subarray(body))) throw new AppError('BAD_INPUT', 'The model file is damaged: its checksum does not match its contents.');
  const info = readHeader(bytes, view.getUint32(8, true), body);
  const nodes = info.nodes;
  const ints = pad8(PREFIX + view.getUint32(8, true));
  const floats = pad8(ints + 4 * (info.trees + 1 + 3 * nodes));
  if (floats + 8 * nodes !== body) throw new AppError('BAD_INPUT', `The model file is damaged: ${body} bytes where ${nodes} nodes need ${floats + 8 * nodes}.`);
  let at = ints;
  const readInts = (length: number) => {
    const array = new Int32Array(length);
    for (let i = 0; i < length; i++, at += 4) array[i] = view.getInt32(at, true);
    return array;
  };
  const arrays: ForestArrays = {
    roots: readInts(info.trees + 1),
    feature: readInts(nodes),
    right: readInts(nodes),
    size: readInts(nodes),
    threshold: Float64Array.from({ length: nodes }, (_, i) => view.getFloat64(floats + 8 * i, true)),
  };
  let scoring;
  try {
    scoring = scoringForest(arrays, info.features.length, info.maxSamples, info.heightLimit);
  } catch (error) {
    throw new AppError('BAD_INPUT', `The model's trees are not valid: ${(error as Error).message}.`);
  }
  const { nodes: _nodes, ...rest } = info;
  return { ...rest, forest: arrays, scoring };
}

/** Everything about a model but its arrays: what --json prints and what the file's header holds. */
export function modelInfo(model: Model): ModelInfo {
  const { forest: _forest, scoring: _scoring, ...info } = model;
  return info;
}

function readHeader(bytes: Uint8Array, length: number, body: number): z.infer<typeof Header> {
  if (PREFIX + length > body) throw new AppError('BAD_INPUT', 'The model file is damaged: its header runs past its end.');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.subarray(PREFIX, PREFIX + length)).toString('utf8'));
  } catch {
    throw new AppError('BAD_INPUT', 'The model file is damaged: its header is not JSON.');
  }
  const parsed = Header.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(header)'}: ${issue.message}`).join('; ');
    throw new AppError('BAD_INPUT', `The model's header is not valid: ${problems}.`);
  }
  const info = parsed.data;
  if (info.heightLimit !== heightLimit(info.maxSamples)) throw new AppError('BAD_INPUT', `The model's height limit ${info.heightLimit} does not belong to ${info.maxSamples} samples.`);
  return info;
}

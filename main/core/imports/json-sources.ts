import fs from 'node:fs';
import { AppError } from '../api/errors';
import { CHUNK_BYTES, type RawRow, type RowSource } from './source';

/** Longest element or line held while waiting for its end: an event is far smaller (details ≤ 16 KiB). */
const MAX_ELEMENT_CHARS = 4 * 1024 * 1024;

type Splitter = (text: string, final: boolean) => RawRow[];

/** Shared by both JSON forms: a file stream read chunk by chunk (pulled, so never ahead of the reader). */
function jsonSource(format: 'json' | 'jsonl', file: string, totalBytes: number, splitter: () => Splitter): RowSource {
  let stream: fs.ReadStream | null = null;
  return {
    format,
    totalBytes,
    columns: null,
    delimiter: null,
    get bytesRead() {
      return stream?.bytesRead ?? 0;
    },
    async *chunks() {
      const input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
      stream = input;
      const split = splitter();
      let first = true;
      try {
        for await (const chunk of input as AsyncIterable<string>) {
          const rows = split(first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk, false);
          first = false;
          if (rows.length) yield rows;
        }
        const rows = split('', true);
        if (rows.length) yield rows;
      } finally {
        input.destroy();
      }
    },
  };
}

/** JSON Lines: one object per line, numbered by line; blank lines are skipped, a bad line is a bad row. */
export function readJsonLines(file: string, totalBytes: number): RowSource {
  return jsonSource('jsonl', file, totalBytes, () => {
    let partial = '';
    let line = 0;
    return (text, final) => {
      const lines = (partial + text).split('\n');
      partial = final ? '' : (lines.pop() as string);
      if (partial.length > MAX_ELEMENT_CHARS) throw new AppError('BAD_INPUT', `Line ${line + 1} of the file is longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} MiB.`);
      const rows: RawRow[] = [];
      for (const raw of lines) {
        line += 1;
        const content = raw.trim();
        if (content) rows.push(parseObject(line, content));
      }
      return rows;
    };
  });
}

/**
 * A JSON array of objects, streamed: a small scanner finds where each top-level element starts and
 * ends (strings and nesting tracked, nothing else interpreted), and each element is parsed on its own,
 * so a large file never has to fit in memory and one bad element is one bad row (its index + 1).
 */
export function readJsonArray(file: string, totalBytes: number): RowSource {
  return jsonSource('json', file, totalBytes, () => {
    const scanner = new ArrayScanner();
    return (text, final) => {
      const rows = scanner.feed(text).map(({ index, text: element }) => parseObject(index, element));
      if (final) scanner.end();
      return rows;
    };
  });
}

function parseObject(row: number, text: string): RawRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { row, data: null, problem: `is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { row, data: null, problem: `must be a JSON object (one event), not ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}` };
  }
  return { row, data: value as Record<string, unknown> };
}

const enum State {
  BeforeArray,
  BetweenElements,
  InElement,
  AfterArray,
}

/** Cuts the text of a top-level JSON array into its elements' texts, across chunk boundaries. */
export class ArrayScanner {
  private state = State.BeforeArray;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
  private index = 0;

  feed(text: string): { index: number; text: string }[] {
    const out: { index: number; text: string }[] = [];
    let start = this.state === State.InElement ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.state === State.InElement) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c /* \ */) this.escaped = true;
          else if (c === 0x22 /* " */) this.inString = false;
          continue;
        }
        if (c === 0x22) this.inString = true;
        else if (c === 0x7b /* { */ || c === 0x5b /* [ */) this.depth += 1;
        else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
          if (this.depth === 0) {
            // The array's own closing bracket ends a scalar element.
            this.finish(out, text.slice(start, i));
            this.state = State.AfterArray;
            continue;
          }
          this.depth -= 1;
        } else if (c === 0x2c /* , */ && this.depth === 0) {
          this.finish(out, text.slice(start, i));
          this.state = State.BetweenElements;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.state === State.BeforeArray) {
        if (c !== 0x5b) throw notAnArray(`it starts with ${JSON.stringify(text[i])}`);
        this.state = State.BetweenElements;
      } else if (this.state === State.BetweenElements) {
        if (c === 0x5d) this.state = State.AfterArray;
        else if (c !== 0x2c) {
          this.state = State.InElement;
          start = i;
          i -= 1; // scan this character as part of the element
        }
      } else {
        throw new AppError('BAD_INPUT', `The file holds more after its array ended (${JSON.stringify(text.slice(i, i + 20))}).`);
      }
    }
    if (this.state === State.InElement) {
      this.element += text.slice(Math.max(start, 0));
      if (this.element.length > MAX_ELEMENT_CHARS) throw new AppError('BAD_INPUT', `Element ${this.index + 1} of the array is longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} MiB.`);
    }
    return out;
  }

  end(): void {
    if (this.state === State.BeforeArray) throw notAnArray('it is empty');
    if (this.state !== State.AfterArray) throw new AppError('BAD_INPUT', `The file ends before its array is closed (after element ${this.index}).`);
  }

  private finish(out: { index: number; text: string }[], tail: string): void {
    const text = (this.element + tail).trim();
    this.element = '';
    this.depth = 0;
    this.index += 1;
    out.push({ index: this.index, text });
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function notAnArray(why: string): AppError {
  return new AppError('BAD_INPUT', `A .json import must hold an array of events ([{…}, {…}]), but ${why}. For one event per line use the jsonl format.`);
}

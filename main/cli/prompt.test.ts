import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CliError } from './errors';
import { promptHidden, type PromptInput } from './prompt';

/** A terminal that records whether it was put in raw mode and paused again. */
class FakeTerminal extends EventEmitter implements PromptInput {
  isTTY = true;
  raw: boolean[] = [];
  paused = false;
  setRawMode(raw: boolean) {
    this.raw.push(raw);
  }
  setEncoding() {}
  resume() {
    this.paused = false;
  }
  pause() {
    this.paused = true;
  }
  type(text: string) {
    this.emit('data', text);
  }
}

function screen() {
  const written: string[] = [];
  return { written, output: { write: (text: string) => written.push(text) } };
}

describe('promptHidden', () => {
  it('reads a password without echoing it, in raw mode, and restores the terminal', async () => {
    const input = new FakeTerminal();
    const { written, output } = screen();
    const answer = promptHidden('Password for auditor: ', input, output);
    input.type('ledger');
    input.type(' checkx\u007f 2026\r');
    expect(await answer).toBe('ledger check 2026');
    expect(written).toEqual(['Password for auditor: ', '\n']);
    expect(input.raw).toEqual([true, false]);
    expect(input.paused).toBe(true);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('cancels on Ctrl-C, and on Ctrl-D at an empty line', async () => {
    for (const key of ['\u0003', '\u0004']) {
      const input = new FakeTerminal();
      const answer = promptHidden('Password: ', input, screen().output);
      input.type(key === '\u0003' ? `secret${key}` : key);
      await expect(answer).rejects.toBeInstanceOf(CliError);
      expect(input.raw).toEqual([true, false]);
    }
  });
});

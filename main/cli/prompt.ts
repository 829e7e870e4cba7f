import { CliError, EXIT_FAILURE } from './errors';

/** The parts of a terminal the prompt needs (process.stdin; a fake one in tests). */
export interface PromptInput {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface PromptOutput {
  write(text: string): unknown;
}

/**
 * Asks for a password at the terminal without echoing it: the question goes to stderr (stdout stays
 * the command's output), the keys are read in raw mode. Enter ends it, Backspace takes a character
 * back, Ctrl-C or Ctrl-D on an empty line cancels.
 */
export function promptHidden(question: string, input: PromptInput = process.stdin, output: PromptOutput = process.stderr): Promise<string> {
  output.write(question);
  input.setRawMode?.(true);
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || (char === '\u0004' && value !== '')) {
          finish(() => resolve(value));
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish(() => reject(new CliError('Cancelled: no password was given.', EXIT_FAILURE)));
          return;
        }
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

import { useCallback, useRef, useState } from 'react';
import { RequestError } from '../../../shared/contract/client';
import type { FieldError } from '../../../shared/contract/result';
import { errorMessage } from './useRequest';

export interface SubmitState {
  busy: boolean;
  error: string | null;
  /** Field paths the core named in its answer (`password`, `name`…), to mark those inputs. */
  fields: ReadonlySet<string>;
}

const NO_FIELDS: ReadonlySet<string> = new Set();

/**
 * A form's one request at a time: `run` ignores a second submit while the first is on its way and
 * keeps the core's message (and the fields it names) for the form to show.
 */
export function useSubmit() {
  const [state, setState] = useState<SubmitState>({ busy: false, error: null, fields: NO_FIELDS });
  const busy = useRef(false);

  const run = useCallback(async (work: () => Promise<unknown>): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    setState({ busy: true, error: null, fields: NO_FIELDS });
    try {
      await work();
      setState({ busy: false, error: null, fields: NO_FIELDS });
      return true;
    } catch (error) {
      setState({ busy: false, error: errorMessage(error), fields: fieldsOf(error) });
      return false;
    } finally {
      busy.current = false;
    }
  }, []);

  /** A problem found before asking the core (passwords that do not match). */
  const fail = useCallback((message: string, fields: string[] = []) => {
    setState({ busy: false, error: message, fields: new Set(fields) });
  }, []);

  const clear = useCallback(() => setState({ busy: false, error: null, fields: NO_FIELDS }), []);

  return { ...state, run, fail, clear };
}

function fieldsOf(error: unknown): ReadonlySet<string> {
  if (!(error instanceof RequestError) || !error.fields) return NO_FIELDS;
  return new Set(error.fields.map((field: FieldError) => field.path.split('.')[0] ?? field.path));
}

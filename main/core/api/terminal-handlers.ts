import type { ChannelName } from '../../../shared/contract';
import type { TerminalApiStatus } from '../../../shared/contract/terminal-channels';
import type { Terminals } from '../terminals/registry';
import type { Handler } from './router';

type TerminalChannel = 'terminals.list' | 'terminals.add' | 'terminals.revoke' | 'terminals.apiStatus' | 'terminals.apiRetry';

export type TerminalHandlers = { [C in TerminalChannel & ChannelName]: Handler<C> };

/** The terminal channels: thin, the rules are in main/core/terminals/. */
export function createTerminalHandlers(terminals: Terminals, apiStatus: () => TerminalApiStatus, apiRetry: () => Promise<TerminalApiStatus>): TerminalHandlers {
  return {
    'terminals.list': () => terminals.list(),
    'terminals.add': ({ name, storeId }, ctx) => terminals.add(ctx.actor, name, storeId),
    'terminals.revoke': ({ id }, ctx) => terminals.revoke(ctx.actor, id),
    'terminals.apiStatus': () => apiStatus(),
    'terminals.apiRetry': () => apiRetry(),
  };
}

import { EventEmitter } from 'node:events';
import type { PushedName, PushedPayload } from '../../shared/contract';

export type PushListener = <E extends PushedName>(event: E, payload: PushedPayload<E>) => void;

/** In-process fan-out of pushed events to whichever hosts are listening. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish<E extends PushedName>(event: E, payload: PushedPayload<E>): void {
    this.emitter.emit('push', event, payload);
  }

  subscribe(listener: PushListener): () => void {
    this.emitter.on('push', listener);
    return () => this.emitter.off('push', listener);
  }
}

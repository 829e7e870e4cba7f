import path from 'node:path';
import { openSecureCore } from '../core';
import { runDesktop } from './desktop';

// Bundled to out/main/electron.cjs, so the renderer and the preload are siblings of this folder.
// Who is calling is not decided here: each window logs in on its own, and every request's context
// is built from that window's session token (sessions.ts, ipc.ts).
runDesktop({
  rendererDir: path.join(__dirname, '../renderer'),
  preloadPath: path.join(__dirname, '../preload/index.cjs'),
  // The keychain holds the database and signing keys; without one the app says so and stops.
  openCore: openSecureCore,
});

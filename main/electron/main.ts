import path from 'node:path';
import { openSecureCore, operatorContext } from '../core';
import { runDesktop } from './desktop';

// Bundled to out/main/electron.cjs, so the renderer and the preload are siblings of this folder.
runDesktop({
  rendererDir: path.join(__dirname, '../renderer'),
  preloadPath: path.join(__dirname, '../preload/index.cjs'),
  // The keychain holds the database and signing keys; without one the app says so and stops.
  openCore: openSecureCore,
  context: operatorContext('electron'),
});

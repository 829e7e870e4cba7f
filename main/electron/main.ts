import path from 'node:path';
import { openCore, operatorContext } from '../core';
import { runDesktop } from './desktop';

// Bundled to out/main/electron.cjs, so the renderer and the preload are siblings of this folder.
runDesktop({
  rendererDir: path.join(__dirname, '../renderer'),
  preloadPath: path.join(__dirname, '../preload/index.cjs'),
  openCore,
  context: operatorContext('electron'),
});

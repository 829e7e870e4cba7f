// Injected into the CommonJS bundles by scripts/build.mjs: stands in for import.meta.url.
import { pathToFileURL } from 'node:url';

export const __importMetaUrl = pathToFileURL(__filename).href;

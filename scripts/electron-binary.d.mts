/** Types for electron-binary.mjs, so TypeScript tests can import the plain-JS start helpers. */
export declare const INSTALL_TIMEOUT_MS: number;

export interface InstallOutcome {
  ok: boolean;
  timedOut: boolean;
  /** The installer's last output, kept for debugging; never printed on the expected failure path. */
  output: string;
}

export interface InstallOptions {
  packageDir: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export type FallbackReason = 'disabled' | 'no-package' | 'download-failed';

export type HostChoice = { host: 'electron'; binary: string } | { host: 'browser'; reason: FallbackReason };

export declare const FALLBACK_SENTENCES: Readonly<Record<FallbackReason, string>>;

export declare function electronPackageDir(projectDir: string): string | null;

export declare function findElectronBinary(options: { packageDir: string | null; env?: NodeJS.ProcessEnv }): string | null;

export declare function runElectronInstaller(options: InstallOptions): Promise<InstallOutcome>;

export declare function chooseHost(options: {
  packageDir: string | null;
  env?: NodeJS.ProcessEnv;
  install?: (options: InstallOptions) => Promise<InstallOutcome>;
}): Promise<HostChoice>;

export * from './channels';
export * from './pushed';
export * from './result';
export * from './integrity';
export * from './documents';
export * from './terminal-channels';
export * from './import-channels';
export * from './alert-channels';

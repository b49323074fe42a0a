/** The DAIOS wire protocol: schemas, signing and error codes shared by the IDE server and nodes. */
export * from './base64';
export * from './bytes';
export * from './errors';
export * from './messages';
export * from './schemas';
export * from './signing';
export * from './control-client';

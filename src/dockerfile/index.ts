export * from './builder-compatibility';
export * from './dockerfile';
export * from './duration';
export * from './instruction';
export * from './instructions';
export * from './stage';
export * from './stage-base';
export * from './validation';

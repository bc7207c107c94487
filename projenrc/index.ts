export * from './vitest';
export * from './anti-tamper';
export * from './pins-tasks';

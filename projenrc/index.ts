export * from './vitest';
export * from './anti-tamper';

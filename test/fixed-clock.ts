import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Every unit test runs on this day, so that no result depends on when the suite
 * runs: only warnings may depend on the day, and tests that are about a day set
 * their own with vi.setSystemTime().
 */
export const FIXED_NOW = new Date('2026-12-01T12:00:00Z');

beforeEach(() => {
  // Only Date is faked, and it moves on from FIXED_NOW as time passes, so timeouts still work.
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ['Date'], shouldAdvanceTime: true });
});

afterEach(() => {
  vi.useRealTimers();
});

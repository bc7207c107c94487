// Layer 0, importing nothing of ours: construct paths, findings, the one problem collector
// (SynthesisChecks) that every construct reports to, and task helpers.
export * from './finding';

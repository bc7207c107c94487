import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { javascript } from 'projen';
import { describe, expect, it, vi } from 'vitest';
import { TrivyIgnore } from '../../src';
import { messageOf, temporaryOutdir } from '../util';
import { nothingWritten } from './workflow-kit';

describe('TrivyIgnore', () => {
  const project = () => new javascript.NodeProject({ name: 'p', defaultReleaseBranch: 'main', outdir: temporaryOutdir(), github: false, jest: false });

  it('writes each id with its reason above it and its expiry as Trivy reads it', () => {
    const p = project();
    const ignore = new TrivyIgnore(p);
    ignore.addIgnore({ id: 'GHSA-abcd-efgh-ijkl', reason: 'Dev-only tool,\nnot in the image.' });
    ignore.addIgnore({ id: 'CVE-2026-0001', reason: 'No fix yet.', expires: '2027-01-31' });
    p.synth();
    const text = readFileSync(join(p.outdir, '.trivyignore'), 'utf-8');
    expect(text.split('\n').slice(1)).toEqual(['', '# Dev-only tool,', '# not in the image.', 'GHSA-abcd-efgh-ijkl', '', '# No fix yet.', 'CVE-2026-0001 exp:2027-01-31', '']);
    expect(ignore.ids).toEqual(['GHSA-abcd-efgh-ijkl', 'CVE-2026-0001']);
  });

  it('refuses an ignore without a reason, a bad id, a day that does not exist, and a duplicate', () => {
    const p = project();
    new TrivyIgnore(p, {
      entries: [
        { id: 'CVE-2026-0001', reason: ' ' },
        { id: 'CVE-26-1', reason: 'typo' },
        { id: 'CVE-2026-0002', reason: 'later', expires: '2027-02-30' },
        { id: 'CVE-2026-0002', reason: 'again' },
      ],
    });
    expect(messageOf(() => p.synth())).toBe(nothingWritten([
      '[MissingReason] TrivyIgnore@.trivyignore: the ignore of CVE-2026-0001 has no reason. Fix: Say why it is safe to ignore (not reachable, no fix yet, ...), for whoever reviews it.',
      '[InvalidFindingId] TrivyIgnore@.trivyignore: "CVE-26-1" is not a finding id. Fix: Give the id Trivy reports, such as "CVE-2026-12345" or "GHSA-abcd-efgh-ijkl".',
      '[InvalidExpiry] TrivyIgnore@.trivyignore: the ignore of CVE-2026-0002 expires on "2027-02-30", which is not a day. Fix: Write it as YYYY-MM-DD, such as "2027-01-31".',
      '[DuplicateIgnore] TrivyIgnore@.trivyignore: CVE-2026-0002 is ignored twice. Fix: Keep one entry, with one reason.',
    ]));
    expect(readdirSync(p.outdir)).toEqual([]);
  });

  it('writes an expired ignore, and warns that Trivy reports the finding again', () => {
    const p = project();
    new TrivyIgnore(p, { entries: [{ id: 'CVE-2020-0001', reason: 'No fix yet.', expires: '2020-01-31' }] });
    const warn = vi.spyOn(p.logger, 'warn');
    p.synth();
    expect(warn.mock.calls.map((call) => call.join(' '))).toEqual([
      '[ExpiredIgnore] TrivyIgnore@.trivyignore: the ignore of CVE-2020-0001 expired on 2020-01-31, so Trivy reports it again. Fix: Fix the finding and remove the entry, or renew the expiry with a reason.',
    ]);
    expect(readFileSync(join(p.outdir, '.trivyignore'), 'utf-8')).toContain('\nCVE-2020-0001 exp:2020-01-31\n');
  });
});

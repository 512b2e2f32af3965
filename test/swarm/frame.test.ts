// The framed output a swarm job sends back through its log: only the last frame with the run's
// nonce counts, and a file whose size or sha256 differs from what the job sent is refused.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demuxLog, jobScript, readFrame } from '../../harness/sandboxes/swarm/frame.js';

const N = 'abc123';
function frame(files: Record<string, string>, code = '0', tamper?: (b64: string) => string): string {
  const lines = [`WB-FRAME ${N} BEGIN ${code}`];
  for (const [name, text] of Object.entries(files)) {
    const b = Buffer.from(text);
    lines.push(`WB-FILE ${N} ${name} ${b.length} ${createHash('sha256').update(b).digest('hex')}`);
    const e = tamper ? tamper(b.toString('base64')) : b.toString('base64');
    for (let i = 0; i < e.length; i += 76) lines.push(e.slice(i, i + 76));
  }
  lines.push(`WB-FRAME ${N} END`);
  return lines.join('\n') + '\n';
}

describe('swarm job output frame', () => {
  it('reads files and the exit code back exactly', () => {
    const big = 'x'.repeat(1000) + '\n✓ unicode\n';
    expect(readFrame(frame({ exit: '0\n', 'stdout.log': big, empty: '' }, '3'), N)).toMatchObject({
      ok: true,
      exitCode: 3,
      files: { exit: '0\n', 'stdout.log': big, empty: '' },
    });
    expect(readFrame(frame({}, 'deadline'), N)).toEqual({ ok: true, exitCode: null, files: {}, raw: {} });
  });

  it('takes the last frame: an earlier forged one never counts', () => {
    const log = `${frame({ exit: '0\n' })}noise\n${frame({ exit: '1\n' })}`;
    expect(readFrame(log, N)).toMatchObject({ ok: true, files: { exit: '1\n' } });
  });

  it('refuses altered, cut or foreign output', () => {
    expect(
      readFrame(
        frame({ report: 'not ok 1\n' }, '0', () => Buffer.from('ok 1\n').toString('base64')),
        N,
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/altered/) });
    const cut = frame({ report: 'abc' }).split('\n').slice(0, -2).join('\n');
    expect(readFrame(cut, N)).toMatchObject({ ok: false, reason: expect.stringMatching(/cut short/) });
    expect(readFrame(frame({ exit: '0' }), 'other')).toMatchObject({ ok: false });
    expect(readFrame(frame({ '../x': '0' }), N)).toMatchObject({ ok: false });
  });

  it('demultiplexes Docker log headers and quotes the command for sh', () => {
    const body = Buffer.from('hello\n');
    const head = Buffer.alloc(8);
    head[0] = 1;
    head.writeUInt32BE(body.length, 4);
    expect(demuxLog(Buffer.concat([head, body, head, body]))).toBe('hello\nhello\n');
    const script = jobScript({
      nonce: N,
      inputs: [{ target: "/tmp/it's", parts: [] }],
      cmd: ['sh', "/tmp/a'b.sh"],
      collect: '/tmp/r',
      deadlineSec: 10,
    });
    expect(script).toContain(`': > '/tmp/it'\\''s'`.slice(1));
    expect(script).toContain(`'sh' '/tmp/a'\\''b.sh'`);
  });
});

// The frames between the coordinator and an agent job's daemon: a type byte, a 4-byte length and
// the bytes, read back whole however the stream is cut, and refused past the wire's limit.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { outputIntact } from '../../harness/sandboxes/swarm/remote/remote-box.js';
import { encodeFrame, FRAME, FrameReader } from '../../harness/sandboxes/swarm/remote/wire.js';

describe('agent job wire frames', () => {
  it('come back whole and in order whatever the chunk boundaries', () => {
    const sent = [
      encodeFrame(FRAME.stdout, 'hello'),
      encodeFrame(FRAME.stderr, Buffer.from([0, 255, 10])),
      encodeFrame(FRAME.stdinEnd),
      encodeFrame(FRAME.exit, JSON.stringify({ code: 3 })),
    ];
    const bytes = Buffer.concat(sent);
    for (const size of [1, 2, 5, 7, bytes.length]) {
      const reader = new FrameReader();
      const got: { type: number; payload: Buffer }[] = [];
      for (let at = 0; at < bytes.length; at += size) got.push(...reader.push(bytes.subarray(at, at + size)));
      expect(got.map((f) => [f.type, Buffer.from(f.payload).toString('hex')])).toEqual([
        [FRAME.stdout, Buffer.from('hello').toString('hex')],
        [FRAME.stderr, '00ff0a'],
        [FRAME.stdinEnd, ''],
        [FRAME.exit, Buffer.from('{"code":3}').toString('hex')],
      ]);
    }
  });

  it('refuses a frame longer than the wire ever sends', () => {
    const head = Buffer.alloc(5);
    head[0] = FRAME.stdout;
    head.writeUInt32BE(0xffffffff, 1);
    expect(() => new FrameReader().push(head)).toThrow(/over the wire's limit/);
  });

  it("accept a command's output only when its size and sha256 are what the daemon sent", () => {
    const sent = Buffer.from('app/src/calc.js\0...a tar of /app...');
    const exit = { code: 0, stdoutBytes: sent.length, stdoutSha256: createHash('sha256').update(sent).digest('hex') };
    expect(outputIntact(Buffer.from(sent), exit)).toBe(true);
    const altered = Buffer.from(sent);
    altered[3] = altered[3]! ^ 1;
    expect(outputIntact(altered, exit)).toBe(false);
    expect(outputIntact(sent.subarray(0, sent.length - 1), exit)).toBe(false);
  });
});

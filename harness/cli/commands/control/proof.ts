// `wave-bench control proof get|register|supersede|revoke`: operator proof bundles.
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../options.js';
import {
  escapeLine,
  proofBundles,
  registerProofBundle,
  revokeProofBundle,
  supersedeProofBundle,
} from '../../../../orchestrator/operator-entry.js';
import { common, print, ref, type Common } from './shared.js';

export const proofCommand: CommandModule = {
  command: 'proof <action>',
  describe: 'Operator proof bundles: get, register, supersede, revoke',
  builder: (y) =>
    common(y)
      .positional('action', {
        choices: ['get', 'register', 'supersede', 'revoke'] as const,
        demandOption: true,
        describe: 'List bundles, register one, register a successor of one, or revoke one',
      })
      .option('file', { type: 'string', describe: 'register: bundle JSON file' })
      .option('id', { type: 'string', describe: 'revoke: bundle id' })
      .option('reason', { type: 'string', default: 'revoked by operator', describe: 'revoke: why (recorded)' })
      .check((a) => {
        if (a.action === 'register' && !a.file) throw new UsageError('proof register needs --file <bundle.json>');
        if (a.action === 'revoke' && !a.id) throw new UsageError('proof revoke needs --id <bundle id>');
        if (a.action === 'supersede' && (!a.id || !a.file))
          throw new UsageError('proof supersede needs --id <active bundle id> and --file <new bundle.json>');
        return true;
      }),
  handler: (raw) => {
    const a = raw as unknown as Common & { action: string; file: string; id: string; reason: string };
    if (a.action === 'get') {
      const bundles = proofBundles(ref(a), a.id);
      print(
        a,
        bundles,
        bundles
          .map((b) =>
            escapeLine(
              `${b.id} [${b.state}] ${b.agentId}${b.authoritative ? ' authoritative' : ''}: ${b.summary}${b.supersededBy ? ` (superseded by ${b.supersededBy})` : ''}${b.revokedReason ? ` (revoked: ${b.revokedReason})` : ''}`,
            ),
          )
          .join('\n') || 'no proof bundles',
      );
      return;
    }
    if (a.action === 'supersede') {
      const ev = supersedeProofBundle(ref(a), a.id, resolve(a.file));
      print(a, ev, `proof bundle ${ev.entityId} supersedes ${a.id}`);
      return;
    }
    const ev = a.action === 'register' ? registerProofBundle(ref(a), resolve(a.file)) : revokeProofBundle(ref(a), a.id, a.reason);
    print(a, ev, `${a.action === 'register' ? 'registered' : 'revoked'} proof bundle ${ev.entityId}`);
  },
};

// `wave-bench control feedback list|show|watch|respond`: questions for a person and their answers.
import type { CommandModule } from 'yargs';
import { checkNumbers, UsageError } from '../../options.js';
import { answerTask, escapeLine, humanQuestions, type HumanQuestion } from '../../../../orchestrator/operator-entry.js';
import { common, print, ref, type Common } from './shared.js';

const questionLine = (q: HumanQuestion) =>
  `${q.id} [${q.kind}/${q.state}] ${q.askedBy}: ${q.question}${q.state === 'answered' ? ` → ${q.answer ?? '(no answer text)'}` : ''}`;

export const feedbackCommand: CommandModule = {
  command: 'feedback <action>',
  describe: 'Questions for a person: list, show, watch (print new ones as they come), respond',
  builder: (y) =>
    common(y)
      .positional('action', {
        choices: ['list', 'show', 'watch', 'respond'] as const,
        demandOption: true,
        describe: 'list, show, watch (only read) or respond (answers)',
      })
      .option('id', { type: 'string', describe: "show/respond: the question's record id" })
      .option('answer', { type: 'string', describe: 'respond: the answer text' })
      .option('agent', { type: 'string', default: 'operator', describe: 'respond: who answers' })
      .option('open', { type: 'boolean', default: false, describe: 'list/watch: only questions still waiting' })
      .option('interval', { type: 'number', default: 1, describe: 'watch: seconds between looks' })
      .option('timeout', { type: 'number', describe: 'watch: stop after this many seconds (default: until interrupted)' })
      .check((a) => {
        if ((a.action === 'show' || a.action === 'respond') && !a.id) throw new UsageError(`feedback ${a.action} needs --id <record id>`);
        if (a.action === 'respond' && !a.answer) throw new UsageError('feedback respond needs --answer');
        return checkNumbers(a, {
          interval: { min: 0, max: 3600, integer: false, above: true },
          timeout: { min: 0, max: 604_800, integer: false },
        });
      }),
  handler: async (raw) => {
    const a = raw as unknown as Common & {
      action: string;
      id?: string;
      answer?: string;
      agent: string;
      open: boolean;
      interval: number;
      timeout?: number;
    };
    const r = ref(a);
    if (a.action === 'respond') {
      print(a, answerTask(r, a.id!, a.answer!, a.agent), `answered ${a.id}`);
      return;
    }
    const pick = () => humanQuestions(r).filter((q) => !a.open || q.state === 'open');
    if (a.action === 'list') {
      const qs = pick();
      print(a, qs, qs.length ? qs.map(questionLine).map(escapeLine).join('\n') : 'no questions for a person');
      return;
    }
    if (a.action === 'show') {
      const q = humanQuestions(r).find((x) => x.id === a.id);
      if (!q) throw new UsageError(`no question ${a.id} in lane ${a.lane} wave ${a.wave} (see \`wave-bench control feedback list\`)`);
      const lines = [
        questionLine(q),
        `asked at: ${q.askedAt}`,
        ...(q.detail ? [`detail: ${q.detail}`] : []),
        q.state === 'open' ? `answer with: ${q.answerCommand}` : `answered by: ${q.answeredBy ?? 'unknown'}`,
        ...q.launcher.map((e) => `launcher ${e.action} (attempt ${e.attempt}) at ${e.at}`),
      ];
      print(a, q, lines.map(escapeLine).join('\n'));
      return;
    }
    // watch: one line per question each time it appears or changes state.
    const seen = new Map<string, string>();
    const end = a.timeout === undefined ? Infinity : Date.now() + a.timeout * 1000;
    for (;;) {
      for (const q of pick()) {
        if (seen.get(q.id) === q.state) continue;
        seen.set(q.id, q.state);
        process.stdout.write(
          a.json
            ? JSON.stringify(q) + '\n'
            : `${escapeLine(questionLine(q))}${q.state === 'open' ? `\n  answer with: ${escapeLine(q.answerCommand)}` : ''}\n`,
        );
      }
      if (Date.now() >= end) return;
      await new Promise((res) => setTimeout(res, Math.min(a.interval * 1000, Math.max(0, end - Date.now()))));
    }
  },
};

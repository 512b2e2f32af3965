// Maps an abstract step onto the tools one CLI offered, in that CLI's own argument shape:
// claude (Read/Edit/Write/Bash, absolute file_path), opencode (read/edit/write/bash, camelCase
// filePath), codex (apply_patch as free-form or function, exec_command or shell).
import { isAbsolute, join } from 'node:path';
import type { ConversationView, ModelTurn, Step } from './scenario.js';

type Tool = ConversationView['tools'][number];

function find(view: ConversationView, names: string[]): Tool | undefined {
  for (const name of names) {
    const tool = view.tools.find((t) => t.name === name);
    if (tool) return tool;
  }
  return undefined;
}

const abs = (cwd: string, path: string) => (isAbsolute(path) ? path : join(cwd, path));

/** The codex apply_patch text for a step (paths relative to the working directory). */
export function applyPatchText(step: Step): string {
  if (step.kind === 'write')
    return [
      '*** Begin Patch',
      `*** Add File: ${step.path}`,
      ...step.content
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => `+${l}`),
      '*** End Patch',
      '',
    ].join('\n');
  if (step.kind !== 'edit') throw new Error(`no patch for ${step.kind}`);
  const minus = step.old.split('\n').map((l) => `-${l}`);
  const plus = step.new.split('\n').map((l) => `+${l}`);
  return ['*** Begin Patch', `*** Update File: ${step.path}`, '@@', ...minus, ...plus, '*** End Patch', ''].join('\n');
}

function patchCall(tool: Tool, step: Step): ModelTurn {
  const text = applyPatchText(step);
  if (tool.freeform) return { kind: 'tool', name: tool.name, input: text, freeform: true };
  // codex's function form takes `input`; opencode's apply_patch takes `patchText`
  return { kind: 'tool', name: tool.name, input: { [tool.params.includes('patchText') ? 'patchText' : 'input']: text }, freeform: false };
}

function shellCall(view: ConversationView, command: string): ModelTurn | undefined {
  const tool = find(view, ['Bash', 'bash', 'exec_command', 'shell', 'shell_command']);
  if (!tool) return undefined;
  // codex runs exec_command in a login shell by default, whose /etc/profile resets PATH
  if (tool.name === 'exec_command')
    return {
      kind: 'tool',
      name: tool.name,
      input: { cmd: command, ...(tool.params.includes('login') ? { login: false } : {}) },
      freeform: false,
    };
  if (tool.name === 'shell') return { kind: 'tool', name: tool.name, input: { command: ['bash', '-lc', command] }, freeform: false };
  const input: Record<string, unknown> = { command };
  if (tool.params.includes('description')) input.description = 'run a command';
  return { kind: 'tool', name: tool.name, input, freeform: false };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The concrete tool call for `step`, or an error text when this CLI offers no tool for it. */
export function toolCallFor(view: ConversationView, step: Step, cwd: string): ModelTurn {
  const none: ModelTurn = {
    kind: 'text',
    text: `scripted model: no tool for a ${step.kind} step among ${view.tools.map((t) => t.name).join(', ')}`,
  };
  switch (step.kind) {
    case 'read': {
      const tool = find(view, ['Read', 'read']);
      if (tool?.name === 'Read') return { kind: 'tool', name: 'Read', input: { file_path: abs(cwd, step.path) }, freeform: false };
      if (tool) return { kind: 'tool', name: 'read', input: { filePath: abs(cwd, step.path) }, freeform: false };
      return shellCall(view, `cat ${quote(step.path)}`) ?? none;
    }
    case 'edit': {
      const tool = find(view, ['Edit', 'edit', 'apply_patch']);
      if (tool?.name === 'Edit')
        return {
          kind: 'tool',
          name: 'Edit',
          input: { file_path: abs(cwd, step.path), old_string: step.old, new_string: step.new },
          freeform: false,
        };
      if (tool?.name === 'edit')
        return {
          kind: 'tool',
          name: 'edit',
          input: { filePath: abs(cwd, step.path), oldString: step.old, newString: step.new },
          freeform: false,
        };
      return tool ? patchCall(tool, step) : none;
    }
    case 'write': {
      const tool = find(view, ['Write', 'write', 'apply_patch']);
      if (tool?.name === 'Write')
        return { kind: 'tool', name: 'Write', input: { file_path: abs(cwd, step.path), content: step.content }, freeform: false };
      if (tool?.name === 'write')
        return { kind: 'tool', name: 'write', input: { filePath: abs(cwd, step.path), content: step.content }, freeform: false };
      return tool ? patchCall(tool, step) : none;
    }
    case 'shell':
      return shellCall(view, step.command) ?? none;
  }
}

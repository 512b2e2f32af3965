// The shell script a verification container runs as root (docs/pilots.md "Verification trust
// model"): prepare the repository, then run the tests as an unprivileged uid with their report on a
// descriptor root opened into a root-only folder, end every process of that uid, and only then let
// the verifier read the report. Code under test can neither write, rewrite nor append to the report
// after the fact; what it prints reaches stdout.log/stderr.log, never the report.
import type { DatasetRow } from '../schema/pilot.js';
import { filesInPatch, splitBeforeRepoSetCmd } from '../sandboxes/git.js';

export const APP = '/app';
export const PREP_REPORT_FAILED = 9;
export const PREP_RESET_FAILED = 10;
export const PREP_MODEL_PATCH_FAILED = 11;
export const PREP_TEST_PATCH_FAILED = 12;
/** The image offers no way to run the tests as another user (neither setpriv nor coreutils chroot works). */
export const PREP_UNPRIVILEGED_FAILED = 13;
export const NODE_FILE_MARK = '### wave-bench file: ';
/**
 * The uid (and gid) tests run as: not root, and no user of a common base image (node, python,
 * golang and Debian images use 1000 and below; distroless 65532; nobody 65534), so nothing the
 * image ships is writable to it except what the verifier hands over (the repository, a home).
 */
export const TEST_UID = 10999;

/** The last way to drop privileges, for images with neither setpriv nor coreutils chroot (Alpine and busybox): python's own calls. */
export const DROP_PY =
  'import os, sys\nu = int(sys.argv[1])\nos.setgroups([u])\nos.setgid(u)\nos.setuid(u)\nos.execvp(sys.argv[2], sys.argv[2:])\n';

export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// Runners that can only write their report to a path get `/dev/fd/4`, a pipe their unprivileged
// shell creates (a pipe root created could not be reopened by path); `cat` copies it onto the
// root-owned report descriptor. Their own stdout goes to stderr.log.
const throughPipe = (command: string) => `$WB_DROP /bin/sh -c ${shellQuote(`{ ${command} 4>&1 >&2 3>&-; } | "$WB_CAT"`)} >&3`;

/**
 * The programs that write or carry a report, resolved by root on its own PATH (never /app or /tmp)
 * before anything runs: a patch cannot put a `node`, `go` or `cat` of its own in their place. What
 * the runner loads from the repository (jest and mocha from node_modules, pytest's conftest) is
 * still the repository's: see docs/pilots.md "Verification trust model".
 */
const RUNNERS =
  'WB_NODE=$(command -v node); WB_GO=$(command -v go); WB_NPX=$(command -v npx); WB_CAT=$(command -v cat); WB_BASH=$(command -v bash); WB_PY=$(command -v python3 || command -v python)\nexport WB_NODE WB_GO WB_NPX WB_CAT WB_BASH WB_PY';

/**
 * The built-in command for a framework (used when no run scripts are given). It runs as root in
 * `/app`; each runner runs through `$WB_DROP` (unprivileged), by the path root resolved (RUNNERS),
 * with descriptor 3, the report, closed
 * except for what the runner itself writes there.
 */
export function testCommand(framework: string, files: string[]): string {
  const quoted = files.map(shellQuote).join(' ');
  switch (framework) {
    case 'node-test':
      // One run per file, its TAP on stdout; the verifier (root) labels each with its file. Test
      // files run in child processes whose output the runner turns into `#` comments.
      return files
        .map(
          (f) =>
            `echo ${shellQuote(`${NODE_FILE_MARK}${f}`)} >&3; $WB_DROP "$WB_NODE" --test --test-reporter=tap ${shellQuote(f)} >&3 3>&-`,
        )
        .join('\n');
    case 'shell':
      return `for f in ${quoted}; do $WB_DROP /bin/sh "$f" </dev/null >/dev/null 2>&1 3>&-; echo "$? $f" >&3; done`;
    case 'go-test': {
      // SWE-bench Pro's go rows list test names (`TestX`, `FuzzY/seed#5`): run just those top-level tests.
      const names = [
        ...new Set(files.filter((f) => /^(Test|Fuzz|Example|Benchmark)\w*(\/|$)/.test(f)).map((f) => f.split('/')[0]!)),
      ].sort();
      const run = names.length && names.length === new Set(files.map((f) => f.split('/')[0])).size ? ` -run '^(${names.join('|')})$'` : '';
      return `$WB_DROP "$WB_GO" test -json${run} ./... >&3 3>&-`;
    }
    case 'jest':
      // `--json` prints the report on stdout and everything else (console output too) on stderr.
      return `$WB_DROP "$WB_NPX" jest --json ${quoted} >&3 3>&-`;
    case 'mocha':
      return throughPipe(`"$WB_NPX" mocha --reporter json --reporter-option output=/dev/fd/4 ${quoted}`);
    default:
      // xunit1 names each test's file, which the pytest node id needs.
      return throughPipe(`"$WB_PY" -m pytest -p no:cacheprovider -o junit_family=xunit1 --junitxml=/dev/fd/4 ${quoted}`);
  }
}

export interface ScriptInput {
  row: DatasetRow;
  modelPatch: string;
  timeoutSec: number;
  /** Run SWE-bench Pro's run_script.sh + parser.py instead of a built-in command. */
  runScripts: boolean;
}

/** Finds a way to run as TEST_UID (setpriv, else coreutils chroot to `/`, else python) and hands it the repository and a home. */
function unprivilegedSetup(home: string, dropPy: string): string[] {
  const id = `${TEST_UID}`;
  // Root runs these by absolute path (resolved on root's PATH); the tests get the image's PATH back.
  const setpriv = `"$T" --reuid=${id} --regid=${id} --clear-groups --`;
  const chroot = `"$T" --skip-chdir --userspec=${id}:${id} --groups=${id} /`;
  const python = `"$T" -I ${dropPy} ${id}`;
  // GOTOOLCHAIN=local: go never switches to a toolchain a go.mod names (found on the tests' PATH).
  const env = `$(command -v env) PATH=$WB_PATH HOME=${home} GOCACHE=${home}/.cache/go-build GOTOOLCHAIN=local`;
  const drop = (way: string) => `WB_DROP="${env} ${way.replace(/"\$T"/, '$T')}"`;
  return [
    `if T=$(command -v setpriv) && [ "$(${setpriv} id -u 2>/dev/null)" = ${id} ]; then ${drop(setpriv)}`,
    `elif T=$(command -v chroot) && [ "$(${chroot} id -u 2>/dev/null)" = ${id} ]; then ${drop(chroot)}`,
    `elif T=$(command -v python3 || command -v python) && [ "$(${python} id -u 2>/dev/null)" = ${id} ]; then ${drop(python)}`,
    `else echo 'the image can run nothing as another user: it needs setpriv (util-linux), coreutils chroot or python, and the container must start as root' >&2; exit ${PREP_UNPRIVILEGED_FAILED}; fi`,
    `export WB_DROP`,
    `mkdir -m 700 ${home} && chown ${id}:${id} ${home} && chown -R ${id}:${id} ${APP} || exit ${PREP_UNPRIVILEGED_FAILED}`,
    // go: a module cache under root's home (GOPATH unset) stays readable to the tests.
    `if command -v go >/dev/null 2>&1; then GOMODCACHE=$(cd / && go env GOMODCACHE) && export GOMODCACHE && d=$GOMODCACHE && while [ "$d" != / ] && [ -n "$d" ]; do chmod o+x "$d"; d=$(dirname "$d"); done; fi`,
  ];
}

/** Ends every process of TEST_UID (kill -1 as that uid reaches all of them and nothing else), twice for forks in flight; /bin/sh by path, as the tests' PATH may hold a planted one. */
const SWEEP = `$WB_DROP /bin/sh -c 'kill -9 -1' 2>/dev/null; $WB_DROP /bin/sh -c 'kill -9 -1' 2>/dev/null`;

/**
 * Verification as one script, the fresh container's own process (no exec round trips): prepare the
 * repository (distinct exit codes per failed step, messages in prep.log), run the tests under
 * `timeout -s KILL` unprivileged, sweep their processes, and for run scripts run parser.py (as
 * root, on the swept logs). Everything it learns is left in `report`, a root-only folder.
 */
export function verificationScript(o: ScriptInput, report: string, input: string): string {
  const base = o.row.base_commit;
  const official = o.runScripts;
  // SWE-bench Pro's protocol runs only the last line of before_repo_set_cmd (its test staging
  // checkout) after the patch, and never test_patch; rows that stage no tests get test_patch instead.
  const staging = official ? officialTestStaging(o.row) : splitBeforeRepoSetCmd(o.row.before_repo_set_cmd, base).testStaging;
  const applyTestPatch = !official || staging.length === 0;
  const restore = !applyTestPatch
    ? []
    : filesInPatch(o.row.test_patch).map(
        (f) =>
          `if git cat-file -e ${base}:${shellQuote(f)} 2>/dev/null; then git checkout -q ${base} -- ${shellQuote(f)}; else rm -f ${shellQuote(f)}; fi`,
      );
  const parse = o.runScripts
    ? [
        `PY=$(command -v python3 || command -v python) || { echo 'the image has no python3 or python to run parser.py' > ${report}/parser.log; echo 127 > ${report}/parser-exit; exit 0; }`,
        // -I: the script's folder (/tmp, where the tests could have written) is not on sys.path.
        `"$PY" -I ${input}-parser.py ${report}/stdout.log ${report}/stderr.log ${report}/output.json > ${report}/parser.log 2>&1; echo $? > ${report}/parser-exit`,
      ]
    : [];
  return [
    // Everything the verifier writes is root's alone; the tests script sets the usual umask back.
    'umask 077',
    // Root never runs a program from where a patch or the tests can write: /app and /tmp leave its
    // PATH (a node image's /app/node_modules/.bin, say); the tests get the image's PATH back.
    'WB_PATH=$PATH; P=; OLD_IFS=$IFS; IFS=:; for d in $PATH; do case $d in /app|/app/*|/tmp|/tmp/*) ;; /*) P=$P${P:+:}$d;; esac; done; IFS=$OLD_IFS',
    'export WB_PATH PATH="${P:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"',
    `mkdir -m 700 ${report} || exit ${PREP_REPORT_FAILED}`,
    `exec 2> ${report}/prep.log`,
    // Root preparing a repository the image's user owns (SWE-bench Pro images and fixtures differ): git must not refuse it.
    `export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*'`,
    // The official entry script resets and checks out the base without cleaning untracked files.
    `cd ${APP} && git reset -q --hard ${base} && ${official ? `git checkout -q ${base}` : 'git clean -qfd'} || exit ${PREP_RESET_FAILED}`,
    o.modelPatch.trim() ? `git apply --whitespace=nowarn ${input}-model.patch || exit ${PREP_MODEL_PATCH_FAILED}` : '',
    ...restore,
    applyTestPatch ? `git apply --whitespace=nowarn ${input}-test.patch || exit ${PREP_TEST_PATCH_FAILED}` : '',
    // The row's own test staging (`git checkout <fix> -- <tests>`), after the model patch as in SWE-bench Pro's harness.
    ...staging.map((line) => `${line} || exit ${PREP_TEST_PATCH_FAILED}`),
    'unset GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0',
    ...unprivilegedSetup(`${input}-home`, `${input}-drop.py`),
    `exec 2>&1`,
    `read T0 REST < /proc/uptime`,
    `timeout -s KILL ${Math.max(1, Math.ceil(o.timeoutSec))} ${official ? 'bash' : 'sh'} ${input}-tests.sh 3> ${report}/report > ${report}/stdout.log 2> ${report}/stderr.log`,
    `echo $? > ${report}/exit`,
    `read T1 REST < /proc/uptime`,
    SWEEP,
    `echo "$T0 $T1" > ${report}/uptime`,
    ...parse,
    'exit 0',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The tests script (run as root in /app; runners drop to TEST_UID through `$WB_DROP`). With a run
 * script, the Dockerfiles' ENV lines are exported first, as the official entry script does.
 */
export function testsScript(framework: string, files: string[], runScript?: { file: string; exports: string[] }): string {
  const tests = runScript ? `$WB_DROP "$WB_BASH" ${runScript.file} ${shellQuote(files.join(','))} 3>&-` : testCommand(framework, files);
  // Exported after root has resolved its runners, so an exported PATH cannot change which programs root runs.
  return ['umask 022', RUNNERS, ...(runScript?.exports ?? []), `cd ${APP}`, tests, ''].join('\n');
}

/** The official protocol's test staging: the last line of before_repo_set_cmd when it is a `git checkout <fix> -- <tests>`. */
export function officialTestStaging(row: Pick<DatasetRow, 'before_repo_set_cmd' | 'base_commit'>): string[] {
  const last = row.before_repo_set_cmd.trim().split('\n').pop()?.trim() ?? '';
  return splitBeforeRepoSetCmd(last, row.base_commit).testStaging;
}

/** The official entry script's environment: every line of both Dockerfiles that starts with `ENV`, as `export …` (the same line-by-line rewrite). */
export function dockerfileEnvExports(row: Pick<DatasetRow, 'base_dockerfile' | 'instance_dockerfile'>): string[] {
  return [row.base_dockerfile, row.instance_dockerfile].flatMap((text) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('ENV'))
      .map((l) => l.replace('ENV', 'export')),
  );
}

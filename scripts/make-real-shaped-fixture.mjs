// Regenerates test/fixtures/swe-bench-pro/real-shaped/: one task in SWE-bench Pro's exact shape that
// builds and verifies offline. Its base Dockerfile clones the repository (from a git bundle, as the
// real ones clone from GitHub) and pins the base commit; its instance Dockerfile starts
// `FROM base_<owner>__<repo>` and writes /preprocess.sh and /build.sh with quoted-delimiter heredocs;
// before_repo_set_cmd ends with the test staging checkout; list fields are Python-literal strings;
// run_scripts/<id>/ holds a run_script.sh (fetches dependencies over the network, starts the service
// the tests need, rewrites describe titles so ids name their files) and a parser.py reading the
// mocha-style JSON the tests print. Content is our own. Run: node scripts/make-real-shaped-fixture.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test', 'fixtures', 'swe-bench-pro', 'real-shaped');
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'fixture',
  GIT_AUTHOR_EMAIL: 'fixture@wave-bench',
  GIT_COMMITTER_NAME: 'fixture',
  GIT_COMMITTER_EMAIL: 'fixture@wave-bench',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

const PORT = 6390;
const BASE_FILES = {
  'package.json': '{ "name": "kvstore", "version": "1.0.0", "private": true }\n',
  'src/kv.js': `'use strict';
// Client for the kv service: one request per line, one reply per line.
const net = require('node:net');

let socket = null;
let buffered = '';
const waiting = [];

function connect(port) {
  return new Promise((resolve, reject) => {
    socket = net.connect({ host: '127.0.0.1', port }, resolve);
    socket.once('error', reject);
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      buffered += chunk;
      for (let at = buffered.indexOf('\\n'); at >= 0; at = buffered.indexOf('\\n')) {
        const line = buffered.slice(0, at);
        buffered = buffered.slice(at + 1);
        waiting.shift()?.(line);
      }
    });
  });
}

const send = (line) => new Promise((resolve) => {
  waiting.push(resolve);
  socket.write(line + '\\n');
});

const ping = async () => (await send('PING')).slice(1);
const set = async (key, value) => (await send('SET ' + key + ' ' + value)).slice(1);
const get = async (key) => (await send('GET ' + key)).slice(1);
const close = () => socket?.end();

module.exports = { connect, ping, set, get, close };
`,
  'service/kv-server.js': `'use strict';
// The kv service the tests talk to (started by the run script, as NodeBB's starts redis).
const net = require('node:net');

const store = new Map();
const port = Number(process.argv[2] || ${PORT});

net.createServer((socket) => {
  socket.setEncoding('utf8');
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk;
    for (let at = buffered.indexOf('\\n'); at >= 0; at = buffered.indexOf('\\n')) {
      const [command, key, ...rest] = buffered.slice(0, at).split(' ');
      buffered = buffered.slice(at + 1);
      if (command === 'PING') socket.write('+PONG\\n');
      else if (command === 'SET') {
        store.set(key, rest.join(' '));
        socket.write('+OK\\n');
      } else if (command === 'GET') socket.write(store.has(key) ? '$' + store.get(key) + '\\n' : '-\\n');
      else socket.write('-ERR unknown command\\n');
    }
  });
}).listen(port, '127.0.0.1');
`,
  'service/ping.js': `'use strict';
// Exits 0 when the kv service answers PING.
const net = require('node:net');

const socket = net.connect({ host: '127.0.0.1', port: Number(process.argv[2] || ${PORT}) });
socket.setTimeout(1000, () => process.exit(1));
socket.on('error', () => process.exit(1));
socket.on('connect', () => socket.write('PING\\n'));
socket.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));
`,
  'scripts/mocha-json.mjs': `// node:test reporter printing results in the shape of mocha's JSON reporter:
// { stats, tests, pending, failures, passes }, each test { title, fullTitle, file, duration, err }.
export default async function* mochaJson(source) {
  const titles = [];
  const tests = [];
  const lists = { passes: [], failures: [], pending: [] };
  for await (const event of source) {
    const data = event.data;
    if (event.type === 'test:start') {
      titles[data.nesting] = data.name;
      titles.length = data.nesting + 1;
    }
    if ((event.type === 'test:pass' || event.type === 'test:fail') && data.details?.type !== 'suite') {
      const test = { title: data.name, fullTitle: [...titles.slice(0, data.nesting), data.name].join(' '), file: data.file, duration: Math.round(data.details?.duration_ms ?? 0), err: event.type === 'test:fail' ? { message: String(data.details?.error?.cause?.message ?? data.details?.error?.message ?? '') } : {} };
      tests.push(test);
      (data.skip || data.todo ? lists.pending : event.type === 'test:pass' ? lists.passes : lists.failures).push(test);
    }
  }
  yield JSON.stringify({ stats: { tests: tests.length, passes: lists.passes.length, pending: lists.pending.length, failures: lists.failures.length }, tests, ...lists }, null, 2) + '\\n';
}
`,
  'test/kv.js': `'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const kv = require('../src/kv');

describe('KV store', () => {
  before(() => kv.connect(${PORT}));
  after(() => kv.close());

  it('should answer ping', async () => {
    assert.strictEqual(await kv.ping(), 'PONG');
  });

  require('./kv/keys');
});
`,
  'test/kv/keys.js': `'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert');
const kv = require('../../src/kv');

describe('Key methods', () => {
  it('should set a key without error', async () => {
    assert.strictEqual(await kv.set('greeting', 'hello'), 'OK');
  });

  it('should get a key without error', async () => {
    await kv.set('colour', 'blue');
    assert.strictEqual(await kv.get('colour'), 'blue');
  });
});
`,
};
const GOLD = {
  'src/kv.js': BASE_FILES['src/kv.js'].replace(
    "const get = async (key) => (await send('GET ' + key)).slice(1);",
    "const get = async (key) => {\n  const reply = await send('GET ' + key);\n  return reply === '-' ? null : reply.slice(1);\n};",
  ),
};
const TESTS = {
  'test/kv/keys.js': BASE_FILES['test/kv/keys.js'].replace(
    "    assert.strictEqual(await kv.get('colour'), 'blue');\n  });\n",
    "    assert.strictEqual(await kv.get('colour'), 'blue');\n  });\n\n  it('should return null if key does not exist', async () => {\n    assert.strictEqual(await kv.get('no-such-key'), null);\n  });\n",
  ),
};
// A patch that fixes the bug but breaks the service the tests need: the run script's setup fails.
const BREAKS_SETUP = {
  ...GOLD,
  'service/kv-server.js': BASE_FILES['service/kv-server.js'].replace(
    "}).listen(port, '127.0.0.1');",
    "}).listen(port, '127.0.0.1');\nprocess.exit(3);",
  ),
};

function writeAll(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

const pyList = (items) => `[${items.map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`;

rmSync(out, { recursive: true, force: true });
const dir = mkdtempSync(join(tmpdir(), 'real-shaped-'));
git(dir, 'init', '-q', '-b', 'main');
writeAll(dir, BASE_FILES);
git(dir, 'add', '-A');
git(dir, 'commit', '-qm', 'kv store with key methods');
const base = git(dir, 'rev-parse', 'HEAD').trim();
writeAll(dir, GOLD);
writeAll(dir, TESTS);
git(dir, 'add', '-A');
git(dir, 'commit', '-qm', 'get returns null for a missing key');
const fix = git(dir, 'rev-parse', 'HEAD').trim();
const patch = git(dir, 'diff', base, fix, '--', 'src');
const testPatch = git(dir, 'diff', base, fix, '--', 'test');
git(dir, 'checkout', '-q', base);
writeAll(dir, BREAKS_SETUP);
const breaksSetup = git(dir, 'diff');
git(dir, 'checkout', '-q', '--', '.');
git(dir, 'checkout', '-q', 'main');

const id = `instance_wave-bench__kvstore-${fix}-vnan`;
mkdirSync(join(out, 'repos', id), { recursive: true });
git(dir, 'bundle', 'create', '-q', join(out, 'repos', id, 'kvstore.bundle'), 'HEAD', 'main');
rmSync(dir, { recursive: true, force: true });

const testFiles = ['test/kv.js', 'test/kv/keys.js'];
const failToPass = ['test/kv.js | KV store test/kv/keys.js::Key methods should return null if key does not exist'];
const passToPass = [
  'test/kv.js | KV store should answer ping',
  'test/kv.js | KV store test/kv/keys.js::Key methods should set a key without error',
  'test/kv.js | KV store test/kv/keys.js::Key methods should get a key without error',
];

const baseDockerfile = `###############################################
# BASE IMAGE
###############################################
FROM wave-bench/fixture-base:latest

###############################################
# WORKING DIRECTORY
###############################################
USER root
RUN mkdir -p /app
WORKDIR /app

###############################################
# SYSTEM DEPENDENCIES
###############################################
# (The fixture base image already carries node, git and python3; only the usual /bin/bash path is missing.)
RUN [ -e /bin/bash ] || cp /usr/bin/bash /bin/bash

ENV KV_CONFIG='{ "host": "127.0.0.1", "port": ${PORT} }'
ENV KV_PORT=${PORT}

###############################################
# REPO SETUP
###############################################
# No registry or forge is reachable here: the repository arrives as a git bundle instead of a clone URL.
COPY repo/kvstore.bundle /tmp/kvstore.bundle
RUN git clone -q /tmp/kvstore.bundle . && rm /tmp/kvstore.bundle

# Freeze the repository to a reproducible state.
RUN git checkout -q ${base}

###############################################
# ENTRYPOINT / CMD
###############################################
ENTRYPOINT ["/bin/bash"]
`;

const instanceDockerfile = `FROM base_wave-bench__kvstore

# Write preprocess and build scripts
ENV NODE_ENV=test
ENV KV_TIMEOUT_MS=2000

RUN cat <<'EOFPREP' > /preprocess.sh
#!/bin/bash

cd /app

git reset -q --hard ${base}
git clean -fdx
git checkout -q ${base}


cd /

EOFPREP
RUN chmod +x /preprocess.sh
RUN /preprocess.sh



RUN cat <<'EOFBUILD' > /build.sh
#!/bin/sh
cd /app
set -e

###############################################
# BUILD STEP (OPTIONAL)
###############################################
echo "================= build start ================="
node -e "require('./src/kv.js')" && echo "client loads"
echo "================= build end ================="

EOFBUILD
RUN chmod +x /build.sh
RUN /build.sh`;

const row = {
  repo: 'wave-bench/kvstore',
  instance_id: id,
  base_commit: base,
  patch,
  test_patch: testPatch,
  problem_statement: 'Reading a key that does not exist returns an empty string; it should return null.',
  requirements: '- `get(key)` resolves to `null` when the key is not stored.\n- Stored values are returned unchanged.',
  interface: 'No new interfaces are introduced',
  repo_language: 'js',
  fail_to_pass: pyList(failToPass),
  pass_to_pass: pyList(passToPass),
  issue_specificity: "['minor_bug']",
  issue_categories: "['back_end_knowledge']",
  before_repo_set_cmd: `git reset --hard ${base}\ngit clean -fd \ngit checkout ${base} \ngit checkout ${fix} -- ${testFiles.join(' ')}`,
  selected_test_files_to_run: pyList(testFiles),
  dockerhub_tag: `wave-bench.kvstore-wave-bench__kvstore-${fix}-vnan`,
  base_dockerfile: baseDockerfile,
  instance_dockerfile: instanceDockerfile,
};
writeFileSync(join(out, 'tasks.jsonl'), JSON.stringify(row) + '\n');
mkdirSync(join(out, 'patches'), { recursive: true });
writeFileSync(join(out, 'patches', 'breaks-setup.diff'), breaksSetup);

const runScript = `#!/bin/bash
### COMMON SETUP; DO NOT MODIFY ###
set -e

# --- CONFIGURE THIS SECTION ---
has_default_route() {
  local iface destination rest
  while read -r iface destination rest; do
    [ "$destination" = "00000000" ] && return 0
  done < /proc/net/route
  return 1
}

prepare_test_environment() {
  # Dependencies are fetched at test time (as NodeBB's script runs npm install): that needs a network.
  if ! has_default_route; then
    echo "npm ERR! code ENETUNREACH: no route to the package mirror" >&2
    exit 1
  fi

  node service/kv-server.js ${PORT} > /tmp/kv-server.log 2>&1 &
  kv_pid=$!
  for _ in {1..50}; do
    node service/ping.js ${PORT} && break
    # A service that has exited will never answer: stop waiting for it.
    kill -0 "$kv_pid" 2>/dev/null || break
    echo "Waiting for the kv service to start..."
    sleep 0.2
  done
  node service/ping.js ${PORT} || { echo "error: the kv service did not start" >&2; cat /tmp/kv-server.log >&2; exit 1; }
  echo "Test environment prepared"

  cp -r test/. /tmp/test

  # Ids name the file of every describe: "<file>::" goes in front of each describe title.
  find test/ -type f -name '*.js' -print0 | while IFS= read -r -d '' file; do
    sed -i -E "s#(describe\\(\\s*)(['\\"])#\\1\\2\${file}::#g" "$file"
  done
}

cleanup() {
  if [ -d /tmp/test ]; then cp -r /tmp/test/. test; fi
}

trap cleanup EXIT

run_all_tests() {
  echo "Running all tests..."
  prepare_test_environment
  node --test --test-concurrency=1 --test-reporter=./scripts/mocha-json.mjs test/ || true
}

run_selected_tests() {
  local test_files=("$@")
  echo "Running selected tests: \${test_files[@]}"

  # Keep the file part of "file | test name" arguments.
  for idx in "\${!test_files[@]}"; do
    test_files[$idx]="\${test_files[$idx]%% | *}"
  done

  prepare_test_environment
  node --test --test-concurrency=1 --test-reporter=./scripts/mocha-json.mjs "\${test_files[@]}" || true
}
# --- END CONFIGURATION SECTION ---


### COMMON EXECUTION; DO NOT MODIFY ###

# No args is all tests
if [ $# -eq 0 ]; then
  run_all_tests
  exit $?
fi

# Handle comma-separated input
if [[ "$1" == *","* ]]; then
  IFS=',' read -r -a TEST_FILES <<< "$1"
else
  TEST_FILES=("$@")
fi

# Run them all together
run_selected_tests "\${TEST_FILES[@]}"
`;

const parser = `"""
Test results parser for the kvstore fixture, in the shape of SWE-bench Pro's parser.py.

Input: the run script's stdout and stderr files. Output: a JSON file
{"tests": [{"name": "<file> | <full title>", "status": "PASSED|FAILED|SKIPPED|ERROR"}]}.
The tests print mocha-style JSON documents; a describe title carrying "<file>::" names the file.
"""

import json
import re
import sys

DOCUMENT = re.compile(r"^\\{\\n.*?\\n\\}$", re.MULTILINE | re.DOTALL)
FILE_IN_TITLE = re.compile(r"(\\S+)::")
STATUS_OF = {"passes": "PASSED", "pending": "SKIPPED", "failures": "FAILED"}


def test_names(stdout: str) -> list:
    results = []
    for match in DOCUMENT.finditer(stdout):
        try:
            document = json.loads(match.group(0))
        except json.JSONDecodeError:
            continue
        for key, status in STATUS_OF.items():
            for test in document.get(key, []):
                file = re.sub(r"^(?:/app/)?", "", test.get("file", ""))
                title = test.get("fullTitle", "")
                named = FILE_IN_TITLE.search(title)
                if named:
                    file = named.group(1)
                    title = title.replace(file + "::", "", 1)
                results.append({"name": f"{file} | {title}", "status": status})
    return results


def main() -> None:
    stdout_path, _stderr_path, output_path = sys.argv[1:4]
    with open(stdout_path, encoding="utf-8", errors="replace") as handle:
        tests = test_names(handle.read())
    with open(output_path, "w", encoding="utf-8") as handle:
        json.dump({"tests": tests}, handle, indent=2)


if __name__ == "__main__":
    main()
`;
const info = `Instance ID: ${id}
Repository: ${row.repo}
Base Commit: ${base}
Test Files: ${JSON.stringify(testFiles)}
FAIL_TO_PASS: ${JSON.stringify(failToPass)}
PASS_TO_PASS: ${JSON.stringify(passToPass)}
`;
mkdirSync(join(out, 'run_scripts', id), { recursive: true });
writeFileSync(join(out, 'run_scripts', id, 'run_script.sh'), runScript);
writeFileSync(join(out, 'run_scripts', id, 'parser.py'), parser);
writeFileSync(join(out, 'run_scripts', id, 'instance_info.txt'), info);
console.log(`wrote ${id} to ${out}`);

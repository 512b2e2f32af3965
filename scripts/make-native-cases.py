import json, os
OUT='/work/main/cases'
def post(id, kind, summary, targets=(), priority='normal', **kw):
    d={"id":id,"kind":kind,"summary":summary,"targets":list(targets)}
    if priority!='normal': d['priority']=priority
    d.update(kw); return {"post":d}
def agent(id,title,owned,prompt,rules,obs=(),caps=(),comps=()):
    a={"id":id,"title":title,"ownedPaths":owned,"prompt":prompt}
    if caps: a['capabilities']=list(caps)
    if comps: a['components']=list(comps)
    a['observations']=[o if isinstance(o,dict) else {"text":o} for o in obs]
    a['rules']=rules
    return a
def case(id,title,family,bid,desc,primary,agents,expect,scoring,probes,**fx):
    fixture={"primaryAgent":primary,"agents":agents}; fixture.update(fx)
    c={"id":id,"title":title,"family":family,"benchmarkId":bid,"description":desc,"fixture":fixture,"expectations":expect,"scoring":scoring,"probes":probes}
    json.dump(c,open(f'{OUT}/{id}.json','w'),indent=2); open(f'{OUT}/{id}.json','a').write('\n')
    return c
def sc(primary,metrics,threshold=100):
    return {"primaryMetric":primary,"threshold":threshold,"practicalWin":10,"metrics":[primary]+[m for m in metrics if m!=primary]}
cases=[]
# 1 hidden profile
cases.append(case('wave-hidden-profile-private-evidence','A private fact changes the migration plan','hidden-profile-pooling','native/hidden-profile/private-evidence',
 'Probes conflict gating and retries. The migration owner claims a single-batch migration is safe; only the payments owner knows the table is sharded by region, which contradicts that claim. The fact must reach the integration-visible state and the final plan before closure.',
 'A1',[
  agent('A1','Migration owner',['services/migration'],'Own the payments migration plan; post the plan as a decision.',[
   {"when":{"start":True},"unless":{"knows":"PAYMENTS-SHARDED-BY-REGION"},"do":[post('c-single-batch','claim','MIGRATION-SINGLE-BATCH-SAFE: the payments migration can run in one batch',['component:migration']),post('d-migration-plan','decision','Plan: run the payments migration in one batch',['component:migration'])]},
   {"when":{"knows":"PAYMENTS-SHARDED-BY-REGION"},"do":[post('d-migration-plan','decision','Plan: run the payments migration per shard because PAYMENTS-SHARDED-BY-REGION',['component:migration'],'high'),{"resolve":"c-single-batch"}]}],
   obs=[{"text":"The migration tool runs one batch by default.","about":["component:migration"]}],comps=['migration']),
  agent('A2','Payments owner',['services/payments'],'Own payments; report what you know that affects the migration.',[
   {"when":{"start":True},"do":[post('c-payments-sharded','claim','PAYMENTS-SHARDED-BY-REGION: a single-batch migration would lock every region',['component:migration'],'high')]}],
   obs=[{"text":"PAYMENTS-SHARDED-BY-REGION: the payments table is sharded by region; a single-batch migration would lock every region","about":["component:migration"],"kind":"claim"}])],
 {"facts":[{"id":"sharding","token":"PAYMENTS-SHARDED-BY-REGION","holder":"A2","deliverTo":["A1"]}],"decision":{"kind":"decision","tokens":["PAYMENTS-SHARDED-BY-REGION"]},"conflicts":[{"claims":["c-payments-sharded","c-single-batch"]}]},
 sc('distributed-info-accuracy',['global-state-reconstruction-rate','latent-asymmetry-surfacing-rate','premature-convergence-rate','contradiction-detection-rate','integration-coherence-rate']),['conflict-gating','retry']))
# 2 silo
def answer(agent_id, token_text, eid):
    return {"when":{"inboxContains":["q-a1-observations","(assigned)"]},"do":[post(eid,'evidence',token_text,['agent:A1'],'high'),{"resolve":"q-a1-observations"}]}
cases.append(case('wave-silo-cross-agent-state','Two owners hold half of the root cause each','silo-escape','native/silo/cross-agent-state',
 'Probes routing, inboxes and retries. The API owner sees 502s at checkout. The queue owner sees consumer lag; the database owner sees an exhausted connection pool. Only both facts together give the root cause (pool exhaustion starves the consumers), and each owner reports only when a request is routed to them.',
 'A1',[
  agent('A1','Checkout API owner',['services/checkout'],'Find the root cause of the checkout 502s and post it as a decision.',[
   {"when":{"attempt":1},"unless":{"knows":["CONSUMER-LAG-40M","POOL-EXHAUSTED-20"]},"do":[post('q-a1-observations','request','What do the queue and the database show during the 502s?',['capability:queue','capability:database'],'high'),post('b-a1-root-cause','blocker','Root cause of the checkout 502s unknown: need queue and database observations',['agent:A1'],'high')]},
   {"when":{"knows":["CONSUMER-LAG-40M","POOL-EXHAUSTED-20"]},"do":[post('d-root-cause','decision','Root cause: POOL-EXHAUSTED-20 starves the queue consumers, causing CONSUMER-LAG-40M and the checkout 502s',['component:checkout'],'high')]},
   {"when":{"knows":["CONSUMER-LAG-40M","POOL-EXHAUSTED-20"],"recordOpen":"b-a1-root-cause"},"do":[{"resolve":"b-a1-root-cause"}]}],
   obs=[{"text":"CHECKOUT-502: checkout returns 502s during the incident window","about":["component:checkout"]}],caps=['api'],comps=['checkout']),
  agent('A2','Queue owner',['services/queue'],'Own the order queue; answer requests routed to you.',[answer('A2','Order consumers are behind: CONSUMER-LAG-40M during the incident window','e-queue-lag')],
   obs=[{"text":"CONSUMER-LAG-40M: order consumers are behind during the incident window","about":["component:checkout"]}],caps=['queue']),
  agent('A3','Database owner',['services/database'],'Own the database; answer requests routed to you.',[answer('A3','Connection pool at its limit: POOL-EXHAUSTED-20 connections busy, requests queueing','e-db-pool')],
   obs=[{"text":"POOL-EXHAUSTED-20: the connection pool is at its limit, requests queueing","about":["component:checkout"]}],caps=['database'])],
 {"facts":[{"id":"queue-lag","token":"CONSUMER-LAG-40M","holder":"A2","deliverTo":["A1"]},{"id":"db-pool","token":"POOL-EXHAUSTED-20","holder":"A3","deliverTo":["A1"]}],"decision":{"kind":"decision","tokens":["CONSUMER-LAG-40M","POOL-EXHAUSTED-20"]}},
 sc('distributed-info-accuracy',['latent-asymmetry-surfacing-rate','global-state-reconstruction-rate','communication-reasoning-gap','targeted-inbox-recall','premature-convergence-rate']),['routing','inboxes','retry']))
# 3 blackboard: keep seeds from existing file
old=json.load(open(f'{OUT}/wave-blackboard-inbox-targeting.json'))
seeds=old['fixture']['seedRecords']
cases.append(case('wave-blackboard-inbox-targeting','Owner-specific facts through a crowded blackboard','blackboard-fidelity','native/blackboard/inbox-targeting',
 'Probes inboxes and summary compression. Seventy low-priority notes crowd the blackboard. Two owner-specific facts (a renamed schema field for the client owner, a retry budget for the API owner) must land in the right inboxes and survive summary compression.',
 'A1',[
  agent('A1','API owner',['services/api'],'Own the API; tell the owners what your changes mean for them.',[
   {"when":{"start":True},"do":[post('e-field-renamed','evidence','Contract change: SCHEMA-V2-FIELD-RENAMED (customer_id is now account_id)',['agent:A2'],'high')]}],
   obs=[{"text":"SCHEMA-V2-FIELD-RENAMED: customer_id is now account_id in the v2 contract; the client owner must know","about":["component:api"]}],comps=['api']),
  agent('A2','Client owner',['services/client'],'Own the client; follow contract changes.',[{"when":{"start":True},"do":[{"exit":0}]}]),
  agent('A3','Platform owner',['services/platform'],'Own the platform limits; tell the owners what limits them.',[
   {"when":{"start":True},"do":[post('e-retry-budget','evidence','Platform limit: RETRY-BUDGET-3 per request for the API gateway',['agent:A1'],'high')]}],
   obs=[{"text":"RETRY-BUDGET-3: the API gateway allows three retries per request; the API owner must know","about":["component:api"]}])],
 {"facts":[{"id":"field-renamed","token":"SCHEMA-V2-FIELD-RENAMED","holder":"A1","deliverTo":["A2"]},{"id":"retry-budget","token":"RETRY-BUDGET-3","holder":"A3","deliverTo":["A1"]}]},
 sc('targeted-inbox-recall',['summary-fact-retention-rate','global-state-reconstruction-rate','latent-asymmetry-surfacing-rate']),['inboxes','summary'],seedRecords=seeds))
# 4 contradiction
cases.append(case('wave-contradiction-conflict','Conflicting ledger claims become owned repair work','contradiction-recovery','native/contradiction/ledger-claims',
 'Probes conflict gating. The ledger owner claims postings are idempotent; the payments owner observed double postings on retry. The conflict must become a blocker owned by the ledger owner (the component owner repairs on a tie) and block PASS until the ledger is repaired.',
 'A1',[
  agent('A1','Ledger owner',['services/ledger'],'Own the ledger; keep your claims true and repair what is shown broken.',[
   {"when":{"start":True},"unless":{"knows":"LEDGER-DOUBLE-POSTS"},"do":[post('c-ledger-idempotent','claim','LEDGER-IDEMPOTENT: replaying a batch never double-posts',['component:ledger'])]},
   {"when":{"knows":"LEDGER-DOUBLE-POSTS"},"do":[post('e-ledger-repair','evidence','REPAIR-DEDUPE-BY-BATCH-ID: retries now dedupe by batch id; double posting fixed',['component:ledger'],'high')]},
   {"when":{"knows":"LEDGER-DOUBLE-POSTS","recordOpen":"c-ledger-idempotent"},"do":[{"resolve":"c-ledger-idempotent"}]}],
   obs=[{"text":"LEDGER-IDEMPOTENT: the ledger's replay path was designed to be idempotent","about":["component:ledger"],"kind":"claim"}],comps=['ledger']),
  agent('A2','Payments owner',['services/payments'],'Own payments; report what you observe about the ledger.',[
   {"when":{"start":True},"unless":{"knows":"REPAIR-DEDUPE-BY-BATCH-ID"},"do":[post('c-ledger-double-posts','claim','LEDGER-DOUBLE-POSTS: a retried batch was posted twice in staging',['component:ledger'])]},
   {"when":{"knows":"REPAIR-DEDUPE-BY-BATCH-ID","recordOpen":"c-ledger-double-posts"},"do":[{"resolve":"c-ledger-double-posts"}]}],
   obs=[{"text":"LEDGER-DOUBLE-POSTS: a retried batch was posted twice in staging","about":["component:ledger"],"kind":"claim"}])],
 {"conflicts":[{"claims":["c-ledger-idempotent","c-ledger-double-posts"]}],"facts":[{"id":"double-posts","token":"LEDGER-DOUBLE-POSTS","holder":"A2","deliverTo":["A1"]}],"decision":{"kind":"evidence","tokens":["REPAIR-DEDUPE-BY-BATCH-ID"]}},
 sc('distributed-info-accuracy',['contradiction-detection-rate','repair-closure-rate','false-consensus-rate','integration-coherence-rate','deadlock-rate']),['conflict-gating']))
# 5 lockstep
def mig(agent_id):
    rules=[]
    for r in ['eu','us','ap']:
        rules.append({"when":{"inboxContains":f"MIGRATE-{r.upper()} (assigned)"},"do":[{"resolve":f"q-shard-{r}"},post(f'e-{agent_id.lower()}-q-shard-{r}','evidence',f'{agent_id} migrated {r.upper()}',['agent:A1'])]})
    rules.append({"when":{"start":True},"do":[{"exit":0}]})
    return rules
cases.append(case('wave-simultaneous-lockstep','Three simultaneous migrations over distinct owners','simultaneous-coordination','native/simultaneous/lockstep',
 'Probes routing. The coordinator asks for three shard migrations at the same moment, each to anyone with the db-migration capability. They must be spread over distinct owners and all finish, not collapse onto one agent or stall.',
 'A1',[agent('A1','Migration coordinator',['services/coordination'],'Get the EU, US and AP shards migrated by whoever can.',[
   {"when":{"attempt":1},"do":[post('q-shard-eu','request','MIGRATE-EU',['capability:db-migration'],'high'),post('q-shard-us','request','MIGRATE-US',['capability:db-migration'],'high'),post('q-shard-ap','request','MIGRATE-AP',['capability:db-migration'],'high')]}],
   obs=[{"text":"The EU, US and AP shards each need a migration by someone with the db-migration capability.","about":["subject:shard-migrations"]}])]+
  [agent(i,t,[f'services/{p}'],'Migrate the shards routed to you.',mig(i),caps=['db-migration']) for i,t,p in [('A2','DBA east','east'),('A3','DBA west','west'),('A4','DBA south','south')]],
 {"simultaneousBlockers":["q-shard-eu","q-shard-us","q-shard-ap"]},
 sc('contention-resolution-rate',['symmetry-breaking-rate','deadlock-rate']),['routing','retry']))
# 6 expert routing
cases.append(case('wave-expert-routing-preservation','The routed specialist\u2019s advice survives into the decision','expertise-leverage','native/expertise/routing-preservation',
 'Probes routing and evidence ranking. The auth owner and a generalist both believe salted SHA1 is fine; the request for crypto advice must be routed by capability to the preferred specialist, whose evidence must prevail over the two unrouted claims and reach the final decision.',
 'A1',[
  agent('A1','Auth service owner',['services/auth'],'Choose the password hashing scheme for auth and post it as a decision.',[
   {"when":{"attempt":1},"unless":{"knows":"USE-ARGON2ID-NOT-SHA1"},"do":[post('q-hashing','request','Which password hashing scheme should auth use?',['capability:crypto'],'high'),post('c-a1-hashing','claim','HASHING-SHA1-OK: salted SHA1 is fine for passwords',['component:auth']),post('d-hashing','decision','Hash passwords with salted SHA1 (default)',['component:auth'])]},
   {"when":{"knows":"USE-ARGON2ID-NOT-SHA1"},"do":[post('d-hashing','decision','Hash passwords as the specialist advised: USE-ARGON2ID-NOT-SHA1',['component:auth'],'high')]},
   {"when":{"knows":"USE-ARGON2ID-NOT-SHA1","recordOpen":"c-a1-hashing"},"do":[{"resolve":"c-a1-hashing"}]}],
   obs=[{"text":"HASHING-SHA1-OK: the auth service has always used salted SHA1","about":["component:auth"],"kind":"claim"}],comps=['auth']),
  agent('A2','Generalist',['services/tools'],'Help where you can; keep your claims true.',[
   {"when":{"start":True},"unless":{"inboxContains":"your claim c-a2-hashing"},"do":[post('c-a2-hashing','claim','HASHING-SHA1-OK: salted SHA1 is fine for passwords',['component:auth'])]},
   {"when":{"inboxContains":"your claim c-a2-hashing"},"do":[{"resolve":"c-a2-hashing"}]}],
   obs=[{"text":"HASHING-SHA1-OK: salted SHA1 has worked fine in past projects","about":["component:auth"],"kind":"claim"}],caps=['crypto']),
  agent('A3','Crypto specialist',['services/crypto'],'Answer crypto questions routed to you.',[
   {"when":{"inboxContains":["q-hashing","(assigned)"]},"do":[post('e-hashing-advice','evidence','Advice: USE-ARGON2ID-NOT-SHA1; SHA1 is broken for passwords',['agent:A1','component:auth'],'high'),{"resolve":"q-hashing"}]}],
   obs=[{"text":"USE-ARGON2ID-NOT-SHA1: SHA1 is broken for password hashing; use argon2id","about":["component:auth"]}],caps=['crypto'])],
 {"routing":[{"request":"q-hashing","expectedAssignee":"A3"}],"specialistSignals":[{"agent":"A3","token":"USE-ARGON2ID-NOT-SHA1"}],"decision":{"kind":"decision","tokens":["USE-ARGON2ID-NOT-SHA1"]}},
 sc('expert-preservation-rate',['capability-routing-precision','expert-performance-gap','distributed-info-accuracy']),['routing','evidence-ranking','retry'],preferredAgents={"crypto":"A3"}))
# 7 premature closure
cases.append(case('wave-premature-closure-guard','An open clarification keeps closure blocked','hidden-profile-pooling','native/hidden-profile/premature-closure',
 'Probes closure gates and retries. The archive owner asks compliance how long records must be kept. Until compliance answers, the clarification chain is open and the wave must not close; the answer must be visible when it does.',
 'A1',[
  agent('A1','Archive owner',['services/archive'],'Set the archive retention; ask compliance when unsure.',[
   {"when":{"start":True},"unless":{"knows":"RETENTION-7-YEARS"},"do":[post('c-retention','clarification-request','How long must archived records be kept?',['agent:A2'],'high')]},
   {"when":{"knows":"RETENTION-7-YEARS"},"do":[post('d-retention','decision','Archive retention set to RETENTION-7-YEARS',['component:archive'])]}],
   obs=[{"text":"The archive keeps records for one year today; nobody on the team knows the legal minimum.","about":["component:archive"]}],comps=['archive']),
  agent('A2','Compliance owner',['services/compliance'],'Answer compliance questions.',[
   {"when":{"recordOpen":"c-retention"},"do":[post('e-retention','evidence','Regulation requires RETENTION-7-YEARS',['agent:A1'],'high',closureCondition='clarification:c-retention',status='resolved'),{"resolve":"c-retention"}]},
   {"when":{"start":True},"do":[{"exit":0}]}],
   obs=[{"text":"RETENTION-7-YEARS: regulation requires archived records to be kept seven years","about":["component:archive"]}])],
 {"facts":[{"id":"retention","token":"RETENTION-7-YEARS","holder":"A2","deliverTo":["A1"]}]},
 sc('premature-convergence-rate',['global-state-reconstruction-rate','latent-asymmetry-surfacing-rate']),['closure-gates','retry']))
# 8 late evidence
cases.append(case('wave-late-evidence-closure','A scanner finding arrives while the wave closes','late-evidence','native/late-evidence/closing-scan',
 'Probes late evidence. The dependency owner claims the pinned dependencies are safe. While the integration stage runs, the nightly scanner reports a CVE in one of them: the closure must be invalidated and the owner relaunched to settle the claim, not closed on a claim the new evidence reached.',
 'A1',[
  agent('A1','Dependency owner',['services/deps'],'Own the pinned dependencies; keep your claims true.',[
   {"when":{"start":True},"unless":{"knows":"CVE-2026-1234"},"do":[post('c-deps-safe','claim','DEPS-PINNED-SAFE: the pinned dependencies have no known vulnerabilities',['component:deps'])]},
   {"when":{"knows":"CVE-2026-1234"},"do":[post('d-upgrade','decision','Upgrade libfoo to 2.4.1 because of CVE-2026-1234',['component:deps'],'high')]},
   {"when":{"knows":"CVE-2026-1234","recordOpen":"c-deps-safe"},"do":[{"resolve":"c-deps-safe"}]}],
   obs=[{"text":"DEPS-PINNED-SAFE: last month's audit found no known vulnerabilities in the pinned dependencies","about":["component:deps"],"kind":"claim"}],comps=['deps']),
  agent('A2','Release owner',['services/release'],'Prepare the release notes.',[{"when":{"start":True},"do":[post('e-release-notes','evidence','Release notes drafted',['component:release'])]}],
   obs=[{"text":"The release notes are ready to draft.","about":["component:release"]}],comps=['release'])],
 {"conflicts":[{"claims":["c-deps-safe","e-scan-cve"]}],"decision":{"kind":"decision","tokens":["CVE-2026-1234"]}},
 sc('false-consensus-rate',['repair-closure-rate','distributed-info-accuracy','integration-coherence-rate']),['late-evidence'],
 arrivals=[{"stage":"integration","record":{"id":"e-scan-cve","kind":"evidence","agentId":"nightly-scanner","targets":["claim:c-deps-safe","agent:A1"],"summary":"Scanner: CVE-2026-1234 in libfoo 2.3.0 (pinned); fixed in 2.4.1","priority":"urgent"}}]))
# 9 overdue ack
cases.append(case('wave-overdue-ack-reroute','A silent assignee does not stall the wave','responsiveness','native/responsiveness/overdue-ack',
 'Probes overdue-acknowledgement rerouting. The checkout owner needs its error strings translated. Routing prefers the localisation lead, who never acknowledges; after one run without an acknowledgement the request must be rerouted to the other capable agent instead of waiting or re-running the silent one.',
 'A1',[
  agent('A1','Checkout owner',['services/checkout'],'Get the checkout error strings translated.',[
   {"when":{"attempt":1},"do":[post('q-translate','request','Translate the checkout error strings into German',['capability:i18n'],'high')]}],
   obs=[{"text":"The checkout error strings exist only in English.","about":["component:checkout"]}],comps=['checkout']),
  agent('A2','Localisation lead',['services/i18n-lead'],'Translate strings routed to you.',[{"when":{"start":True},"do":[{"exit":0}]}],caps=['i18n']),
  agent('A3','Translator',['services/i18n'],'Translate strings routed to you.',[
   {"when":{"inboxContains":["q-translate","(assigned)"]},"do":[{"ack":"q-translate"},post('e-translated','evidence','TRANSLATED-DE: checkout error strings translated into German',['agent:A1']),{"resolve":"q-translate"}]}],caps=['i18n'])],
 {"simultaneousBlockers":["q-translate"],"routing":[{"request":"q-translate","expectedAssignee":"A3"}]},
 sc('contention-resolution-rate',['capability-routing-precision','deadlock-rate']),['overdue-reroute','routing','retry'],preferredAgents={"i18n":"A2"}))
# 10 unroutable
cases.append(case('wave-unroutable-request','A request nobody can answer keeps the wave open','premature-closure','native/premature-closure/unroutable',
 'Probes unroutable blocking. The retention owner needs a legal review before the new retention terms ship, but no agent has the legal-review capability. The wave must refuse to close (and end promptly, saying why) rather than ship unreviewed terms.',
 'A1',[
  agent('A1','Retention owner',['services/retention'],'Ship the new retention terms once legal has reviewed them.',[
   {"when":{"attempt":1},"do":[post('q-legal','request','LEGAL-REVIEW-NEEDED: approve the new data retention terms',['capability:legal-review'],'high'),post('d-terms','decision','Ship the new retention terms',['component:retention'])]}],
   obs=[{"text":"LEGAL-REVIEW-NEEDED: the new retention terms may not ship without a legal review","about":["component:retention"]}],comps=['retention']),
  agent('A2','Storage owner',['services/storage'],'Own storage.',[{"when":{"start":True},"do":[post('e-storage-ready','evidence','Storage can apply the new terms',['component:retention'])]}])],
 {"closure":"must-not-close"},
 sc('premature-convergence-rate',['deadlock-rate','integration-coherence-rate']),['unroutable-blocking','closure-gates']))
# 11 evidence over majority
cases.append(case('wave-evidence-over-majority','The routed specialist outweighs a majority','expertise-leverage','native/expertise/evidence-over-majority',
 'Probes evidence ranking. Two cache owners claim a 300-second TTL is safe; the performance specialist, routed by capability, claims it causes a stampede. Ranked by majority the specialist would be overruled and withdraw; ranked by evidence the two unrouted claims must be repaired and the decision must follow the specialist.',
 'A1',[
  agent('A1','Cache owner',['services/cache'],'Choose the cache TTL and post it as a decision.',[
   {"when":{"attempt":1},"unless":{"knows":"CACHE-STAMPEDE-AT-TTL-300"},"do":[post("q-ttl","request","Is a 300 s cache TTL safe under peak load?",["capability:performance"],"high"),post("c-a1-ttl","claim","CACHE-TTL-300-SAFE: a 300 s TTL is safe under load",["component:cache"])]},
   {"when":{"start":True},"unless":{"knows":"CACHE-STAMPEDE-AT-TTL-300"},"do":[post('d-ttl','decision','Cache TTL 300 s, fixed',['component:cache'])]},
   {"when":{"knows":"CACHE-STAMPEDE-AT-TTL-300"},"do":[post('d-ttl','decision','Cache TTL 300 s with jitter because CACHE-STAMPEDE-AT-TTL-300',['component:cache'],'high')]},
   {"when":{"inboxContains":"your claim c-a1-ttl"},"do":[{"resolve":"c-a1-ttl"}]}],
   obs=[{"text":"CACHE-TTL-300-SAFE: the cache has run with a 300 s TTL in staging","about":["component:cache"],"kind":"claim"}],comps=['cache']),
  agent('A2','Cache co-owner',['services/cache-admin'],'Help run the cache; keep your claims true.',[
   {"when":{"start":True},"unless":{"inboxContains":"your claim c-a2-ttl"},"do":[post('c-a2-ttl','claim','CACHE-TTL-300-SAFE: a 300 s TTL is safe under load',['component:cache'])]},
   {"when":{"inboxContains":"your claim c-a2-ttl"},"do":[{"resolve":"c-a2-ttl"}]}],
   obs=[{"text":"CACHE-TTL-300-SAFE: no cache incidents last quarter","about":["component:cache"],"kind":"claim"}]),
  agent('A3','Performance specialist',['services/perf'],'Answer performance questions routed to you; keep your claims true.',[
   {"when":{"inboxContains":["q-ttl","(assigned)"]},"unless":{"inboxContains":"your claim c-perf-stampede"},"do":[post('c-perf-stampede','claim','CACHE-STAMPEDE-AT-TTL-300: synchronized expiry stampedes the database at peak; add jitter',['component:cache'],'high'),{"resolve":"q-ttl"}]},
   {"when":{"inboxContains":"your claim c-perf-stampede"},"do":[{"resolve":"c-perf-stampede"}]}],
   obs=[{"text":"CACHE-STAMPEDE-AT-TTL-300: synchronized expiry stampedes the database at peak load","about":["component:cache"],"kind":"claim"}],caps=['performance'])],
 {"specialistSignals":[{"agent":"A3","token":"CACHE-STAMPEDE-AT-TTL-300"}],"decision":{"kind":"decision","tokens":["CACHE-STAMPEDE-AT-TTL-300"]},"conflicts":[{"claims":["c-a1-ttl","c-perf-stampede"]}]},
 sc('expert-preservation-rate',['distributed-info-accuracy','contradiction-detection-rate','expert-performance-gap']),['evidence-ranking','conflict-gating','routing']))
# 12 overhead
cases.append(case('wave-solo-task-overhead','One owner knows everything: coordination only costs','coordination-overhead','native/overhead/solo-task',
 'Probes nothing: no information is distributed. The config owner knows everything the decision needs; the other owners have nothing to add. Every arm should pass, so the case shows what the wave costs (attempts, records, agent time) when coordination brings no benefit.',
 'A1',[
  agent('A1','Config owner',['services/config'],'Set the connection timeout and post it as a decision.',[
   {"when":{"knows":"TIMEOUT-30S"},"do":[post('d-timeout','decision','Connection timeout set to TIMEOUT-30S per the SLA',['component:config'])]}],
   obs=[{"text":"TIMEOUT-30S: the SLA requires a 30 s connection timeout","about":["component:config"]}],comps=['config']),
  agent('A2','Logging owner',['services/logging'],'Own logging.',[{"when":{"start":True},"do":[post('e-logging','evidence','Logging unchanged this wave',['component:logging'])]}],comps=['logging']),
  agent('A3','Metrics owner',['services/metrics'],'Own metrics.',[{"when":{"start":True},"do":[post('e-metrics','evidence','Metrics unchanged this wave',['component:metrics'])]}],comps=['metrics'])],
 {"decision":{"kind":"decision","tokens":["TIMEOUT-30S"]}},
 sc('distributed-info-accuracy',['latent-asymmetry-surfacing-rate']),[]))
cat=json.load(open(f'{OUT}/catalog.json'))
for c in cases: cat['cases'][c['id']]={"family":c['family'],"benchmarkId":c['benchmarkId']}
cat['families'].setdefault('late-evidence','Evidence that arrives while the wave closes must reopen what it reaches.')
cat['families'].setdefault('responsiveness','Requests must not stall on a silent assignee.')
cat['families'].setdefault('premature-closure','A wave must not close while something nobody can answer is outstanding.')
cat['families'].setdefault('coordination-overhead','What coordination costs when it brings no benefit.')
json.dump(cat,open(f'{OUT}/catalog.json','w'),indent=2); open(f'{OUT}/catalog.json','a').write('\n')

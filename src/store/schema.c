/*
 * This file implements the schema of the SQLite backend as an ordered list of migrations.
 * A database records the number of steps applied in PRAGMA user_version; store_open applies the rest
 * in one transaction. Never edit a step that has shipped: add a new one.
 *
 * Directories are versioned: each *_version table holds every dated state of every entry.
 * "k" is the entry's key as text, a virtual column computed from the key fields (a credit code, a person id,
 * an item code, "person/uscc" for a conflict); the row whose valid_to IS NULL is the current one; the state
 * as of day D is the row with valid_from <= D < valid_to. "removed" marks an entry taken out of the directory
 * (a --full import that no longer lists it). seen_batch/seen_line note the last batch (and its file line)
 * that listed the entry: they find duplicates within a file and what a --full import no longer lists, and are
 * bookkeeping outside the content hashes. Every version belongs to the batch (change set) that wrote it,
 * which records who, when, from which file and with which effective date; the batch's audit entry carries a
 * hash over the key, change kind and row hash (core dir_row_hash) of every version it wrote, so a row edited
 * afterwards no longer matches its batch.
 */
#include "store/store-internal.h"

#define VERSION_COLUMNS                                                                                      \
	"id INTEGER PRIMARY KEY, valid_from TEXT NOT NULL, valid_to TEXT, "                                  \
	"batch_id INTEGER NOT NULL REFERENCES batch(id), src_line INTEGER, "                                 \
	"change TEXT NOT NULL, removed INTEGER NOT NULL DEFAULT 0, "                                         \
	"seen_batch INTEGER, seen_line INTEGER, "

#define VERSION_INDEXES(t) "CREATE UNIQUE INDEX " t "_current ON " t "(k) WHERE valid_to IS NULL;"

const char *const store_migrations[] = {
    /* 1: organisation, change sets, audit chain, the four directories */
    "CREATE TABLE org("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  name TEXT NOT NULL, region TEXT NOT NULL,"
    "  level TEXT NOT NULL CHECK (level IN ('city','county')),"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL);"
    "CREATE TABLE batch("
    "  id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, command TEXT NOT NULL,"
    "  source TEXT, source_sha256 TEXT, effective TEXT NOT NULL,"
    "  added INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0,"
    "  unchanged INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0, note TEXT);"
    "CREATE TABLE audit("
    "  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
    "  subject TEXT NOT NULL, content_hash TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE TABLE uscc_override("
    "  uscc TEXT PRIMARY KEY, reason TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,"
    "  batch_id INTEGER REFERENCES batch(id));"
    "CREATE TABLE object_version(" VERSION_COLUMNS
    "  uscc TEXT NOT NULL, name TEXT NOT NULL, region TEXT NOT NULL, industry TEXT NOT NULL,"
    "  class TEXT NOT NULL, city_managed TEXT, permit_class TEXT, permit_no TEXT,"
    "  positive_list TEXT, perf_grade TEXT, pollutants TEXT, monitoring TEXT, status TEXT,"
    "  entity_type TEXT, risk TEXT, address TEXT,"
    "  k TEXT GENERATED ALWAYS AS (uscc) VIRTUAL);" VERSION_INDEXES(
	"object_version") "CREATE TABLE person_version(" VERSION_COLUMNS
			  "  pid TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, cert_no TEXT, unit "
			  "TEXT NOT NULL,"
			  "  department TEXT, position TEXT, region TEXT NOT NULL, years TEXT, expertise "
			  "TEXT, active TEXT,"
			  "  k TEXT GENERATED ALWAYS AS (pid) VIRTUAL);" VERSION_INDEXES(
			      "person_version") "CREATE TABLE conflict_version(" VERSION_COLUMNS
						"  person TEXT NOT NULL, uscc TEXT NOT NULL, reason TEXT,"
						"  k TEXT GENERATED ALWAYS AS (person || '/' || uscc) "
						"VIRTUAL);" VERSION_INDEXES(
						    "conflict_version") "CREATE TABLE "
									"item_version(" VERSION_COLUMNS
									"  code TEXT NOT NULL, name TEXT NOT "
									"NULL, department TEXT NOT NULL, "
									"content TEXT,"
									"  legal_basis TEXT NOT NULL, "
									"classes TEXT, method TEXT,"
									"  k TEXT GENERATED ALWAYS AS (code) "
									"VIRTUAL);" VERSION_INDEXES(
									    "item_version"),

    /* 2: tasks — every inspection to be made: a draw's visits (random) and targeted inspections */
    "CREATE TABLE task("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('random','targeted')),"
    "  draw_id INTEGER, visit_no INTEGER,"
    "  uscc TEXT NOT NULL, items TEXT NOT NULL,"
    "  plan_year INTEGER, plan_lines TEXT,"
    "  slot TEXT, mode TEXT NOT NULL CHECK (mode IN ('现场','非现场')),"
    "  team TEXT NOT NULL DEFAULT '', experts TEXT NOT NULL DEFAULT '',"
    "  trigger TEXT, reference TEXT,"
    "  state TEXT NOT NULL DEFAULT '待检查' CHECK (state IN ('待检查','已检查','已公开','不予公开')),"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
    "  UNIQUE (draw_id, visit_no),"
    "  CHECK ((kind = 'random') = (draw_id IS NOT NULL)),"
    "  CHECK ((kind = 'targeted') = (trigger IS NOT NULL)));"
    "CREATE INDEX task_uscc ON task(uscc);"
    "CREATE INDEX task_state ON task(state);",

    /* 3: draws — the announcement with its frozen frame and secret salt, the run, the reveal */
    "CREATE TABLE draw("
    "  id INTEGER PRIMARY KEY, year INTEGER NOT NULL, period TEXT NOT NULL, lines TEXT NOT NULL,"
    "  plan_version INTEGER NOT NULL DEFAULT 0,"
    "  inputs TEXT NOT NULL, inputs_hash TEXT NOT NULL, salt TEXT NOT NULL, salt_commitment TEXT NOT NULL,"
    "  announcement TEXT NOT NULL, beacon_source TEXT NOT NULL,"
    "  announced_at TEXT NOT NULL, announced_by TEXT NOT NULL,"
    "  beacon_value TEXT, result TEXT, run_at TEXT, run_by TEXT,"
    "  state TEXT NOT NULL CHECK (state IN ('announced','drawn','revealed','void')),"
    "  supersedes INTEGER REFERENCES draw(id), reason TEXT, revealed_at TEXT, reveal_reason TEXT,"
    "  meta TEXT NOT NULL DEFAULT '{}');"
    "CREATE INDEX draw_lines ON draw(year, period, lines);"
    "ALTER TABLE task ADD COLUMN cancelled TEXT;",

    /*
     * 4: users and roles; results with per-item findings; problems and their closed-loop steps;
     * attachments by reference; penalty decisions; disclosure decisions with the frozen public record
     */
    "CREATE TABLE users("
    "  name TEXT PRIMARY KEY, person_id TEXT,"
    "  role TEXT NOT NULL CHECK (role IN ('管理员','执法人员','监督','公开审核')),"
    "  active INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT "
    "NULL,"
    "  CHECK (role <> '执法人员' OR person_id IS NOT NULL));"
    "CREATE TABLE result("
    "  id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES task(id),"
    "  amends INTEGER REFERENCES result(id), reason TEXT,"
    "  outcome TEXT NOT NULL, dates TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL,"
    "  summary TEXT, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_role TEXT NOT NULL);"
    "CREATE INDEX result_task ON result(task_id);"
    "CREATE TABLE result_item("
    "  result_id INTEGER NOT NULL REFERENCES result(id), item TEXT NOT NULL, finding TEXT NOT NULL,"
    "  PRIMARY KEY (result_id, item));"
    "CREATE TABLE problem("
    "  id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES task(id),"
    "  result_id INTEGER NOT NULL REFERENCES result(id),"
    "  item TEXT, description TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('问题','违法行为')),"
    "  state TEXT NOT NULL DEFAULT '发现' CHECK (state IN ('发现','交办','督办','销号')),"
    "  found_on TEXT NOT NULL, assignee TEXT, deadline TEXT, escalated INTEGER NOT NULL DEFAULT 0,"
    "  closed_on TEXT);"
    "CREATE INDEX problem_task ON problem(task_id);"
    "CREATE INDEX problem_state ON problem(state);"
    "CREATE TABLE problem_step("
    "  id INTEGER PRIMARY KEY, problem_id INTEGER NOT NULL REFERENCES problem(id),"
    "  step TEXT NOT NULL CHECK (step IN ('发现','交办','督办','升级督办','销号')),"
    "  on_date TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,"
    "  assignee TEXT, deadline TEXT, note TEXT);"
    "CREATE INDEX problem_step_problem ON problem_step(problem_id);"
    "CREATE TABLE attachment("
    "  id INTEGER PRIMARY KEY, result_id INTEGER REFERENCES result(id),"
    "  step_id INTEGER REFERENCES problem_step(id),"
    "  name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
    "  added_at TEXT NOT NULL, added_by TEXT NOT NULL,"
    "  CHECK ((result_id IS NULL) <> (step_id IS NULL)));"
    "CREATE TABLE penalty("
    "  id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES task(id),"
    "  decision_no TEXT NOT NULL UNIQUE, decided_on TEXT NOT NULL, violation TEXT NOT NULL,"
    "  basis TEXT, content TEXT NOT NULL, fine TEXT,"
    "  recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX penalty_task ON penalty(task_id);"
    "CREATE TABLE disclosure("
    "  task_id INTEGER PRIMARY KEY REFERENCES task(id), result_id INTEGER NOT NULL REFERENCES result(id),"
    "  decision TEXT NOT NULL CHECK (decision IN ('公开','不予公开')), on_date TEXT NOT NULL,"
    "  reason TEXT, note TEXT, record TEXT,"
    "  at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,"
    "  CHECK ((decision = '不予公开') = (reason IS NOT NULL)),"
    "  CHECK ((decision = '公开') = (record IS NOT NULL)));",

    /*
     * 5: trust — the public halves of the bureau's signing keys; per directory version a 64-bit
     * locator of the hash its batch vouches for (row_tag), so that verify names an edited row; indexes
     * for re-hashing a batch and finding a subject's entries; the audit chain and the change sets
     * refuse UPDATE and DELETE (a guard against mistakes in code: sqlite3 can drop a trigger, which
     * "suiji audit verify" then catches through the hashes)
     */
    "CREATE TABLE signing_key("
    "  id INTEGER PRIMARY KEY, alg TEXT NOT NULL CHECK (alg = 'Ed25519'), public_key TEXT NOT NULL UNIQUE,"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL);"
    "ALTER TABLE object_version ADD COLUMN row_tag INTEGER;"
    "ALTER TABLE person_version ADD COLUMN row_tag INTEGER;"
    "ALTER TABLE conflict_version ADD COLUMN row_tag INTEGER;"
    "ALTER TABLE item_version ADD COLUMN row_tag INTEGER;"
    "CREATE INDEX object_version_batch ON object_version(batch_id);"
    "CREATE INDEX person_version_batch ON person_version(batch_id);"
    "CREATE INDEX conflict_version_batch ON conflict_version(batch_id);"
    "CREATE INDEX item_version_batch ON item_version(batch_id);"
    "CREATE INDEX audit_subject ON audit(subject, seq);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END;"
    "CREATE TRIGGER batch_no_delete BEFORE DELETE ON batch"
    "  BEGIN SELECT RAISE(ABORT, '导入批次不能删除'); END;"
    "CREATE TRIGGER signing_key_no_change BEFORE UPDATE ON signing_key"
    "  BEGIN SELECT RAISE(ABORT, '签名密钥登记后不能修改'); END;",

    /*
     * 6: the annual plan (Article 6) — a year's plan, its versions (draft, then filed; an adjustment
     * is a new version with its reason and date) and their lines, numbered per year and never reused;
     * a filed version and its lines can no longer change. The bureau's settings, every change kept.
     * Article 3: a random task must name its plan year and lines; a targeted task one of the eight
     * triggers of Article 2.
     */
    "CREATE TABLE plan("
    "  year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999), next_line INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL);"
    "CREATE TABLE plan_version("
    "  id INTEGER PRIMARY KEY, year INTEGER NOT NULL REFERENCES plan(year),"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','filed')),"
    "  date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', based_on INTEGER REFERENCES plan_version(id),"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
    "  filed_at TEXT, filed_by TEXT, filed_date TEXT, late INTEGER NOT NULL DEFAULT 0, content_hash TEXT,"
    "  UNIQUE (year, version),"
    "  CHECK ((status = 'filed') = (filed_date IS NOT NULL)));"
    "CREATE TABLE plan_line("
    "  id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES plan_version(id),"
    "  line_no INTEGER NOT NULL CHECK (line_no >= 1),"
    "  name TEXT NOT NULL, type TEXT NOT NULL, items TEXT NOT NULL CHECK (items <> ''),"
    "  initiator TEXT NOT NULL, participants TEXT NOT NULL DEFAULT '',"
    "  classes TEXT NOT NULL DEFAULT '', city_managed TEXT NOT NULL DEFAULT '',"
    "  regions TEXT NOT NULL DEFAULT '', industries TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '',"
    "  positive TEXT NOT NULL DEFAULT '',"
    "  period TEXT NOT NULL CHECK (period IN ('quarter','month')),"
    "  rule TEXT NOT NULL CHECK (rule IN ('each','ratio','count','per_staff')),"
    "  value INTEGER NOT NULL DEFAULT 0, staff_departments TEXT NOT NULL DEFAULT '',"
    "  grp TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (version_id, line_no));"
    "CREATE TRIGGER plan_version_frozen BEFORE UPDATE ON plan_version WHEN OLD.status = 'filed'"
    "  BEGIN SELECT RAISE(ABORT, '已备案的计划版本不能修改'); END;"
    "CREATE TRIGGER plan_version_kept BEFORE DELETE ON plan_version"
    "  BEGIN SELECT RAISE(ABORT, '计划版本不能删除'); END;"
    "CREATE TRIGGER plan_line_frozen_insert BEFORE INSERT ON plan_line"
    "  WHEN (SELECT status FROM plan_version WHERE id = NEW.version_id) = 'filed'"
    "  BEGIN SELECT RAISE(ABORT, '已备案的计划版本不能修改'); END;"
    "CREATE TRIGGER plan_line_frozen_update BEFORE UPDATE ON plan_line"
    "  WHEN EXISTS (SELECT 1 FROM plan_version WHERE id IN (OLD.version_id, NEW.version_id) AND status = "
    "'filed')"
    "  BEGIN SELECT RAISE(ABORT, '已备案的计划版本不能修改'); END;"
    "CREATE TRIGGER plan_line_frozen_delete BEFORE DELETE ON plan_line"
    "  WHEN (SELECT status FROM plan_version WHERE id = OLD.version_id) = 'filed'"
    "  BEGIN SELECT RAISE(ABORT, '已备案的计划版本不能修改'); END;"
    "CREATE TABLE setting("
    "  id INTEGER PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',"
    "  at TEXT NOT NULL, actor TEXT NOT NULL);"
    "CREATE INDEX setting_key ON setting(key, id);"
    "CREATE TRIGGER task_random_needs_plan BEFORE INSERT ON task"
    "  WHEN NEW.kind = 'random' AND (NEW.plan_year IS NULL OR coalesce(NEW.plan_lines, '') = '')"
    "  BEGIN SELECT RAISE(ABORT, '无计划清单不检查：随机抽查任务必须注明年度抽查计划及计划事项'); END;"
    "CREATE TRIGGER task_targeted_trigger BEFORE INSERT ON task"
    "  WHEN NEW.kind = 'targeted' AND NEW.trigger NOT IN ('信访投诉举报', '上级转办', '违法案件查处',"
    "    '其他部门移送', '突发环境事件', '核安全检查', '数据分析或监测发现问题', '非现场执法发现问题')"
    "  BEGIN SELECT RAISE(ABORT, '针对性检查的启动原因应为第二条所列八种之一'); END;",

    /*
     * 7: a draw's frozen frame (CJ of its inputs) in a table of its own, compressed: "size" is the
     * length of the text, "data" its zstd frame. The draw row keeps inputs = '' from then on, so its
     * updates (run, reveal, void) no longer rewrite the frame; draws announced before this step keep
     * their frame in draw.inputs and have no row here. Written once with the announcement, never
     * changed (the draw's audit hash covers codec, size and the SHA-256 of data).
     */
    "CREATE TABLE draw_input("
    "  draw_id INTEGER PRIMARY KEY REFERENCES draw(id),"
    "  codec TEXT NOT NULL CHECK (codec = 'zstd'), size INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE TRIGGER draw_input_no_update BEFORE UPDATE ON draw_input"
    "  BEGIN SELECT RAISE(ABORT, '抽取框架登记后不能修改'); END;"
    "CREATE TRIGGER draw_input_no_delete BEFORE DELETE ON draw_input"
    "  BEGIN SELECT RAISE(ABORT, '抽取框架登记后不能删除'); END;",

    /*
     * 8: Article 3's two guards on tasks become CHECK constraints named by their message (on a column
     * added for them, always NULL), in place of the BEFORE INSERT triggers of step 6: the same
     * refusals, checked inside the insert itself instead of a trigger program run per row (a draw's
     * 5·10^4 tasks: about 0.6 s less). Existing rows passed the triggers, so they pass the checks.
     */
    "ALTER TABLE task ADD COLUMN article3 INTEGER"
    "  CONSTRAINT \"无计划清单不检查：随机抽查任务必须注明年度抽查计划及计划事项\""
    "    CHECK (kind <> 'random' OR (plan_year IS NOT NULL AND coalesce(plan_lines, '') <> ''))"
    "  CONSTRAINT \"针对性检查的启动原因应为第二条所列八种之一\""
    "    CHECK (kind <> 'targeted' OR trigger IN ('信访投诉举报', '上级转办', '违法案件查处',"
    "      '其他部门移送', '突发环境事件', '核安全检查', '数据分析或监测发现问题', '非现场执法发现问题'));"
    "DROP TRIGGER task_random_needs_plan;"
    "DROP TRIGGER task_targeted_trigger;",

    /*
     * 9: units — the city bureau and its branches (分局), each with its jurisdiction (region codes joined
     * by ','); the organisation becomes the top unit (id 1). Draws and tasks belong to a unit (a draw's
     * unit_id NULL is the top unit: its audit hash covers the whole row, NULLs left out). Users
     * hold several roles (names joined by 、; the earlier single role, e.g. 管理员, is read as the roles
     * it stood for, core/roles.c), belong to a unit, and may have a password (argon2id, encoded with
     * its parameters), a count of failed sign-ins and a lock. The users' audit entries are re-recorded
     * after this step (store/db.c), since their content hash now covers the new columns.
     */
    "CREATE TABLE unit("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    "  level TEXT NOT NULL CHECK (level IN ('city','county')),"
    "  parent INTEGER REFERENCES unit(id), regions TEXT NOT NULL,"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
    "  CHECK ((parent IS NULL) = (id = 1)));"
    "INSERT INTO unit(id, name, level, parent, regions, created_at, created_by)"
    "  SELECT 1, name, level, NULL, region, created_at, created_by FROM org;"
    "ALTER TABLE draw ADD COLUMN unit_id INTEGER;" /* NULL: the top unit (and the row hash of a draw announced
						      before this step stays what its entries vouch for) */
    "ALTER TABLE task ADD COLUMN unit_id INTEGER NOT NULL DEFAULT 1;"
    "CREATE INDEX task_unit ON task(unit_id);"
    "CREATE TABLE users_v9("
    "  name TEXT PRIMARY KEY, person_id TEXT, roles TEXT NOT NULL CHECK (roles <> ''),"
    "  unit_id INTEGER NOT NULL DEFAULT 1, active INTEGER NOT NULL DEFAULT 1,"
    "  password TEXT, failed INTEGER NOT NULL DEFAULT 0, locked_until TEXT,"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT "
    "NULL);"
    "INSERT INTO users_v9(name, person_id, roles, unit_id, active, created_at, created_by, updated_at, "
    "updated_by)"
    "  SELECT name, person_id, role, 1, active, created_at, created_by, updated_at, updated_by FROM users;"
    "DROP TABLE users;"
    "ALTER TABLE users_v9 RENAME TO users;",

    /*
     * 10: the State Council's holiday notices loaded for years the built-in calendar does not record
     * (`suiji calendar import`, store/calendar.h): one row per year, written once (audited as
     * "calendar:YEAR", the row's hash), never changed.
     */
    "CREATE TABLE calendar_year("
    "  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999), notice TEXT NOT NULL,"
    "  holidays TEXT NOT NULL, imported_at TEXT NOT NULL, imported_by TEXT NOT NULL);"
    "CREATE TRIGGER calendar_year_no_update BEFORE UPDATE ON calendar_year"
    "  BEGIN SELECT RAISE(ABORT, '导入的节假日安排不能修改'); END;"
    "CREATE TRIGGER calendar_year_no_delete BEFORE DELETE ON calendar_year"
    "  BEGIN SELECT RAISE(ABORT, '导入的节假日安排不能删除'); END;",

    /*
     * 11: each unit its own year — plan, plan_version and plan_line rebuilt with the plan keyed by
     * (unit, year) (existing rows become the top unit's, ids kept, so draws and audit entries still name
     * them); a branch's filing goes to the city's inbox (plan_filing: 待审, then 已接收 or 已退回 with a
     * reason); settings per unit (existing changes are the top unit's); a line may name outside departments
     * (partners: 部门联合检查, Article 8). The frozen-version triggers are
     * recreated as they were.
     */
    "CREATE TABLE plan_u("
    "  unit_id INTEGER NOT NULL DEFAULT 1 REFERENCES unit(id),"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999), next_line INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL, PRIMARY KEY (unit_id, year));"
    "INSERT INTO plan_u(unit_id, year, next_line, created_at, created_by)"
    "  SELECT 1, year, next_line, created_at, created_by FROM plan;"
    "CREATE TABLE plan_version_u("
    "  id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL DEFAULT 1, year INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','filed')),"
    "  date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', based_on INTEGER REFERENCES plan_version_u(id),"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
    "  filed_at TEXT, filed_by TEXT, filed_date TEXT, late INTEGER NOT NULL DEFAULT 0, content_hash TEXT,"
    "  UNIQUE (unit_id, year, version), FOREIGN KEY (unit_id, year) REFERENCES plan_u(unit_id, year),"
    "  CHECK ((status = 'filed') = (filed_date IS NOT NULL)));"
    "INSERT INTO plan_version_u(id, unit_id, year, version, status, date, reason, based_on, created_at,"
    "  created_by, filed_at, filed_by, filed_date, late, content_hash)"
    "  SELECT id, 1, year, version, status, date, reason, based_on, created_at, created_by, filed_at,"
    "  filed_by, filed_date, late, content_hash FROM plan_version;"
    "CREATE TABLE plan_line_u("
    "  id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES plan_version_u(id),"
    "  line_no INTEGER NOT NULL CHECK (line_no >= 1),"
    "  name TEXT NOT NULL, type TEXT NOT NULL, items TEXT NOT NULL CHECK (items <> ''),"
    "  initiator TEXT NOT NULL, participants TEXT NOT NULL DEFAULT '',"
    "  classes TEXT NOT NULL DEFAULT '', city_managed TEXT NOT NULL DEFAULT '',"
    "  regions TEXT NOT NULL DEFAULT '', industries TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '',"
    "  positive TEXT NOT NULL DEFAULT '',"
    "  period TEXT NOT NULL CHECK (period IN ('quarter','month')),"
    "  rule TEXT NOT NULL CHECK (rule IN ('each','ratio','count','per_staff')),"
    "  value INTEGER NOT NULL DEFAULT 0, staff_departments TEXT NOT NULL DEFAULT '',"
    "  grp TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', partners TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (version_id, line_no));"
    "INSERT INTO plan_line_u(id, version_id, line_no, name, type, items, initiator, participants, classes,"
    "  city_managed, regions, industries, tags, positive, period, rule, value, staff_departments, grp, note)"
    "  SELECT id, version_id, line_no, name, type, items, initiator, participants, classes, city_managed,"
    "  regions, industries, tags, positive, period, rule, value, staff_departments, grp, note FROM plan_line;"
    "DROP TABLE plan_line;"
    "DROP TABLE plan_version;"
    "DROP TABLE plan;"
    "ALTER TABLE plan_u RENAME TO plan;"
    "ALTER TABLE plan_version_u RENAME TO plan_version;"
    "ALTER TABLE plan_line_u RENAME TO plan_line;"
    "CREATE TRIGGER plan_version_frozen BEFORE UPDATE ON plan_version WHEN OLD.status = 'filed'"
    "  BEGIN SELECT RAISE(ABORT, '已备案的计划版本不能修改'); END;"
    "CREATE TRIGGER plan_version_kept BEFORE DELETE ON plan_version"
    "  BEGIN SELECT RAISE(ABORT, '计划版本不能删除'); END;"
    "CREATE TRIGGER plan_line_frozen_insert BEFORE INSERT ON plan_line"
    "  WHEN (SELECT status FROM plan_version WHERE id = NEW.version_id) = 'filed'"
    "  BEGIN SELECT RAISE(ABORT, '已备案的计划版本不能修改'); END;"
    "CREATE TRIGGER plan_line_frozen_update BEFORE UPDATE ON plan_line"
    "  WHEN EXISTS (SELECT 1 FROM plan_version WHERE id IN (OLD.version_id, NEW.version_id) AND status = "
    "'filed')"
    "  BEGIN SELECT RAISE(ABORT, '已备案的计划版本不能修改'); END;"
    "CREATE TRIGGER plan_line_frozen_delete BEFORE DELETE ON plan_line"
    "  WHEN (SELECT status FROM plan_version WHERE id = OLD.version_id) = 'filed'"
    "  BEGIN SELECT RAISE(ABORT, '已备案的计划版本不能修改'); END;"
    "CREATE TABLE plan_filing("
    "  id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL UNIQUE REFERENCES plan_version(id),"
    "  unit_id INTEGER NOT NULL REFERENCES unit(id), year INTEGER NOT NULL, version INTEGER NOT NULL,"
    "  state TEXT NOT NULL DEFAULT '待审' CHECK (state IN ('待审','已接收','已退回')),"
    "  filed_at TEXT NOT NULL, filed_by TEXT NOT NULL,"
    "  reviewed_at TEXT, reviewed_by TEXT, reason TEXT NOT NULL DEFAULT '',"
    "  CHECK ((state = '待审') = (reviewed_at IS NULL)), CHECK (state <> '已退回' OR reason <> ''));"
    "CREATE TRIGGER plan_filing_kept BEFORE DELETE ON plan_filing"
    "  BEGIN SELECT RAISE(ABORT, '计划备案记录不能删除'); END;"
    "CREATE TRIGGER plan_filing_once BEFORE UPDATE ON plan_filing WHEN OLD.state <> '待审'"
    "  BEGIN SELECT RAISE(ABORT, '计划备案已审核，不能再修改'); END;"
    "ALTER TABLE setting ADD COLUMN unit_id INTEGER NOT NULL DEFAULT 1;"
    "CREATE INDEX setting_unit_key ON setting(unit_id, key, id);",

    /*
     * 12: Article 4's identifying elements that had no column (生产规模, 生产周期特点, 项目建设情况),
     * optional object fields. NULL in the versions written before: the row hash leaves an empty late
     * field out (core/dirschema.h F_LATE), so their audit entries still hold.
     */
    "ALTER TABLE object_version ADD COLUMN prod_scale TEXT;"
    "ALTER TABLE object_version ADD COLUMN prod_cycle TEXT;"
    "ALTER TABLE object_version ADD COLUMN construction TEXT;",

    /*
     * 13: sessions of the web application (suiji serve). The session id and its CSRF token are kept
     * only as their SHA-256 (a stolen database gives no usable cookie); times are Unix seconds.
     */
    "CREATE TABLE web_session("
    "  id_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, csrf_hash TEXT NOT NULL,"
    "  created INTEGER NOT NULL, seen INTEGER NOT NULL, ip TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX web_session_user ON web_session(user_name);",

    /*
     * 14: a draw that cannot be ground (issue 12). The day the public number named by the announcement
     * is drawn (a run before it is refused) and the attempt number of a re-draw; an oversight (监督) user's
     * approval to draw the lines of a draw again, recorded on that draw, by whom, when and why. All NULL
     * for draws before this step, so that their row hashes stay what their entries vouch for.
     */
    "ALTER TABLE draw ADD COLUMN beacon_date TEXT;"
    "ALTER TABLE draw ADD COLUMN attempt INTEGER;"
    "ALTER TABLE draw ADD COLUMN redraw_approved_by TEXT;"
    "ALTER TABLE draw ADD COLUMN redraw_approved_at TEXT;"
    "ALTER TABLE draw ADD COLUMN redraw_approval TEXT;",

    /*
     * 15: files uploaded to a task through the web application (store/upload.h): the name as given,
     * the type read from the bytes, SHA-256, size and the bytes themselves, who and when; written
     * once (audited as "upload:N", the whole row hashed), never changed or removed. A result or a
     * problem step refers to an upload as to any file (attachment: name, SHA-256, size).
     */
    "CREATE TABLE upload("
    "  id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES task(id),"
    "  name TEXT NOT NULL CHECK (name <> ''), type TEXT NOT NULL, sha256 TEXT NOT NULL,"
    "  size INTEGER NOT NULL CHECK (size > 0), data BLOB NOT NULL,"
    "  added_at TEXT NOT NULL, added_by TEXT NOT NULL, CHECK (length(data) = size));"
    "CREATE INDEX upload_task ON upload(task_id);"
    "CREATE TRIGGER upload_no_update BEFORE UPDATE ON upload"
    "  BEGIN SELECT RAISE(ABORT, '上传的附件不能修改'); END;"
    "CREATE TRIGGER upload_no_delete BEFORE DELETE ON upload"
    "  BEGIN SELECT RAISE(ABORT, '上传的附件不能删除'); END;",

    /*
     * 16 (ROWS_V2_STEP, store/audit-internal.h): no change of structure. From here on results,
     * penalties, disclosures, problems, users, settings, tasks, draws and plans are hashed over every
     * column of their rows (v2, store/audit-rows.c); migrating an older database past this step
     * re-records their subjects in the chain (store_rows_v2_migrate, called from store/db.c).
     */
    "SELECT 'row hashes v2';",

    /*
     * 17: the columns that place a current directory entry in a unit (core/units.h), as partial indexes
     * over the current entries only: counting each unit's directories (store_unit_counts, GET /api/units)
     * reads these instead of every row of the tables.
     */
    "CREATE INDEX object_version_unit ON object_version(region, class, city_managed)"
    "  WHERE valid_to IS NULL AND removed = 0;"
    "CREATE INDEX person_version_unit ON person_version(region, kind, active)"
    "  WHERE valid_to IS NULL AND removed = 0;",

    /*
     * 18: the public portal's search (store_public_search) over the published records: a partial index of
     * what it matches and orders by, computed from each frozen record — credit code, end date, task, and
     * the name without spaces with Latin letters upper-cased — so that a search reads these short entries
     * in credit-code order instead of taking every record's JSON apart. The index holds nothing of its
     * own (SQLite keeps it equal to the rows); what the portal shows is still read from the rows. A record
     * that is not JSON (only an edited database holds one; audit verify names it) is indexed as empty, so
     * that writing it is not refused and the search does not find it.
     */
    "CREATE INDEX disclosure_search ON disclosure("
    "  json_extract(iif(json_valid(record), record, '{}'), '$.uscc'),"
    "  json_extract(iif(json_valid(record), record, '{}'), '$.end_date'), task_id,"
    "  upper(replace(replace(replace(json_extract(iif(json_valid(record), record, '{}'), '$.name'),"
    "  ' ', ''), char(9), ''), '　', '')))"
    "  WHERE decision = '公开';",
};

const int store_migration_count = sizeof(store_migrations) / sizeof(store_migrations[0]);

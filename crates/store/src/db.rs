//! The one owner of the database file: a single writer, a few readers, pragmas asserted.

use std::collections::HashSet;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use videogen_model::{Change, ChangeOp, Entity, ProjectId};

use crate::{migrate, seed, StoreError};

/// How many reader connections are kept open for reuse.
const READER_POOL: usize = 4;
/// How many rows of the `changes` table are kept for other processes to catch up on.
const CHANGES_KEPT: i64 = 20_000;

type Listener = Arc<dyn Fn(&[Change]) + Send + Sync>;

/// The database: cheap to clone, shared by every thread of the process.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    listeners: RwLock<Vec<Listener>>,
    /// Ranges of `changes.seq` this process wrote, newest last, so that a poll for other
    /// processes' writes can skip exactly these (and nothing another process wrote).
    own_changes: Mutex<std::collections::VecDeque<(i64, i64)>>,
}

/// How many of our own change ranges are remembered for [`Store::changes_from_others`].
const OWN_RANGES_KEPT: usize = 4096;

/// A write transaction (`BEGIN IMMEDIATE`) that also collects what it changed.
pub struct WriteTx<'c> {
    tx: Transaction<'c>,
    changes: Vec<Change>,
    seen: HashSet<(Entity, String, ChangeOp)>,
}

impl<'c> Deref for WriteTx<'c> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl WriteTx<'_> {
    /// `Connection::execute` through the statement cache. Writes repeat the same few
    /// statements thousands of times in a long run; preparing each anew (parsing the SQL,
    /// planning, coding the triggers' and foreign keys' checks) cost more than running it.
    /// Shadows the uncached `execute` that `Deref` would reach, so every `tx.execute` is
    /// cached.
    pub fn execute<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.tx.prepare_cached(sql)?.execute(params)
    }

    /// `Connection::query_row` through the statement cache (see [`WriteTx::execute`]).
    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.tx.prepare_cached(sql)?.query_row(params, f)
    }

    /// Records that `entity` `id` changed; recorded once per transaction, committed with it.
    pub fn record(
        &mut self,
        entity: Entity,
        id: impl Into<String>,
        project_id: Option<&ProjectId>,
        op: ChangeOp,
    ) {
        let id = id.into();
        if self.seen.insert((entity, id.clone(), op)) {
            self.changes.push(Change {
                entity,
                id,
                project_id: project_id.cloned(),
                op,
            });
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`, applies pending migrations and
    /// seeds the default catalog on first open.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        if let Ok(meta) = std::fs::metadata(&path) {
            if meta.is_dir() {
                return Err(StoreError::NotADatabase { path: shown });
            }
            // Root can write a file marked read-only; the user marked it so for a reason.
            if meta.permissions().readonly() {
                return Err(StoreError::ReadOnly { path: shown });
            }
        }
        // Opening is serialised across processes by an OS lock held until the schema is
        // current and seeded: the app and the CLI may open a new data directory at once,
        // and creating the file, switching it to WAL and migrating must happen once.
        let open_lock = open_lock(&path)?;
        let mut writer = connect(&path)?;
        migrate::migrate(&mut writer, &path)?;
        let store = Store {
            inner: Arc::new(Inner {
                path,
                writer: Mutex::new(writer),
                readers: Mutex::new(Vec::new()),
                listeners: RwLock::new(Vec::new()),
                own_changes: Mutex::new(std::collections::VecDeque::new()),
            }),
        };
        store.write(seed::seed_defaults)?;
        drop(open_lock);
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction on the writer. Nothing is kept when it
    /// fails; listeners hear of the changes only after the commit.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut WriteTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let changes = {
            let mut conn = self.writer();
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| self.locate(e.into()))?;
            let mut wtx = WriteTx {
                tx,
                changes: Vec::new(),
                seen: HashSet::new(),
            };
            let value = f(&mut wtx).map_err(|e| self.locate(e))?;
            let WriteTx { tx, changes, .. } = wtx;
            let range = append_changes(&tx, &changes).map_err(|e| self.locate(e))?;
            tx.commit().map_err(|e| self.locate(e.into()))?;
            if let Some(range) = range {
                let mut own = self.lock_own();
                own.push_back(range);
                if own.len() > OWN_RANGES_KEPT {
                    own.pop_front();
                }
            }
            (value, changes)
        };
        let (value, changes) = changes;
        if !changes.is_empty() {
            self.notify(&changes);
        }
        Ok(value)
    }

    /// Runs `f` on a reader connection (a consistent snapshot for its duration if `f` opens a
    /// transaction; single statements are consistent by themselves).
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = match self.lock_readers().pop() {
            Some(conn) => conn,
            None => connect(&self.inner.path).map_err(|e| self.locate(e))?,
        };
        let result = f(&conn).map_err(|e| self.locate(e));
        let mut pool = self.lock_readers();
        if pool.len() < READER_POOL {
            pool.push(conn);
        }
        result
    }

    /// Calls `listener` after every commit of this process with what it changed.
    pub fn on_change(&self, listener: impl Fn(&[Change]) + Send + Sync + 'static) {
        self.inner
            .listeners
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(Arc::new(listener));
    }

    /// Changes committed (by any process) after `seq`, and the newest sequence number.
    pub fn changes_since(&self, seq: i64) -> Result<(Vec<Change>, i64), StoreError> {
        let (rows, last) = self.change_rows_since(seq)?;
        Ok((rows.into_iter().map(|(_, c)| c).collect(), last))
    }

    fn change_rows_since(&self, seq: i64) -> Result<(Vec<(i64, Change)>, i64), StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT seq, entity, entity_id, project_id, op FROM changes WHERE seq > ?1 ORDER BY seq",
            )?;
            let mut last = seq;
            let mut out = Vec::new();
            let mut rows = stmt.query([seq])?;
            while let Some(row) = rows.next()? {
                last = row.get(0)?;
                let entity: String = row.get(1)?;
                let op: String = row.get(4)?;
                if let (Some(entity), Some(op)) = (Entity::parse(&entity), ChangeOp::parse(&op)) {
                    out.push((
                        last,
                        Change {
                            entity,
                            id: row.get(2)?,
                            project_id: row.get::<_, Option<String>>(3)?.map(ProjectId),
                            op,
                        },
                    ));
                }
            }
            Ok((out, last))
        })
    }

    /// Like [`Store::changes_since`], leaving out the changes this process committed itself
    /// (its listeners already heard of them).
    pub fn changes_from_others(&self, seq: i64) -> Result<(Vec<Change>, i64), StoreError> {
        let (rows, last) = self.change_rows_since(seq)?;
        let own = self.lock_own();
        let changes = rows
            .into_iter()
            .filter(|(s, _)| !own.iter().any(|&(a, b)| (a..=b).contains(s)))
            .map(|(_, c)| c)
            .collect();
        Ok((changes, last))
    }

    /// The newest change sequence number.
    pub fn last_change_seq(&self) -> Result<i64, StoreError> {
        self.read(|conn| {
            Ok(
                conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }

    fn writer(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the writer rolled its transaction back (the Transaction's
        // drop), so the connection is still sound.
        self.inner
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn lock_own(&self) -> MutexGuard<'_, std::collections::VecDeque<(i64, i64)>> {
        self.inner
            .own_changes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn lock_readers(&self) -> MutexGuard<'_, Vec<Connection>> {
        self.inner
            .readers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn notify(&self, changes: &[Change]) {
        let listeners = self
            .inner
            .listeners
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        for listener in listeners {
            listener(changes);
        }
    }

    /// Fills in the file path of errors raised deep in SQLite.
    fn locate(&self, err: StoreError) -> StoreError {
        locate(err, &self.inner.path)
    }
}

pub(crate) fn locate(err: StoreError, path: &Path) -> StoreError {
    let shown = path.display().to_string();
    match err {
        StoreError::NotADatabase { path } if path.is_empty() => {
            StoreError::NotADatabase { path: shown }
        }
        StoreError::ReadOnly { path } if path.is_empty() => StoreError::ReadOnly { path: shown },
        other => other,
    }
}

/// Appends the transaction's changes; returns the range of sequence numbers written.
fn append_changes(
    tx: &Transaction<'_>,
    changes: &[Change],
) -> Result<Option<(i64, i64)>, StoreError> {
    if changes.is_empty() {
        return Ok(None);
    }
    let now = crate::now_ms();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO changes (entity, entity_id, project_id, op, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut first = None;
    for c in changes {
        stmt.execute(rusqlite::params![
            c.entity.as_str(),
            c.id,
            c.project_id.as_ref().map(|p| p.as_str()),
            c.op.as_str(),
            now
        ])?;
        first.get_or_insert(tx.last_insert_rowid());
    }
    let last = tx.last_insert_rowid();
    let first = first.unwrap_or(last);
    // Trim once per thousand rows: whenever this write crossed a multiple of 1000.
    if (first - 1) / 1000 != last / 1000 {
        tx.execute("DELETE FROM changes WHERE seq <= ?1", [last - CHANGES_KEPT])?;
    }
    Ok(Some((first, last)))
}

/// Takes `<db>.open.lock` exclusively (waiting for another opener); released on drop.
fn open_lock(path: &Path) -> Result<std::fs::File, StoreError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".open.lock");
    let lock_path = std::path::PathBuf::from(name);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => StoreError::ReadOnly {
                path: path.display().to_string(),
            },
            _ => StoreError::io(format!("Cannot create {}", lock_path.display()), e),
        })?;
    file.lock()
        .map_err(|e| StoreError::io(format!("Cannot lock {}", lock_path.display()), e))?;
    Ok(file)
}

/// Opens a connection with the pragmas of DESIGN.md (Flow), reading each back.
pub(crate) fn connect(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| locate(e.into(), path))?;
    configure(&conn, path).map_err(|e| locate(e, path))?;
    // The write connection serves the runner's claims (one statement per filter and free
    // slot count) beside every edit's statements: rusqlite's default of 16 cached
    // statements made them evict each other.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

fn configure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let setup = |detail: String| StoreError::Setup {
        path: path.display().to_string(),
        detail,
    };
    // busy_timeout first, so that the pragmas below wait for another process's lock.
    conn.busy_timeout(std::time::Duration::from_millis(5000))?;
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::ReadOnly {
            path: path.display().to_string(),
        });
    }
    // Switching a new file to WAL needs a moment of exclusive access, and SQLite answers
    // BUSY there without calling the busy handler when another process is opening the
    // same new file (the app and the CLI on first launch): retry for up to 5 s.
    let mut tries = 0;
    let mode: String = loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0)) {
            Ok(mode) => break mode,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if tries < 50
                    && matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(e) => return Err(e.into()),
        }
    };
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(setup(format!(
            "journal_mode is {mode}, not WAL (is the folder on a network filesystem?)"
        )));
    }
    // A three-hour project is a few MB: keep it in the page cache of every connection.
    conn.execute_batch(
        "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;",
    )?;
    let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    if sync != 1 || fk != 1 {
        return Err(setup(format!(
            "synchronous={sync}, foreign_keys={fk}; expected 1 and 1"
        )));
    }
    Ok(())
}

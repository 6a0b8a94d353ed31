//! A temp database, its queue, and a runner driven from the test.

use std::future::Future;
use std::time::Duration;

use tempfile::TempDir;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use videogen_jobs::{Queue, Registry, RunMode, RunSummary, Runner, RunnerConfig, RunnerLock};
use videogen_model::{DomainEvent, JobId, NewProject, ProjectId};
use videogen_store::Store;

pub struct Env {
    pub dir: TempDir,
    pub store: Store,
    pub queue: Queue,
    pub events: broadcast::Sender<DomainEvent>,
}

pub fn env() -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("studio.db")).expect("open store");
    let (events, _) = broadcast::channel(100_000);
    let queue = Queue::new(store.clone(), events.clone());
    Env {
        dir,
        store,
        queue,
        events,
    }
}

impl Env {
    pub fn lock(&self) -> RunnerLock {
        RunnerLock::try_acquire(self.store.path()).expect("runner lock")
    }

    pub fn project(&self, name: &str) -> ProjectId {
        self.store
            .write(|tx| {
                videogen_store::repo::projects::create(
                    tx,
                    &NewProject {
                        name: name.into(),
                        ..Default::default()
                    },
                )
            })
            .expect("project")
            .id
    }

    /// Runs the queue until it is empty.
    pub async fn run_until_empty(&self, registry: Registry, config: RunnerConfig) -> RunSummary {
        let lock = self.lock();
        Runner::new(self.queue.clone(), registry, config)
            .run(&lock, RunMode::UntilEmpty, CancellationToken::new())
            .await
            .expect("runner")
    }

    /// Starts a runner that runs until `stop` fires.
    pub fn spawn_runner(
        &self,
        registry: Registry,
        config: RunnerConfig,
        stop: CancellationToken,
    ) -> JoinHandle<RunSummary> {
        let lock = self.lock();
        let runner = Runner::new(self.queue.clone(), registry, config);
        tokio::spawn(async move {
            runner
                .run(&lock, RunMode::Forever, stop)
                .await
                .expect("runner")
        })
    }

    /// Sets a column of a job directly, as River's tests insert rows in a given state.
    pub fn set(&self, id: &JobId, assignments: &str) {
        let sql = format!("UPDATE generation_jobs SET {assignments} WHERE id = ?1");
        self.store
            .write(|tx| Ok(tx.execute(&sql, [id.as_str()])?))
            .expect("update job");
    }
}

/// Fast settings for tests: short backoff, polls well within a second.
pub fn config() -> RunnerConfig {
    RunnerConfig {
        backoff: videogen_jobs::Backoff {
            base: Duration::from_millis(1000),
            max: Duration::from_secs(60),
        },
        ..RunnerConfig::default()
    }
}

/// Waits for the first event that `pick` accepts (events are the runner's test signals).
pub async fn wait_for<T>(
    rx: &mut broadcast::Receiver<DomainEvent>,
    mut pick: impl FnMut(&DomainEvent) -> Option<T>,
) -> T {
    loop {
        match rx.recv().await {
            Ok(event) => {
                if let Some(found) = pick(&event) {
                    return found;
                }
            }
            Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => panic!("event channel closed"),
        }
    }
}

/// Gives `fut` a generous (virtual or real) deadline so a broken runner fails the test
/// instead of hanging it.
pub async fn within<T>(fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(120), fut)
        .await
        .expect("timed out waiting for the runner")
}

use std::sync::Arc;
use std::time::Duration;

use videogen_fakes::{ComfyConfig, FakeComfy};
use videogen_providers::comfy::ComfyProgress;
use videogen_providers::workflow::{parse_overrides, TemplateStore};
use videogen_providers::{CancellationToken, ComfyPool, RenderJob};

use crate::url;

fn job(i: usize) -> RenderJob {
    let template = TemplateStore::default().load("test/image").unwrap();
    // A distinct size per job so the server never answers from its cache.
    let params = parse_overrides(&[format!("width={}", 16 + i), "height=16".to_string()]).unwrap();
    RenderJob {
        template,
        params,
        input_image: None,
        reference_image: None,
    }
}

#[tokio::test]
async fn a_server_dying_mid_batch_loses_no_job() {
    // Server 0 is slow, so when it dies it surely holds two of our prompts.
    let mut slow = FakeComfy::start(ComfyConfig {
        gpu_time: Duration::from_secs(30),
        ..Default::default()
    })
    .unwrap();
    let fast: Vec<FakeComfy> = (0..2)
        .map(|_| {
            FakeComfy::start(ComfyConfig {
                gpu_time: Duration::from_millis(30),
                ..Default::default()
            })
            .unwrap()
        })
        .collect();
    let urls = vec![url(&slow.url()), url(&fast[0].url()), url(&fast[1].url())];
    let pool = Arc::new(ComfyPool::new(&urls));
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut tasks = Vec::new();
    for i in 0..12 {
        let pool = pool.clone();
        let tx = done_tx.clone();
        let progress = Arc::new(move |p: ComfyProgress| {
            if p.fraction >= 1.0 {
                let _ = tx.send(());
            }
        });
        tasks.push(tokio::spawn(async move {
            pool.render(&job(i), Some(progress), &CancellationToken::new())
                .await
        }));
    }
    for _ in 0..4 {
        done_rx.recv().await.unwrap();
    }
    assert_eq!(
        pool.in_flight()[0],
        2,
        "the slow server should hold two prompts when it dies"
    );
    assert_eq!(slow.completed(), 0);
    slow.kill();
    let mut files = 0;
    for task in tasks {
        let rendered = tokio::time::timeout(Duration::from_secs(30), task)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_ne!(rendered.client.base(), &urls[0]);
        files += rendered.outcome.outputs.len();
    }
    assert_eq!(files, 12);
    assert_eq!(fast[0].completed() + fast[1].completed(), 12);
}

#[tokio::test]
async fn a_pool_with_no_live_server_says_so() {
    let mut dead = FakeComfy::start(ComfyConfig::default()).unwrap();
    let u = url(&dead.url());
    dead.kill();
    let pool = ComfyPool::new(&[u]);
    let err = pool
        .render(&job(0), None, &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.class(), videogen_providers::ErrorClass::Unavailable);
    assert!(err.to_string().contains("cannot be reached"), "{err}");
}

#[tokio::test]
async fn each_server_is_kept_fed_with_two_prompts() {
    let servers: Vec<FakeComfy> = (0..2)
        .map(|_| {
            FakeComfy::start(ComfyConfig {
                gpu_time: Duration::from_secs(30),
                ..Default::default()
            })
            .unwrap()
        })
        .collect();
    let pool = Arc::new(ComfyPool::new(
        &servers.iter().map(|s| url(&s.url())).collect::<Vec<_>>(),
    ));
    let cancel = CancellationToken::new();
    let mut tasks = Vec::new();
    for i in 0..5 {
        let (pool, cancel) = (pool.clone(), cancel.clone());
        tasks.push(tokio::spawn(async move {
            pool.render(&job(i), None, &cancel).await
        }));
    }
    // Each server ends up holding two prompts: one rendering, one queued.
    for server in &servers {
        server.wait_queued(2).await;
    }
    let mut counts = pool.in_flight();
    counts.sort_unstable();
    assert_eq!(counts, vec![2, 2]);
    assert_eq!(
        servers.iter().map(|s| s.queue_remaining()).sum::<usize>(),
        4
    );
    cancel.cancel();
    for t in tasks {
        assert!(t.await.unwrap().is_err());
    }
}

#[tokio::test]
async fn a_recorded_prompt_is_followed_again_after_a_restart() {
    let server = FakeComfy::start(ComfyConfig {
        gpu_time: Duration::from_millis(200),
        ..Default::default()
    })
    .unwrap();
    let u = url(&server.url());
    let recorded: Arc<std::sync::Mutex<Option<(url::Url, String)>>> = Arc::default();
    let r = recorded.clone();
    let first = ComfyPool::new(std::slice::from_ref(&u));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let progress = Arc::new(move |_: ComfyProgress| {
        let _ = tx.send(());
    });
    let cancel = CancellationToken::new();
    let job0 = job(0);
    // The app "crashes" once the prompt is running: the render future is dropped.
    tokio::select! {
        _ = first.render_tracked(&job0, move |s, id| *r.lock().unwrap() = Some((s.clone(), id.to_string())), Some(progress), &cancel) => panic!("finished too early"),
        _ = rx.recv() => {}
    }
    drop(first);
    let (server_url, prompt_id) = recorded.lock().unwrap().clone().unwrap();
    assert_eq!(server_url, u);
    let again = ComfyPool::new(std::slice::from_ref(&u));
    let rendered = again
        .resume(&server_url, &prompt_id, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(rendered.outcome.prompt_id, prompt_id);
    assert_eq!(rendered.outcome.outputs.len(), 1);
    assert_eq!(server.completed(), 1);
}

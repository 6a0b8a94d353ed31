//! A client figure: throughput of the ComfyUI pool client called directly with 200 render
//! tasks at once, against the fake ComfyUI with a fixed 100 ms of "GPU" time per prompt:
//! one server (target ≤ 1.03 × 20 s) and three servers (target ≤ 1.05 × 6.7 s). Each
//! render is queued, followed over the WebSocket and its PNG downloaded. No job reaches
//! the pool this way (the runner runs image jobs one at a time by default), so this says
//! what the client can feed, not what a project gets; that figure comes with the image
//! jobs, through the runner. The fake starts each prompt's GPU time when it takes the
//! prompt from its queue, so a server left waiting shows in the figure.
//! Exits 1 when a run misses its target or fails.
//! Run: `cargo bench -p videogen-providers --bench comfy_pool`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use videogen_fakes::{ComfyConfig, FakeComfy};
use videogen_providers::workflow::{parse_overrides, TemplateStore};
use videogen_providers::{CancellationToken, ComfyPool, RenderJob};

const PROMPTS: usize = 200;
const GPU: Duration = Duration::from_millis(100);

async fn batch(servers: usize, per_server: usize) -> Result<Duration, String> {
    let fakes: Vec<FakeComfy> = (0..servers)
        .map(|_| {
            FakeComfy::start(ComfyConfig {
                gpu_time: GPU,
                progress_steps: 2,
                ..Default::default()
            })
        })
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let urls = fakes
        .iter()
        .map(|f| url::Url::parse(&f.url()).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let pool = Arc::new(ComfyPool::new(&urls).with_per_server(per_server));
    let template = TemplateStore::default()
        .load("test/image")
        .map_err(|e| e.to_string())?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(PROMPTS);
    for i in 0..PROMPTS {
        // Distinct sizes so no prompt is served from the server's cache; tiny outputs so
        // the bench measures the client, not PNG encoding.
        let params = parse_overrides(&[format!("width={}", 8 + i), "height=8".to_string()])
            .map_err(|e| e.to_string())?;
        let job = RenderJob {
            template: template.clone(),
            params,
            input_image: None,
            reference_image: None,
        };
        let pool = pool.clone();
        let out = dir.path().join(format!("{i}.png"));
        tasks.push(tokio::spawn(async move {
            let cancel = CancellationToken::new();
            let rendered = pool.render(&job, None, &cancel).await?;
            rendered.save_first(&out, &cancel).await
        }));
    }
    for task in tasks {
        task.await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
    }
    let elapsed = start.elapsed();
    let done: u64 = fakes.iter().map(|f| f.completed()).sum();
    if done != PROMPTS as u64 {
        return Err(format!("{done} prompts ran, expected {PROMPTS}"));
    }
    Ok(elapsed)
}

#[tokio::main]
async fn main() {
    println!(
        "comfy_pool (client figure: the pool called directly, not through the job runner): \
         {PROMPTS} image prompts, {} ms GPU time each",
        GPU.as_millis()
    );
    let mut missed = 0;
    for (servers, ideal, factor) in [(1usize, 20.0f64, 1.03f64), (3, 6.7, 1.05)] {
        match batch(servers, videogen_providers::pool::DEFAULT_PER_SERVER).await {
            Ok(t) => {
                let secs = t.as_secs_f64();
                let target = ideal * factor;
                let verdict = if secs <= target { "PASS" } else { "FAIL" };
                missed += usize::from(secs > target);
                println!("client, {servers} server(s): {secs:.3} s (ideal {ideal} s, target <= {target:.3} s) {verdict}");
            }
            Err(e) => {
                eprintln!("client, {servers} server(s): error: {e}");
                std::process::exit(1);
            }
        }
    }
    // For comparison: one prompt in flight, so the GPU waits for every round trip.
    match batch(1, 1).await {
        Ok(t) => println!(
            "client, 1 server, 1 prompt in flight (no queue feeding, for comparison): {:.3} s",
            t.as_secs_f64()
        ),
        Err(e) => eprintln!("comparison run failed: {e}"),
    }
    if missed > 0 {
        eprintln!("comfy_pool: {missed} target(s) missed");
        std::process::exit(1);
    }
}

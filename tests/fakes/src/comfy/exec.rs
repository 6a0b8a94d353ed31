//! The fake's single worker: runs prompts one at a time in queue order and emits the
//! documented WebSocket sequence (protocols/comfyui.md §3, §6).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use super::{ComfyState, Item};
use crate::media;

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// CLOCK_MONOTONIC now, in nanoseconds (the clock `process.hrtime` reads in node).
fn monotonic_ns() -> u128 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    t.tv_sec as u128 * 1_000_000_000 + t.tv_nsec as u128
}

fn sorted_ids(prompt: &Map<String, Value>) -> Vec<String> {
    let mut ids: Vec<String> = prompt.keys().cloned().collect();
    ids.sort_by_key(|id| (id.parse::<u64>().unwrap_or(u64::MAX), id.clone()));
    ids
}

/// First literal number among these input names, in node order.
fn find_number(prompt: &Map<String, Value>, names: &[&str]) -> Option<f64> {
    sorted_ids(prompt).iter().find_map(|id| {
        let inputs = prompt[id].get("inputs")?;
        names
            .iter()
            .find_map(|n| inputs.get(*n).and_then(Value::as_f64))
    })
}

pub(super) async fn worker(state: Arc<ComfyState>) {
    loop {
        let item = loop {
            let notified = state.wake.notified();
            {
                // Pop and mark running under one lock, so running + pending never dips.
                let mut inner = state.lock();
                if let Some(item) = inner.queue.pop_front() {
                    inner.running = Some((
                        item.number,
                        item.id.clone(),
                        item.prompt.clone(),
                        item.client_id.clone(),
                    ));
                    break item;
                }
            }
            notified.await;
        };
        // The simulated GPU starts on this prompt now, when it leaves the queue.
        let taken = tokio::time::Instant::now();
        run(&state, item, taken).await;
    }
}

async fn run(state: &Arc<ComfyState>, item: Item, taken: tokio::time::Instant) {
    let id = item.id.clone();
    let to = item.client_id.clone();
    let to = to.as_deref();
    let prompt = item.prompt.as_object().cloned().unwrap_or_default();
    let key = item.prompt.to_string();
    let (drop_ws, fail) = {
        let mut inner = state.lock();
        inner.running = Some((
            item.number,
            id.clone(),
            item.prompt.clone(),
            item.client_id.clone(),
        ));
        inner.interrupt = false;
        (
            std::mem::take(&mut inner.faults.drop_ws_next),
            std::mem::take(&mut inner.faults.execution_error_next),
        )
    };
    let started = now_ms();
    let mut messages = vec![json!(["execution_start", {"prompt_id": id, "timestamp": started}])];
    let remaining = state.queue_remaining();
    state.send(
        None,
        "status",
        json!({"status": {"exec_info": {"queue_remaining": remaining}}}),
    );
    state.send(
        to,
        "execution_start",
        json!({"prompt_id": id, "timestamp": started}),
    );
    if drop_ws {
        if let Some(client) = to {
            state.lock().sockets.remove(client);
        }
    }
    let cached = state.lock().cache.get(&key).cloned();
    let ids = sorted_ids(&prompt);
    let mut outputs = Map::new();
    let mut error: Option<Value> = None;
    let mut interrupted = false;
    if let Some(previous) = cached {
        // Identical resubmission: every node cached, outputs re-sent.
        state.send(
            to,
            "execution_cached",
            json!({"nodes": ids, "prompt_id": id, "timestamp": now_ms()}),
        );
        messages.push(
            json!(["execution_cached", {"nodes": ids, "prompt_id": id, "timestamp": now_ms()}]),
        );
        if let Some(map) = previous.as_object() {
            for (node, out) in map {
                state.send(
                    to,
                    "executed",
                    json!({"node": node, "display_node": node, "output": out, "prompt_id": id}),
                );
            }
            outputs = map.clone();
        }
    } else {
        state.send(
            to,
            "execution_cached",
            json!({"nodes": [], "prompt_id": id, "timestamp": now_ms()}),
        );
        messages.push(
            json!(["execution_cached", {"nodes": [], "prompt_id": id, "timestamp": now_ms()}]),
        );
        // The GPU time is spent in the first sampler-like node (or the first output node).
        let heavy = ids
            .iter()
            .find(|n| {
                prompt[*n].get("inputs").is_some_and(|i| {
                    i.get("seed").is_some()
                        || i.get("noise_seed").is_some()
                        || i.get("steps").is_some()
                })
            })
            .or_else(|| ids.iter().find(|n| item.outputs.contains(n)))
            .cloned();
        for node in &ids {
            let class = prompt[node]["class_type"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let running_state = json!({"prompt_id": id, "nodes": {node: {"value": 0.0, "max": 1.0, "state": "running", "node_id": node, "prompt_id": id, "display_node_id": node, "parent_node_id": null, "real_node_id": node}}});
            state.send(to, "progress_state", running_state);
            state.send(
                to,
                "executing",
                json!({"node": node, "display_node": node, "prompt_id": id}),
            );
            if Some(node) == heavy.as_ref() {
                let steps = state.config.progress_steps.max(1);
                let tick = state.config.gpu_time / steps;
                // Counted from when the worker took the prompt, never earlier: time the
                // server sat with an empty queue is GPU time lost, as on a real server.
                let begin = taken;
                for step in 1..=steps {
                    // Absolute deadlines: the steps' timer rounding does not add up.
                    let deadline = begin + tick * step;
                    loop {
                        if state.lock().interrupt {
                            interrupted = true;
                            break;
                        }
                        if tokio::time::Instant::now() >= deadline {
                            break;
                        }
                        tokio::select! {
                            _ = tokio::time::sleep_until(deadline) => {}
                            _ = state.interrupt_wake.notified() => {}
                        }
                    }
                    if interrupted {
                        break;
                    }
                    if fail && step == 1 {
                        error = Some(
                            json!({"prompt_id": id, "node_id": node, "node_type": class, "executed": [], "exception_message": "Allocation on device would exceed allowed memory. (out of memory)\nCurrently allocated: 22.50 GiB\n", "exception_type": "torch.OutOfMemoryError", "traceback": ["  File \"execution.py\", line 1\n"], "current_inputs": {}, "current_outputs": [], "timestamp": now_ms()}),
                        );
                        break;
                    }
                    state.send(
                        to,
                        "progress",
                        json!({"value": step, "max": steps, "prompt_id": id, "node": node}),
                    );
                    if let Some(log) = state.config.progress_log.as_deref() {
                        let index = ids.iter().position(|n| n == node).unwrap_or(0);
                        crate::log_line(
                            Some(log),
                            &format!(
                                "progress {id} {step} {steps} {index} {} {}",
                                ids.len(),
                                monotonic_ns()
                            ),
                        );
                    }
                }
            } else if state.lock().interrupt {
                interrupted = true;
            }
            if interrupted || error.is_some() {
                break;
            }
            if item.outputs.contains(node) {
                let out = make_output(state, &prompt, node, &class).await;
                match out {
                    Ok(out) => {
                        state.send(to, "executed", json!({"node": node, "display_node": node, "output": out, "prompt_id": id}));
                        outputs.insert(node.clone(), out);
                    }
                    Err(message) => {
                        error = Some(
                            json!({"prompt_id": id, "node_id": node, "node_type": class, "executed": [], "exception_message": format!("{message}\n"), "exception_type": "RuntimeError", "traceback": [], "current_inputs": {}, "current_outputs": [], "timestamp": now_ms()}),
                        );
                        break;
                    }
                }
            }
            state.send(to, "progress_state", json!({"prompt_id": id, "nodes": {node: {"value": 1.0, "max": 1.0, "state": "finished", "node_id": node, "prompt_id": id, "display_node_id": node, "parent_node_id": null, "real_node_id": node}}}));
        }
    }
    let status_str = if interrupted || error.is_some() {
        "error"
    } else {
        "success"
    };
    if let Some(e) = &error {
        messages.push(json!(["execution_error", e]));
    } else if interrupted {
        messages.push(json!(["execution_interrupted", {"prompt_id": id, "node_id": "", "node_type": "", "executed": [], "timestamp": now_ms()}]));
    } else {
        messages.push(json!(["execution_success", {"prompt_id": id, "timestamp": now_ms()}]));
    }
    let meta: Map<String, Value> = outputs
        .keys()
        .map(|n| {
            (
                n.clone(),
                json!({"node_id": n, "display_node": n, "parent_node": null, "real_node_id": n}),
            )
        })
        .collect();
    let entry = json!({
        "prompt": [item.number, id, item.prompt, {"client_id": item.client_id, "create_time": started}, item.outputs],
        "outputs": outputs,
        "status": {"status_str": status_str, "completed": status_str == "success", "messages": messages},
        "meta": meta,
    });
    {
        // History is written before the final messages, as the real server does.
        let mut inner = state.lock();
        inner.history.insert(item.number, (id.clone(), entry));
        if status_str == "success" {
            inner.cache.insert(key, Value::Object(outputs.clone()));
        }
        inner.running = None;
        inner.completed += 1;
    }
    state.finished.notify_waiters();
    if let Some(e) = error {
        state.send(to, "execution_error", e);
    } else if interrupted {
        // Interrupts go to every socket when the prompt had no client.
        state.send(to, "execution_interrupted", json!({"prompt_id": id, "node_id": "", "node_type": "", "executed": [], "timestamp": now_ms()}));
    } else {
        state.send(
            to,
            "execution_success",
            json!({"prompt_id": id, "timestamp": now_ms()}),
        );
    }
    let remaining = state.queue_remaining();
    state.send(
        None,
        "status",
        json!({"status": {"exec_info": {"queue_remaining": remaining}}}),
    );
    state.send(to, "executing", json!({"node": null, "prompt_id": id}));
}

fn next_name(state: &ComfyState, prefix: &str, ext: &str) -> (String, String) {
    let (subfolder, base) = match prefix.rsplit_once('/') {
        Some((s, b)) => (s.to_string(), b.to_string()),
        None => (String::new(), prefix.to_string()),
    };
    let mut inner = state.lock();
    let n = inner.name_counters.entry(prefix.to_string()).or_insert(0);
    *n += 1;
    (subfolder, format!("{base}_{:05}_.{ext}", *n))
}

async fn make_output(
    state: &Arc<ComfyState>,
    prompt: &Map<String, Value>,
    node: &str,
    class: &str,
) -> Result<Value, String> {
    let inputs = &prompt[node]["inputs"];
    let width = find_number(prompt, &["width"]).unwrap_or(64.0) as u32;
    let height = find_number(prompt, &["height"]).unwrap_or(64.0) as u32;
    let video = matches!(
        class,
        "SaveVideo" | "SaveWEBM" | "VHS_VideoCombine" | "SaveAnimatedWEBP" | "SaveAnimatedPNG"
    );
    let default_prefix = if video { "video/ComfyUI" } else { "ComfyUI" };
    let prefix = inputs
        .get("filename_prefix")
        .and_then(|p| p.as_str())
        .unwrap_or(default_prefix)
        .to_string();
    if video {
        let frames = find_number(prompt, &["length", "amount", "frames", "batch_size"])
            .unwrap_or(8.0)
            .max(1.0) as u32;
        let fps = find_number(prompt, &["fps", "frame_rate"]).unwrap_or(8.0);
        let bytes = tokio::task::spawn_blocking(move || media::mp4(width, height, frames, fps))
            .await
            .map_err(|e| e.to_string())??;
        let (subfolder, name) = next_name(state, &prefix, "mp4");
        state
            .lock()
            .files
            .insert(("output".into(), subfolder.clone(), name.clone()), bytes);
        let file = json!({"filename": name, "subfolder": subfolder, "type": "output"});
        return Ok(if class == "VHS_VideoCombine" {
            json!({"gifs": [{"filename": file["filename"], "subfolder": file["subfolder"], "type": "output", "format": "video/h264-mp4", "frame_rate": fps, "workflow": "", "fullpath": "/fake/output"}]})
        } else {
            json!({"images": [file], "animated": [true]})
        });
    }
    let bytes = media::png(width, height)?;
    let (subfolder, name, kind) = if class == "PreviewImage" {
        let (s, n) = next_name(state, "ComfyUI_temp_fake", "png");
        (s, n, "temp")
    } else {
        let (s, n) = next_name(state, &prefix, "png");
        (s, n, "output")
    };
    state
        .lock()
        .files
        .insert((kind.into(), subfolder.clone(), name.clone()), bytes);
    tokio::time::sleep(Duration::ZERO).await;
    Ok(json!({"images": [{"filename": name, "subfolder": subfolder, "type": kind}]}))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use serde_json::{json, Value};
    use tokio::sync::Notify;

    use super::super::{ComfyConfig, ComfyState, Item};

    const GPU: Duration = Duration::from_millis(150);

    fn item(number: u64, seed: u64) -> Item {
        Item {
            number,
            id: format!("prompt-{number}"),
            prompt: json!({"1": {"class_type": "KSampler", "inputs": {"seed": seed}}}),
            client_id: None,
            outputs: Vec::new(),
        }
    }

    /// A fake server's state with `config`, its worker running.
    fn started(config: ComfyConfig) -> std::sync::Arc<ComfyState> {
        let state = std::sync::Arc::new(ComfyState {
            inner: Mutex::default(),
            wake: Notify::new(),
            interrupt_wake: Notify::new(),
            finished: Notify::new(),
            queued: Notify::new(),
            config,
            object_info: json!({}),
        });
        tokio::spawn(super::worker(state.clone()));
        state
    }

    async fn wait_completed(state: &ComfyState, n: u64) {
        loop {
            let notified = state.finished.notified();
            if state.lock().completed >= n {
                return;
            }
            notified.await;
        }
    }

    /// (execution_start, execution_success) timestamps of a finished prompt, ms.
    fn span(state: &ComfyState, number: u64) -> (u64, u64) {
        let inner = state.lock();
        let messages = inner.history[&number]
            .1
            .pointer("/status/messages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let at = |kind: &str| {
            messages
                .iter()
                .find(|m| m[0] == kind)
                .and_then(|m| m[1]["timestamp"].as_u64())
                .unwrap_or_else(|| panic!("no {kind} in {messages:?}"))
        };
        (at("execution_start"), at("execution_success"))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_prompt_left_waiting_in_the_queue_still_gets_its_full_gpu_time() {
        let state = started(ComfyConfig {
            gpu_time: GPU,
            progress_steps: 3,
            ..Default::default()
        });
        state.lock().queue.push_back(item(0, 1));
        state.wake.notify_one();
        wait_completed(&state, 1).await;
        // The second prompt sits in the queue while the worker does not take it (as when
        // a server is busy saving outputs): that wait is not GPU time.
        state.lock().queue.push_back(item(1, 2));
        tokio::time::sleep(Duration::from_millis(200)).await;
        state.wake.notify_one();
        wait_completed(&state, 2).await;
        let (start, end) = span(&state, 1);
        assert!(
            end - start >= GPU.as_millis() as u64 - 1,
            "the GPU time was backdated into the queue wait: ran {} ms of {} ms",
            end - start,
            GPU.as_millis()
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_progress_log_has_each_step_where_it_stands_and_when_it_was_sent() {
        let dir = std::env::temp_dir().join(format!("fake-progress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let log = dir.join("progress.log");
        let _ = std::fs::remove_file(&log);
        let state = started(ComfyConfig {
            gpu_time: Duration::from_millis(90),
            progress_steps: 3,
            progress_log: Some(log.clone()),
            ..Default::default()
        });
        let mut two_nodes = item(0, 1);
        two_nodes.prompt = json!({
            "1": {"class_type": "EmptyLatentImage", "inputs": {"width": 64}},
            "2": {"class_type": "KSampler", "inputs": {"seed": 1}},
        });
        state.lock().queue.push_back(two_nodes);
        state.wake.notify_one();
        wait_completed(&state, 1).await;
        let text = std::fs::read_to_string(&log).expect("the log was written");
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
        assert_eq!(lines.len(), 3, "one line per step: {text}");
        let mut last = 0u128;
        for (n, fields) in lines.iter().enumerate() {
            // The sampler is the second of two nodes.
            assert_eq!(
                fields[..6],
                ["progress", "prompt-0", &(n + 1).to_string(), "3", "1", "2"]
            );
            let ns: u128 = fields[6].parse().expect("ns");
            assert!(ns > last, "the clock runs forward: {text}");
            last = ns;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

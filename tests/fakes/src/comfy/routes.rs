//! The fake's HTTP routes and WebSocket (protocols/comfyui.md §2, §3), also under `/api`.

use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::{validate, ComfyState, Item};
use crate::{empty_status, json_status};

async fn slow(state: &ComfyState) {
    let delay = state.lock().faults.slow_reply;
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
}

pub(super) fn router(state: Arc<ComfyState>) -> Router {
    let routes = Router::new()
        .route("/prompt", post(post_prompt).get(get_prompt))
        .route("/queue", get(get_queue).post(post_queue))
        .route("/interrupt", post(post_interrupt))
        .route("/history", get(get_history).post(post_history))
        .route("/history/{id}", get(get_history_one))
        .route("/view", get(get_view))
        .route("/upload/image", post(post_upload))
        .route("/system_stats", get(get_system_stats))
        .route("/object_info", get(get_object_info))
        .route("/object_info/{class}", get(get_object_info_one))
        .route(
            "/features",
            get(|| async {
                Json(json!({"supports_preview_metadata": true, "max_upload_size": 104857600}))
            }),
        )
        .route("/free", post(|| async { empty_status(200) }))
        .route("/ws", get(ws_upgrade))
        .with_state(state);
    Router::new().merge(routes.clone()).nest("/api", routes)
}

async fn post_prompt(State(state): State<Arc<ComfyState>>, body: String) -> Response {
    slow(&state).await;
    let injected = state.lock().faults.prompt_statuses.pop_front();
    match injected {
        Some(500) => {
            return (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "500 Internal Server Error\n\nServer got itself in trouble",
            )
                .into_response()
        }
        Some(429) => {
            return (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "0")],
                "",
            )
                .into_response()
        }
        Some(code) => return empty_status(code),
        None => {}
    }
    // A body that is not JSON is an unhandled exception in aiohttp: 500 text/plain.
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n\nServer got itself in trouble",
        )
            .into_response();
    };
    let Some(prompt) = body.get("prompt").cloned() else {
        return json_status(
            400,
            json!({"error": {"type": "no_prompt", "message": "No prompt provided", "details": "No prompt provided", "extra_info": {}}, "node_errors": {}}),
        );
    };
    let prompt_id = match body.get("prompt_id").and_then(|p| p.as_str()) {
        Some(id)
            if uuid::Uuid::parse_str(id)
                .map(|u| u.hyphenated().to_string() == id)
                .unwrap_or(false) =>
        {
            id.to_string()
        }
        Some(_) => {
            return json_status(
                400,
                json!({"error": {"type": "invalid_prompt_id", "message": "Invalid prompt_id format", "details": "prompt_id must be a UUID", "extra_info": {}}, "node_errors": {}}),
            )
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    let outputs = match validate::validate(&prompt, &state) {
        Ok(outputs) => outputs,
        Err(reply) => return json_status(400, reply),
    };
    let client_id = body
        .get("client_id")
        .and_then(|c| c.as_str())
        .map(String::from);
    let number = {
        let mut inner = state.lock();
        let number = inner.counter;
        inner.counter += 1;
        inner.queue.push_back(Item {
            number,
            id: prompt_id.clone(),
            prompt,
            client_id,
            outputs,
        });
        number
    };
    crate::log_line(
        state.config.request_log.as_deref(),
        &format!("prompt {prompt_id}"),
    );
    let remaining = state.queue_remaining();
    state.send(
        None,
        "status",
        json!({"status": {"exec_info": {"queue_remaining": remaining}}}),
    );
    state.wake.notify_one();
    state.queued.notify_waiters();
    Json(json!({"prompt_id": prompt_id, "number": number, "node_errors": {}})).into_response()
}

async fn get_prompt(State(state): State<Arc<ComfyState>>) -> Json<Value> {
    Json(json!({"exec_info": {"queue_remaining": state.queue_remaining()}}))
}

async fn get_queue(State(state): State<Arc<ComfyState>>) -> Json<Value> {
    slow(&state).await;
    let inner = state.lock();
    let running: Vec<Value> = inner
        .running
        .iter()
        .map(|(n, id, p, c)| json!([n, id, p, {"client_id": c}, []]))
        .collect();
    let pending: Vec<Value> = inner
        .queue
        .iter()
        .map(|i| json!([i.number, i.id, i.prompt, {"client_id": i.client_id}, i.outputs]))
        .collect();
    Json(json!({"queue_running": running, "queue_pending": pending}))
}

async fn post_queue(State(state): State<Arc<ComfyState>>, body: String) -> Response {
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let mut inner = state.lock();
    if v.get("clear").and_then(|c| c.as_bool()) == Some(true) {
        inner.queue.clear();
    }
    if let Some(ids) = v.get("delete").and_then(|d| d.as_array()) {
        let ids: Vec<&str> = ids.iter().filter_map(|i| i.as_str()).collect();
        inner.queue.retain(|item| !ids.contains(&item.id.as_str()));
    }
    empty_status(200)
}

async fn post_interrupt(State(state): State<Arc<ComfyState>>, body: String) -> Response {
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let mut inner = state.lock();
    let target = v
        .get("prompt_id")
        .and_then(|p| p.as_str())
        .map(String::from);
    let running = inner.running.as_ref().map(|r| r.1.clone());
    // With an id: only if that prompt is running; without: whatever runs.
    if running.is_some() && (target.is_none() || target == running) {
        inner.interrupt = true;
        state.interrupt_wake.notify_one();
    }
    empty_status(200)
}

#[derive(serde::Deserialize)]
struct HistoryQuery {
    max_items: Option<usize>,
}

async fn get_history(
    State(state): State<Arc<ComfyState>>,
    Query(q): Query<HistoryQuery>,
) -> Json<Value> {
    let inner = state.lock();
    let n = q.max_items.unwrap_or(usize::MAX);
    let skip = inner.history.len().saturating_sub(n);
    let map: serde_json::Map<String, Value> = inner
        .history
        .values()
        .skip(skip)
        .map(|(id, e)| (id.clone(), e.clone()))
        .collect();
    Json(Value::Object(map))
}

async fn post_history(State(state): State<Arc<ComfyState>>, body: String) -> Response {
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let mut inner = state.lock();
    if v.get("clear").and_then(|c| c.as_bool()) == Some(true) {
        inner.history.clear();
    }
    if let Some(ids) = v.get("delete").and_then(|d| d.as_array()) {
        let ids: Vec<&str> = ids.iter().filter_map(|i| i.as_str()).collect();
        inner
            .history
            .retain(|_, (id, _)| !ids.contains(&id.as_str()));
    }
    empty_status(200)
}

async fn get_history_one(State(state): State<Arc<ComfyState>>, Path(id): Path<String>) -> Response {
    slow(&state).await;
    let mut inner = state.lock();
    if std::mem::take(&mut inner.faults.malformed_history_next) {
        return (
            axum::http::StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"oops\": ",
        )
            .into_response();
    }
    // Unknown or unfinished: `{}` with 200, never 404.
    let entry = inner
        .history
        .values()
        .find(|(i, _)| *i == id)
        .map(|(_, e)| e.clone());
    match entry {
        Some(e) => Json(json!({ id: e })).into_response(),
        None => Json(json!({})).into_response(),
    }
}

#[derive(serde::Deserialize)]
struct ViewQuery {
    filename: Option<String>,
    subfolder: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

async fn get_view(State(state): State<Arc<ComfyState>>, Query(q): Query<ViewQuery>) -> Response {
    slow(&state).await;
    let Some(mut filename) = q.filename else {
        return empty_status(404);
    };
    // `name.png [output]` annotation.
    if let Some(i) = filename.find(" [") {
        filename.truncate(i);
    }
    let kind = q.kind.unwrap_or_else(|| "output".into());
    let subfolder = q.subfolder.unwrap_or_default();
    if filename.is_empty()
        || filename.starts_with('/')
        || filename.contains("..")
        || !["output", "input", "temp"].contains(&kind.as_str())
    {
        return empty_status(400);
    }
    if subfolder.contains("..") || subfolder.starts_with('/') {
        return empty_status(403);
    }
    let bytes = state
        .lock()
        .files
        .get(&(kind, subfolder, filename.clone()))
        .cloned();
    let Some(bytes) = bytes else {
        return empty_status(404);
    };
    let mime = match filename.rsplit('.').next().unwrap_or_default() {
        "png" => "image/png",
        "mp4" => "video/mp4",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    };
    let disposition = format!("filename=\"{filename}\"");
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

async fn post_upload(State(state): State<Arc<ComfyState>>, mut multipart: Multipart) -> Response {
    let mut image: Option<(String, Vec<u8>)> = None;
    let mut kind = "input".to_string();
    let mut subfolder = String::new();
    let mut overwrite = false;
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(String::from);
        let Ok(bytes) = field.bytes().await else {
            return empty_status(400);
        };
        match name.as_str() {
            "image" => image = Some((file_name.unwrap_or_default(), bytes.to_vec())),
            "type" => kind = String::from_utf8_lossy(&bytes).to_string(),
            "subfolder" => subfolder = String::from_utf8_lossy(&bytes).to_string(),
            "overwrite" => overwrite = matches!(&bytes[..], b"true" | b"1"),
            _ => {}
        }
    }
    let Some((name, bytes)) = image else {
        return empty_status(400);
    };
    if name.is_empty() || subfolder.contains("..") || subfolder.starts_with('/') {
        return empty_status(400);
    }
    let mut inner = state.lock();
    let mut stored = name.clone();
    if !overwrite {
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), format!(".{e}")),
            None => (name.clone(), String::new()),
        };
        let mut i = 1;
        while let Some(existing) =
            inner
                .files
                .get(&(kind.clone(), subfolder.clone(), stored.clone()))
        {
            if *existing == bytes {
                break;
            }
            stored = format!("{stem} ({i}){ext}");
            i += 1;
        }
    }
    inner
        .files
        .insert((kind.clone(), subfolder.clone(), stored.clone()), bytes);
    Json(json!({"name": stored, "subfolder": subfolder, "type": kind})).into_response()
}

async fn get_system_stats(State(state): State<Arc<ComfyState>>) -> Json<Value> {
    slow(&state).await;
    Json(json!({
        "system": {"os": "posix", "ram_total": 68719476736u64, "ram_free": 34359738368u64, "comfyui_version": state.config.version,
                   "required_frontend_version": "1.27.10", "python_version": "3.12.3", "pytorch_version": "2.8.0+cu128",
                   "embedded_python": false, "argv": ["main.py"]},
        "devices": [{"name": "cuda:0 Fake GPU", "type": "cuda", "index": 0, "vram_total": 25769803776u64, "vram_free": 23622320128u64,
                     "torch_vram_total": 0, "torch_vram_free": 0}]
    }))
}

async fn get_object_info(State(state): State<Arc<ComfyState>>) -> Json<Value> {
    Json(state.object_info.clone())
}

async fn get_object_info_one(
    State(state): State<Arc<ComfyState>>,
    Path(class): Path<String>,
) -> Json<Value> {
    match state.object_info.get(&class) {
        Some(def) => Json(json!({ class: def })),
        None => Json(json!({})),
    }
}

#[derive(serde::Deserialize)]
struct WsQuery {
    #[serde(rename = "clientId")]
    client_id: Option<String>,
}

async fn ws_upgrade(
    State(state): State<Arc<ComfyState>>,
    Query(q): Query<WsQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    let client_id = q
        .client_id
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    ws.on_upgrade(move |socket| serve_socket(state, client_id, socket))
}

async fn serve_socket(state: Arc<ComfyState>, client_id: String, socket: WebSocket) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    let (conn, running_node) = {
        let mut inner = state.lock();
        inner.socket_counter += 1;
        let conn = inner.socket_counter;
        inner.sockets.insert(client_id.clone(), (conn, tx.clone()));
        let running = inner
            .running
            .as_ref()
            .filter(|r| r.3.as_deref() == Some(client_id.as_str()))
            .map(|r| r.1.clone());
        (conn, running)
    };
    let remaining = state.queue_remaining();
    let _ = tx.send(Message::Text(json!({"type": "status", "data": {"status": {"exec_info": {"queue_remaining": remaining}}, "sid": client_id}}).to_string().into()));
    if running_node.is_some() {
        // Reconnect mid-run: the server says which node runs, without a prompt id.
        let _ = tx.send(Message::Text(
            json!({"type": "executing", "data": {"node": "1"}})
                .to_string()
                .into(),
        ));
    }
    drop(tx);
    let (mut sink, mut stream) = socket.split();
    loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(msg) => if sink.send(msg).await.is_err() { break },
                // Our sender was removed (dropped socket fault or replaced): close.
                None => break,
            },
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = sink.close().await;
    let mut inner = state.lock();
    if inner
        .sockets
        .get(&client_id)
        .is_some_and(|(c, _)| *c == conn)
    {
        inner.sockets.remove(&client_id);
    }
}

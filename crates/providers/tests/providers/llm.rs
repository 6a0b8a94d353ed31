use std::time::Duration;

use serde::Deserialize;
use videogen_fakes::{FakeLlm, LlmConfig as FakeConfig, LlmReply};
use videogen_model::ErrorCode;
use videogen_providers::{
    CancellationToken, ChatMessage, ChatRequest, ErrorClass, LlmClient, LlmConfig,
};

use crate::{fast_retry, url};

#[derive(Debug, Deserialize, PartialEq)]
struct Shots {
    shots: Vec<String>,
}

fn setup() -> (FakeLlm, LlmClient) {
    let fake = FakeLlm::start(FakeConfig::default()).unwrap();
    let mut config = LlmConfig::new(url(&fake.url()), "deepseek-flash", Some("sk-test".into()));
    config.retry = fast_retry(3);
    (fake, LlmClient::new(config))
}

fn request() -> ChatRequest {
    ChatRequest {
        messages: vec![
            ChatMessage::system("Reply in json."),
            ChatMessage::user("Plan two shots."),
        ],
        ..Default::default()
    }
}

#[tokio::test]
async fn json_reply_is_parsed_into_a_typed_struct_with_token_usage() {
    let (fake, client) = setup();
    fake.script([LlmReply::Content(r#"{"shots":["a","b"]}"#.into())]);
    let reply = client
        .chat_json::<Shots>(&request(), &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(
        reply.value,
        Shots {
            shots: vec!["a".into(), "b".into()]
        }
    );
    assert!(!reply.repaired);
    assert_eq!(reply.usage.calls, 1);
    assert!(reply.usage.prompt_tokens > 0);
    assert_eq!(
        reply.usage.cache_hit_tokens + reply.usage.cache_miss_tokens,
        reply.usage.prompt_tokens
    );
    let sent = &fake.requests()[0];
    assert_eq!(sent["response_format"]["type"], "json_object");
    // `thinking` is DeepSeek-only and this base URL is not DeepSeek.
    assert!(sent.get("thinking").is_none());
}

#[tokio::test]
async fn invalid_json_gets_one_repair_round_and_usage_covers_both_calls() {
    let (fake, client) = setup();
    fake.script([
        LlmReply::Content("Sure! Here you go: {shots: [".into()),
        LlmReply::Content("```json\n{\"shots\":[\"x\"]}\n```".into()),
    ]);
    let reply = client
        .chat_json::<Shots>(&request(), &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(reply.value.shots, vec!["x".to_string()]);
    assert!(reply.repaired);
    assert_eq!(reply.usage.calls, 2);
    let second = &fake.requests()[1];
    let messages = second["messages"].as_array().unwrap();
    assert_eq!(messages[2]["role"], "assistant");
    assert!(messages[3]["content"]
        .as_str()
        .unwrap()
        .contains("could not be used"));
}

#[tokio::test]
async fn a_reply_still_unusable_after_repair_is_a_failure() {
    let (fake, client) = setup();
    fake.script([
        LlmReply::Truncated("{\"shots\":[\"a".into()),
        LlmReply::Content(String::new()),
    ]);
    let err = client
        .chat_json::<Shots>(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Failed);
    assert!(err.to_string().contains("repair"), "{err}");
}

#[tokio::test]
async fn a_rejected_key_is_not_retried_and_says_so_plainly() {
    let fake = FakeLlm::start(FakeConfig::default()).unwrap();
    let mut config = LlmConfig::new(url(&fake.url()), "deepseek-flash", Some("sk-wrong".into()));
    config.retry = fast_retry(3);
    let err = LlmClient::new(config)
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Rejected);
    assert_eq!(err.code(), ErrorCode::ServiceRejected);
    assert!(
        err.to_string().contains("the API key was rejected"),
        "{err}"
    );
}

#[tokio::test]
async fn an_empty_balance_is_not_retried_and_says_so_plainly() {
    let (fake, client) = setup();
    fake.script([LlmReply::Status(402), LlmReply::Content("{}".into())]);
    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("the account balance is empty"),
        "{err}"
    );
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried() {
    let (fake, client) = setup();
    fake.script([
        LlmReply::Status(429),
        LlmReply::Status(503),
        LlmReply::Content("done".into()),
    ]);
    let reply = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(reply.content, "done");
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn persistent_overload_ends_as_unavailable_after_the_retries() {
    let (fake, client) = setup();
    fake.script([
        LlmReply::Status(500),
        LlmReply::Status(503),
        LlmReply::Status(500),
    ]);
    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Unavailable);
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn a_slow_reply_times_out_as_unavailable() {
    let fake = FakeLlm::start(FakeConfig::default()).unwrap();
    let mut config = LlmConfig::new(url(&fake.url()), "deepseek-flash", Some("sk-test".into()));
    config.retry = fast_retry(1);
    config.timeout = Duration::from_millis(200);
    fake.script([LlmReply::Delay(Duration::from_secs(3))]);
    let err = LlmClient::new(config)
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, videogen_providers::ProviderError::Timeout { .. }),
        "{err:?}"
    );
    assert_eq!(err.class(), ErrorClass::Unavailable);
}

#[tokio::test]
async fn cancelling_stops_a_waiting_request() {
    let (fake, client) = setup();
    fake.script([LlmReply::Delay(Duration::from_secs(30))]);
    let cancel = CancellationToken::new();
    let c = cancel.clone();
    let task = tokio::spawn(async move { client.chat(&request(), &c).await });
    cancel.cancel();
    let err = task.await.unwrap().unwrap_err();
    assert_eq!(err.class(), ErrorClass::Cancelled);
}

#[tokio::test]
async fn a_retired_model_name_is_refused_with_the_servers_words() {
    let fake = FakeLlm::start(FakeConfig::default()).unwrap();
    let config = LlmConfig::new(url(&fake.url()), "deepseek-chat", Some("sk-test".into()));
    let client = LlmClient::new(config);
    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Model Not Exist"), "{err}");
    let health = client.health(&CancellationToken::new()).await;
    assert!(
        !health.ok && health.message.contains("deepseek-chat"),
        "{health:?}"
    );
}

#[tokio::test]
async fn keep_alive_lines_and_capacity_cut_offs_are_handled() {
    let fake = FakeLlm::start(FakeConfig {
        keep_alive_lines: true,
        ..Default::default()
    })
    .unwrap();
    let mut config = LlmConfig::new(url(&fake.url()), "deepseek-flash", Some("sk-test".into()));
    config.retry = fast_retry(3);
    fake.script([LlmReply::NoCapacity, LlmReply::Content("ok".into())]);
    let reply = LlmClient::new(config)
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(reply.content, "ok");
}

#[tokio::test]
async fn a_malformed_body_is_a_failure_naming_the_problem() {
    let (fake, client) = setup();
    fake.script([LlmReply::Malformed]);
    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Failed);
    assert!(err.to_string().contains("not a chat completion"), "{err}");
}

#[tokio::test]
async fn the_v1_base_url_of_local_servers_works_too() {
    let fake = FakeLlm::start(FakeConfig {
        api_key: None,
        ..Default::default()
    })
    .unwrap();
    let config = LlmConfig::new(url(&format!("{}/v1", fake.url())), "deepseek-flash", None);
    let reply = LlmClient::new(config)
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap();
    assert!(!reply.content.is_empty());
}

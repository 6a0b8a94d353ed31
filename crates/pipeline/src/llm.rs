//! Asking the LLM for JSON that the pipeline can use: validated, one repair round, then a
//! clear failure that keeps the reply; with the project's spending cap checked first and
//! the cost counted.

use serde::de::DeserializeOwned;
use videogen_jobs::{HandlerError, JobContext};
use videogen_model::{ProjectId, TokenUsage};
use videogen_providers::{ChatMessage, ChatRequest, LlmClient};
use videogen_store::repo::projects;

use crate::Pipeline;

/// How much of an unusable reply the job's error keeps.
const REPLY_KEPT: usize = 2_000;

/// The client, or a permanent failure saying how to configure one.
pub fn client(p: &Pipeline) -> Result<&LlmClient, HandlerError> {
    p.services()
        .llm
        .as_ref()
        .ok_or_else(|| HandlerError::permanent(p.services().llm_missing.clone()))
}

/// Refuses a call that could pass the project's spending cap: what was spent plus this
/// call at most (its prompt as cache misses, its output cap as output) must stay within it.
pub fn check_cap(
    p: &Pipeline,
    project: &ProjectId,
    request: &ChatRequest,
) -> Result<(), HandlerError> {
    let row = p.store().read(|c| projects::get(c, project))?;
    let Some(cap) = row.llm_spend_cap_usd else {
        return Ok(());
    };
    let chars: usize = request.messages.iter().map(|m| m.content.len()).sum();
    let worst = TokenUsage {
        prompt_tokens: (chars / 3) as u32,
        completion_tokens: request.max_tokens.unwrap_or(8_000),
        ..TokenUsage::default()
    };
    let next = p.services().llm_prices.cost(&worst);
    if row.llm_cost_usd + next > cap {
        return Err(HandlerError::permanent(format!(
            "The LLM spending cap of ${cap:.2} for this project would be passed (${:.2} spent, the next call may cost up to ${next:.2}): raise it with `videogen set \"{}\" --llm-cap <dollars>` or in the project's settings, then retry.",
            row.llm_cost_usd, row.name
        )));
    }
    Ok(())
}

/// A JSON reply, checked by `validate`, with the usage of every call made for it.
pub struct Answer<T> {
    /// The value.
    pub value: T,
    /// Tokens of all calls (the repair round included).
    pub usage: TokenUsage,
}

/// Asks for JSON; a reply that does not parse or fails `validate` gets one repair round;
/// a second failure fails the job permanently, keeping the reply in its error.
pub async fn ask_json<T, V>(
    p: &Pipeline,
    ctx: &JobContext,
    project: &ProjectId,
    mut request: ChatRequest,
    validate: V,
) -> Result<Answer<T>, HandlerError>
where
    T: DeserializeOwned,
    V: Fn(&T) -> Result<(), String>,
{
    let llm = client(p)?;
    request.json = true;
    let mut usage = TokenUsage::default();
    let mut last_reply = String::new();
    let mut last_error = String::new();
    for round in 0..2 {
        check_cap(p, project, &request)?;
        let reply = llm
            .chat(&request, ctx.cancellation())
            .await
            .map_err(|e| HandlerError::from(videogen_model::AppError::from(e)))?;
        usage.add(&reply.usage);
        let parsed = serde_json::from_str::<T>(strip_fences(&reply.content))
            .map_err(|e| format!("it is not the JSON asked for ({e})"))
            .and_then(|v| validate(&v).map(|()| v));
        match parsed {
            Ok(value) => return Ok(Answer { value, usage }),
            Err(why) => {
                tracing::warn!(round, "LLM reply unusable: {why}");
                last_error = why.clone();
                last_reply = reply.content.clone();
                request.messages.push(ChatMessage::assistant(reply.content));
                request.messages.push(ChatMessage::user(format!(
                    "Your reply could not be used: {why}. Reply again with only the complete, corrected JSON object."
                )));
            }
        }
    }
    // The calls were made: count them even though the job fails.
    let cost = p.services().llm_prices.cost(&usage);
    p.store()
        .write(|tx| projects::add_token_usage(tx, project, &usage, cost))?;
    let kept: String = last_reply.chars().take(REPLY_KEPT).collect();
    Err(HandlerError::permanent(format!(
        "The LLM's reply could not be used even after a repair round ({last_error}). Try again, or choose another model. Its reply was: {kept}"
    )))
}

fn strip_fences(text: &str) -> &str {
    let t = text.trim();
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    rest.trim_end().strip_suffix("```").unwrap_or(rest).trim()
}

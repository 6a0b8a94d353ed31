//! What the fake LLM writes when no reply is scripted and JSON is asked for: plausible
//! answers to the studio's own requests (an outline, a section of narration, numbered
//! prompts), so that a whole generation can run against the fake. It reads the request the
//! way a model would: by what it asks for.

use serde_json::{json, Value};

/// The JSON content for a request whose last user message is `ask`.
pub fn reply(ask: &str) -> Value {
    if ask.contains("as an outline of about") {
        return outline(ask);
    }
    if ask.contains("Write section") {
        return section(ask);
    }
    if ask.contains("numbered sentence") {
        return prompts(ask);
    }
    json!({"ok": true})
}

/// One line saying what a request asks for, for request logs: `outline`,
/// `Write section N`, `prompts: <first numbered sentence>`, else the ask's first line.
pub fn describe(ask: &str) -> String {
    if ask.contains("as an outline of about") {
        return "outline".into();
    }
    if let Some(n) = number_after(ask, "Write section") {
        return format!("Write section {n}");
    }
    if ask.contains("numbered sentence") {
        let first = ask
            .lines()
            .find(|l| l.starts_with("1. "))
            .unwrap_or_default();
        return format!("prompts: {first}");
    }
    ask.lines().next().unwrap_or_default().to_owned()
}

/// The number after `marker` in `text`.
fn number_after(text: &str, marker: &str) -> Option<usize> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

fn outline(ask: &str) -> Value {
    let n = number_after(ask, "outline of about")
        .unwrap_or(3)
        .clamp(1, 60);
    let minutes = number_after(ask, "add up to").unwrap_or(n * 3) as f64;
    let sections: Vec<Value> = (1..=n)
        .map(|i| {
            json!({"title": format!("Part {i}"), "summary": format!("What part {i} covers."),
                   "targetMinutes": minutes / n as f64, "keyPoints": [format!("point {i}a"), format!("point {i}b")]})
        })
        .collect();
    json!({"title": "A planned film", "sections": sections})
}

const WORDS: [&str; 12] = [
    "river", "stone", "morning", "harbour", "lantern", "valley", "engine", "letter", "garden",
    "bridge", "winter", "market",
];

fn section(ask: &str) -> Value {
    let index = number_after(ask, "Write section").unwrap_or(1);
    let budget = number_after(ask, "About").unwrap_or(60).clamp(20, 3000);
    // Sentences of ten words until the budget is met, in paragraphs of five sentences.
    let sentences = budget.div_ceil(10);
    let mut text = String::new();
    for s in 0..sentences {
        if s > 0 {
            text.push_str(if s % 5 == 0 { "\n\n" } else { " " });
        }
        let w = |k: usize| WORDS[(index * 7 + s * 3 + k) % WORDS.len()];
        text.push_str(&format!(
            "The {} by the {} saw a {} near the {} in section {index}, line {}.",
            w(0),
            w(1),
            w(2),
            w(3),
            s + 1
        ));
    }
    json!({"text": text, "summary": format!("Sections up to {index} are told.")})
}

fn prompts(ask: &str) -> Value {
    // Numbered lines "1. …", "2. …" after the task.
    let count = ask
        .lines()
        .filter_map(|l| {
            let digits: String = l.chars().take_while(|c| c.is_ascii_digit()).collect();
            (!digits.is_empty() && l[digits.len()..].starts_with(". "))
                .then(|| digits.parse::<usize>().ok())
                .flatten()
        })
        .max()
        .unwrap_or(0);
    let prompts: Vec<Value> = (1..=count)
        .map(|n| json!({"n": n, "prompt": format!("a wide shot of scene {n}, soft light, detailed")}))
        .collect();
    json!({"prompts": prompts})
}

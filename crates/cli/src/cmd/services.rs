//! `videogen doctor` and `videogen workflow run`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use videogen_app::{CancellationToken, DoctorReport, Studio};
use videogen_model::{AppError, ErrorCode};

use crate::output;

/// Arguments of `videogen doctor`.
#[derive(Args)]
pub struct DoctorArgs {
    /// Print the whole report as JSON for scripts:
    /// `{"schemaVersion":1,"ok":…,"services":[…],"workflows":[…],"notConfigured":[…],"notes":[…]}`
    /// (see README). The exit code is the same as without it.
    #[arg(long)]
    json: bool,
}

/// Arguments of `videogen workflow`.
#[derive(Args)]
pub struct WorkflowArgs {
    #[command(subcommand)]
    command: WorkflowCommand,
}

#[derive(Subcommand)]
enum WorkflowCommand {
    /// Run one template on the ComfyUI pool and save its first output.
    Run {
        /// Template name: test/image, test/video, image/flux-2, video/wan-2.2, …
        template: String,
        /// Placeholder values, e.g. --set prompt="a red door" --set width=1024.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Input image for image-to-video templates.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Where to save the output.
        #[arg(long)]
        out: PathBuf,
    },
}

fn runtime() -> Result<tokio::runtime::Runtime, AppError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot start the async runtime: {e}"),
            )
        })
}

/// Cancels `token` on Ctrl-C.
fn cancel_on_ctrl_c(token: &CancellationToken) {
    let token = token.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            token.cancel();
        }
    });
}

/// `videogen doctor`: exits non-zero unless every service is reachable and complete.
pub fn doctor(studio: &Studio, args: DoctorArgs) -> Result<(), AppError> {
    let report = runtime()?.block_on(async {
        let cancel = CancellationToken::new();
        cancel_on_ctrl_c(&cancel);
        studio.doctor(&cancel).await
    })?;
    if args.json {
        output::print_json(&report)?;
    } else {
        print_report(&report);
    }
    if report.ok {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::ServiceUnavailable,
            "Some services are not ready (see the report).",
        ))
    }
}

fn print_report(report: &DoctorReport) {
    for s in &report.services {
        let state = if s.health.ok { "ok" } else { "PROBLEM" };
        let version = s
            .health
            .version
            .as_deref()
            .map(|v| format!(" ({v})"))
            .unwrap_or_default();
        println!("{:<8} {:<7} {}{version}", s.service, state, s.url);
        if !s.health.ok && !s.health.message.is_empty() {
            println!("         {}", s.health.message);
        }
        if !s.voices.is_empty() {
            println!("         voices: {}", s.voices.join(", "));
        }
    }
    for name in &report.not_configured {
        println!("{name:<8} not configured");
    }
    for w in &report.workflows {
        let complete =
            w.error.is_none() && w.missing_models.is_empty() && w.missing_nodes.is_empty();
        println!(
            "workflow {:<22} on {}: {}",
            w.template,
            w.server,
            if complete { "ready" } else { "INCOMPLETE" }
        );
        if let Some(e) = &w.error {
            println!("         {e}");
        }
        for n in &w.missing_nodes {
            println!(
                "         missing node class {} (node {})",
                n.class_type, n.node_id
            );
        }
        for m in &w.missing_models {
            println!(
                "         missing model {} ({}.{} of node {})",
                m.file, m.class_type, m.input, m.node_id
            );
        }
    }
    for note in &report.notes {
        println!("note     {note}");
    }
    if report.ok {
        println!("All services are ready.");
    }
}

/// `videogen workflow run`.
pub fn workflow(studio: &Studio, args: WorkflowArgs) -> Result<(), AppError> {
    let WorkflowCommand::Run {
        template,
        set,
        input,
        out,
    } = args.command;
    let run = runtime()?.block_on(async {
        let cancel = CancellationToken::new();
        cancel_on_ctrl_c(&cancel);
        studio
            .run_workflow_template(&template, &set, input.as_deref(), &out, &cancel)
            .await
    })?;
    println!(
        "Saved {} (prompt {} on {})",
        run.path.display(),
        run.prompt_id,
        run.server
    );
    Ok(())
}

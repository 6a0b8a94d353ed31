//! `videogen`: the headless VideoGen Studio. Argument parsing and output only; every
//! behaviour is a call into `videogen_app::Studio`.

mod cmd;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use videogen_app::{crash, Studio};
use videogen_model::{AppError, ErrorCode};

/// VideoGen Studio from the command line: projects, scripts, jobs, export.
#[derive(Parser)]
#[command(name = "videogen", version, about)]
struct Cli {
    /// Data directory (default: $VIDEOGEN_DATA_DIR, else ~/.local/share/videogen-studio).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Log what happens to stderr.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create an empty project.
    New(cmd::projects::NewArgs),
    /// Import a .txt or .md script as a new project.
    Import(cmd::projects::ImportArgs),
    /// List projects.
    List(cmd::projects::ListArgs),
    /// Show a project's sections and sentences with their dirty flags.
    Show(cmd::projects::ShowArgs),
    /// Edit a sentence (text, prompts, camera, motion).
    Edit(cmd::projects::EditArgs),
    /// Change a project's settings.
    Set(cmd::projects::SetArgs),
    /// Delete a project (its files go to the trash folder).
    Delete(cmd::projects::DeleteArgs),
    /// Generate what is stale: script, prompts, narration, timings, images, clips.
    Generate(cmd::generate::GenerateArgs),
    /// Show what `generate` would run, how long it would take and what the LLM would cost.
    Plan(cmd::generate::PlanArgs),
    /// Plan, review and edit a project's outline before its script is written.
    Outline(cmd::generate::OutlineArgs),
    /// Make the demo video offline: draft voice, word timings, title cards, Ken Burns clips,
    /// the export for editors and the rough cut.
    Demo(cmd::demo::DemoArgs),
    /// Export a project for an editor: numbered media, timelines, captions, script.
    Export(cmd::export::ExportArgs),
    /// Render the rough cut: one MP4 with narration, captions, chapters and an optional music bed.
    Render(cmd::render::RenderArgs),
    /// Use your own narration, image or clip for a sentence.
    Attach(cmd::media::AttachArgs),
    /// Check every service and what each active workflow is missing.
    Doctor(cmd::services::DoctorArgs),
    /// Run ComfyUI workflow templates by hand.
    Workflow(cmd::services::WorkflowArgs),
    /// Read and change settings (service addresses, job limits, the LLM API key).
    Config(cmd::config::ConfigArgs),
    /// List, cancel and retry background jobs.
    Jobs(cmd::jobs::JobsArgs),
    /// Run queued jobs headless until the queue is empty (Ctrl-C stops cleanly).
    Worker(cmd::jobs::WorkerArgs),
    /// Install, check or remove the offline draft engines (Piper voice, faster-whisper).
    Engines(cmd::engines::EnginesArgs),
    /// Copy a project (script, prompts, takes and media) under new ids.
    Duplicate(cmd::manage::DuplicateArgs),
    /// Back a project up to one file (rows and media) to restore here or on another machine.
    Backup(cmd::manage::BackupArgs),
    /// Restore a backup as a new project (never overwrites anything).
    Restore(cmd::manage::RestoreArgs),
    /// Disk use per project, by kind, with the old takes that could go.
    Du(cmd::manage::DuArgs),
    /// Remove old takes (every file that is not the current one of its piece).
    Takes(cmd::manage::TakesArgs),
    /// Deleted projects: list, restore, or remove for good.
    Trash(cmd::manage::TrashArgs),
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    init_logging(cli.verbose);
    let data_dir = cli.data_dir.unwrap_or_else(Studio::default_data_dir);
    let logs_dir = videogen_app::DataLayout::new(&data_dir).logs_dir();
    crash::install_panic_hook(&logs_dir, "videogen");
    crash::panic_if_asked();
    tell_earlier_crashes(&logs_dir);
    match run(&data_dir, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", err.message);
            ExitCode::from(exit_code(err.code))
        }
    }
}

fn run(data_dir: &std::path::Path, command: Command) -> Result<(), AppError> {
    let studio = Studio::open(data_dir)?;
    match command {
        Command::New(args) => cmd::projects::new(&studio, args),
        Command::Import(args) => cmd::projects::import(&studio, args),
        Command::List(args) => cmd::projects::list(&studio, args),
        Command::Show(args) => cmd::projects::show(&studio, args),
        Command::Edit(args) => cmd::projects::edit(&studio, args),
        Command::Set(args) => cmd::projects::set(&studio, args),
        Command::Delete(args) => cmd::projects::delete(&studio, args),
        Command::Generate(args) => cmd::generate::generate(&studio, args),
        Command::Plan(args) => cmd::generate::plan(&studio, args),
        Command::Outline(args) => cmd::generate::outline(&studio, args),
        Command::Demo(args) => cmd::demo::demo(&studio, args),
        Command::Export(args) => cmd::export::export(&studio, args),
        Command::Render(args) => cmd::render::render(&studio, args),
        Command::Attach(args) => cmd::media::attach(&studio, args),
        Command::Doctor(args) => cmd::services::doctor(&studio, args),
        Command::Workflow(args) => cmd::services::workflow(&studio, args),
        Command::Config(args) => cmd::config::run(&studio, args),
        Command::Jobs(args) => cmd::jobs::run(&studio, args),
        Command::Worker(args) => cmd::jobs::worker(&studio, args),
        Command::Engines(args) => cmd::engines::run(&studio, args),
        Command::Duplicate(args) => cmd::manage::duplicate(&studio, args),
        Command::Backup(args) => cmd::manage::backup(&studio, args),
        Command::Restore(args) => cmd::manage::restore(&studio, args),
        Command::Du(args) => cmd::manage::du(&studio, args),
        Command::Takes(args) => cmd::manage::takes(&studio, args),
        Command::Trash(args) => cmd::manage::trash(&studio, args),
    }
}

/// Names the reports of crashes since the last start (of the CLI or the app), once.
fn tell_earlier_crashes(logs_dir: &std::path::Path) {
    for report in crash::take_untold(logs_dir) {
        eprintln!(
            "note: VideoGen Studio crashed earlier ({}); the crash report is {}",
            report.message,
            report.path.display()
        );
    }
}

/// Exit codes a script can tell apart: 2 bad input, 3 not found, 4 conflict, 5 service,
/// 1 anything else.
fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::InvalidInput | ErrorCode::InvalidFile => 2,
        ErrorCode::NotFound => 3,
        ErrorCode::Conflict => 4,
        ErrorCode::ServiceUnavailable | ErrorCode::ServiceRejected | ErrorCode::ServiceFailed => 5,
        _ => 1,
    }
}

fn init_logging(verbose: bool) {
    let filter = if verbose { "info" } else { "warn" };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VIDEOGEN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter)),
        )
        .with_writer(std::io::stderr)
        .try_init();
}

/// `videogen show … | head` should end quietly, as other command-line tools do, instead of
/// panicking on a closed pipe: Rust ignores SIGPIPE by default, so put it back.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

//! Tauri commands: each unpacks its arguments, calls one [`Studio`] method and returns its
//! `Result<T, AppError>`, which reaches the UI as `{ code, message }`.
//!
//! Commands are `async` so that Tauri runs them on its thread pool, never on the thread that
//! drives the window.

mod catalog;
mod generation;
mod jobs;
mod projects;
mod script;
mod settings;
mod views;

pub use catalog::*;
pub use generation::*;
pub use jobs::*;
pub use projects::*;
pub use script::*;
pub use settings::*;
pub use views::*;

/// Every command, in the order the bindings list them.
pub fn collect<R: tauri::Runtime>() -> tauri_specta::Commands<R> {
    tauri_specta::collect_commands![
        // projects
        projects::list_projects,
        projects::create_project,
        projects::get_project,
        projects::load_project,
        projects::update_project,
        projects::delete_project,
        projects::import_script_file,
        projects::import_script_text,
        projects::add_to_cast,
        projects::remove_from_cast,
        projects::data_dir,
        // sections and sentences
        script::create_section,
        script::rename_section,
        script::delete_section,
        script::reorder_sections,
        script::get_sentence,
        script::create_sentence,
        script::update_sentence,
        script::delete_sentence,
        script::reorder_sentences,
        script::move_sentence,
        script::split_sentence,
        script::merge_sentences,
        // characters, models, styles
        catalog::list_characters,
        catalog::create_character,
        catalog::update_character,
        catalog::delete_character,
        catalog::list_models,
        catalog::create_model,
        catalog::update_model,
        catalog::delete_model,
        catalog::list_styles,
        catalog::create_style,
        catalog::update_style,
        catalog::delete_style,
        // jobs
        jobs::list_jobs,
        jobs::cancel_job,
        jobs::retry_job,
        jobs::retry_failed,
        jobs::job_counts,
        jobs::queue_paused,
        jobs::runner_status,
        jobs::set_queue_paused,
        // generation
        generation::plan,
        generation::generate,
        generation::new_image_seed,
        // settings, services and draft engines
        settings::config_list,
        settings::config_set,
        settings::set_llm_api_key,
        settings::has_llm_api_key,
        settings::doctor,
        settings::engines_status,
        settings::install_engines,
        settings::remove_engines,
        // window lifecycle
        crate::lifecycle::edits_flushed,
    ]
}

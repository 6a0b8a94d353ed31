//! Tauri commands: each unpacks its arguments, calls one [`Studio`] method and returns its
//! `Result<T, AppError>`, which reaches the UI as `{ code, message }`.
//!
//! Commands are `async` so that Tauri runs them on its thread pool, never on the thread that
//! drives the window.

mod catalog;
mod export;
mod generation;
mod jobs;
mod manage;
mod outline;
mod projects;
mod script;
mod settings;
mod startup;
mod storyboard;
pub mod studio_tools;
mod views;

pub use catalog::*;
pub use export::*;
pub use generation::*;
pub use jobs::*;
pub use manage::*;
pub use outline::*;
pub use projects::*;
pub use script::*;
pub use settings::*;
pub use startup::*;
pub use storyboard::*;
pub use studio_tools::*;
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
        jobs::get_job,
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
        // a script from a topic: the outline reviewed first
        outline::script_writer,
        outline::start_topic_project,
        outline::generate_outline,
        outline::outline,
        outline::set_outline_sections,
        // settings, services and draft engines
        settings::config_list,
        settings::config_set,
        settings::set_llm_api_key,
        settings::has_llm_api_key,
        settings::doctor,
        settings::engines_status,
        settings::install_engines,
        settings::remove_engines,
        // first run and earlier crashes
        startup::first_run,
        startup::dismiss_first_run,
        startup::open_demo_project,
        startup::earlier_crashes,
        // storyboard: scene rows, takes, regenerate
        storyboard::storyboard,
        storyboard::storyboard_rows,
        storyboard::list_takes,
        storyboard::list_section_takes,
        storyboard::roll_back_take,
        storyboard::list_section_narration_takes,
        storyboard::roll_back_section_narration_take,
        storyboard::regenerate,
        // export and rough cut
        export::export_choices,
        export::estimate_export,
        export::queue_export,
        export::queue_roughcut,
        export::reveal_in_file_manager,
        // projects management
        manage::duplicate_project,
        manage::backup_project,
        manage::restore_backup,
        manage::cancel_file_task,
        manage::disk_use_all,
        manage::prune_old_takes,
        manage::list_trash,
        manage::restore_from_trash,
        manage::purge_from_trash,
        // style builder, characters, voice-over and desktop settings
        studio_tools::test_render_style,
        studio_tools::add_character_reference,
        studio_tools::remove_character_reference,
        studio_tools::list_voices,
        studio_tools::preview_voice,
        studio_tools::section_waveform,
        studio_tools::open_logs_folder,
        studio_tools::data_dir_status,
        studio_tools::move_data_dir,
        studio_tools::cancel_data_dir_move,
        studio_tools::restart_app,
        // window lifecycle
        crate::lifecycle::edits_flushed,
    ]
}

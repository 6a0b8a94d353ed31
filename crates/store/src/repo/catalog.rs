//! Generation models and visual styles (the Style builder's catalog).

use rusqlite::{params, Connection, OptionalExtension, Row};
use videogen_model::{
    ChangeOp, Entity, GenerationModel, GenerationModelId, GenerationModelInput, ModelBackend,
    StyleColours, StyleId, StyleType, VisualStyle, VisualStyleInput, WorkflowCategory,
    WorkflowType,
};

use crate::row::json_list;
use crate::{new_id, now_ms, validate, StoreError, WriteTx};

const MODEL_COLUMNS: &str = "id, name, description, workflow_file, workflow_category, \
    workflow_type, default_steps, default_cfg, default_frames, default_fps, is_active, created_at, \
    backend, frame_step, max_frames";

fn model(row: &Row<'_>) -> rusqlite::Result<GenerationModel> {
    let category: String = row.get(4)?;
    let kind: String = row.get(5)?;
    Ok(GenerationModel {
        id: GenerationModelId(row.get(0)?),
        name: row.get(1)?,
        description: row.get(2)?,
        workflow_file: row.get(3)?,
        // The CHECK constraints keep these columns within the enums.
        workflow_category: WorkflowCategory::parse(&category).unwrap_or(WorkflowCategory::Image),
        workflow_type: WorkflowType::parse(&kind).unwrap_or(WorkflowType::TextToImage),
        default_steps: row.get(6)?,
        default_cfg: row.get(7)?,
        default_frames: row.get(8)?,
        default_fps: row.get(9)?,
        is_active: row.get(10)?,
        created_at: row.get(11)?,
        backend: ModelBackend::parse(&row.get::<_, String>(12)?).unwrap_or(ModelBackend::Comfyui),
        frame_step: row.get(13)?,
        max_frames: row.get(14)?,
    })
}

/// Reads one model.
pub fn get_model(conn: &Connection, id: &GenerationModelId) -> Result<GenerationModel, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {MODEL_COLUMNS} FROM generation_models WHERE id = ?1"
    ))?
    .query_row([id.as_str()], model)
    .optional()?
    .ok_or_else(|| StoreError::not_found("Generation model", id.as_str()))
}

/// Every model, images first, then by name.
pub fn list_models(conn: &Connection) -> Result<Vec<GenerationModel>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MODEL_COLUMNS} FROM generation_models ORDER BY workflow_category, name, id"
    ))?;
    let rows = stmt.query_map([], model)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn check_model(input: &GenerationModelInput) -> Result<(String, String), StoreError> {
    let name = validate::name("model name", &input.name)?;
    let file = input.workflow_file.trim();
    let valid = file.split('/').count() == 2
        && file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !file.contains("..");
    // Only ComfyUI models render from a template; the offline renderers need none.
    if input.backend == ModelBackend::Comfyui && !valid {
        return Err(StoreError::Invalid(format!(
            "The workflow template {file:?} is not a template name: use the form image/name or video/name."
        )));
    }
    let backend_category = match input.backend {
        ModelBackend::Comfyui => None,
        ModelBackend::TitleCard => Some(WorkflowCategory::Image),
        ModelBackend::KenBurns => Some(WorkflowCategory::Video),
    };
    if backend_category.is_some_and(|c| c != input.workflow_category) {
        return Err(StoreError::Invalid(format!(
            "A {} model belongs to the {} category.",
            input.backend.as_str(),
            backend_category.map_or("", |c| c.as_str())
        )));
    }
    if input.frame_step == Some(0) || input.max_frames == Some(0) {
        return Err(StoreError::Invalid(
            "A model's frame step and maximum frames must be at least 1.".into(),
        ));
    }
    let file = if input.backend == ModelBackend::Comfyui {
        file
    } else {
        ""
    };
    let expected = match input.workflow_type {
        WorkflowType::ImageToVideo => WorkflowCategory::Video,
        _ => WorkflowCategory::Image,
    };
    if input.workflow_category != expected {
        return Err(StoreError::Invalid(format!(
            "A {} workflow belongs to the {} category.",
            input.workflow_type.as_str(),
            expected.as_str()
        )));
    }
    Ok((name, file.to_owned()))
}

/// Inserts or replaces a model's row (creation time kept on replace).
fn write_model(
    tx: &WriteTx<'_>,
    id: &GenerationModelId,
    name: &str,
    file: &str,
    input: &GenerationModelInput,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO generation_models (id, name, description, workflow_file, workflow_category,
            workflow_type, default_steps, default_cfg, default_frames, default_fps, is_active, created_at,
            backend, frame_step, max_frames)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
            workflow_file = excluded.workflow_file, workflow_category = excluded.workflow_category,
            workflow_type = excluded.workflow_type, default_steps = excluded.default_steps,
            default_cfg = excluded.default_cfg, default_frames = excluded.default_frames,
            default_fps = excluded.default_fps, is_active = excluded.is_active,
            backend = excluded.backend, frame_step = excluded.frame_step,
            max_frames = excluded.max_frames",
        params![
            id.as_str(),
            name,
            validate::optional_text("description", input.description.as_deref())?,
            file,
            input.workflow_category.as_str(),
            input.workflow_type.as_str(),
            input.default_steps,
            input.default_cfg,
            input.default_frames,
            input.default_fps,
            input.is_active,
            now_ms(),
            input.backend.as_str(),
            input.frame_step,
            input.max_frames
        ],
    )?;
    Ok(())
}

/// Creates a model.
pub fn create_model(
    tx: &mut WriteTx<'_>,
    input: &GenerationModelInput,
) -> Result<GenerationModel, StoreError> {
    let (name, file) = check_model(input)?;
    let id = GenerationModelId(new_id());
    write_model(tx, &id, &name, &file, input)?;
    tx.record(Entity::GenerationModel, id.as_str(), None, ChangeOp::Insert);
    get_model(tx, &id)
}

/// Replaces a model's fields.
pub fn update_model(
    tx: &mut WriteTx<'_>,
    id: &GenerationModelId,
    input: &GenerationModelInput,
) -> Result<GenerationModel, StoreError> {
    let before = get_model(tx, id)?;
    let (name, file) = check_model(input)?;
    let renders_differently = before.workflow_file != file
        || before.default_steps != input.default_steps
        || before.default_cfg != input.default_cfg
        || before.default_frames != input.default_frames
        || before.default_fps != input.default_fps
        || before.backend != input.backend
        || before.frame_step != input.frame_step
        || before.max_frames != input.max_frames;
    if renders_differently {
        dirty_users(tx, "model_id", id.as_str())?;
        dirty_users(tx, "video_model_id", id.as_str())?;
    }
    write_model(tx, id, &name, &file, input)?;
    tx.record(Entity::GenerationModel, id.as_str(), None, ChangeOp::Update);
    get_model(tx, id)
}

/// Deletes a model; projects using it fall back to none.
pub fn delete_model(tx: &mut WriteTx<'_>, id: &GenerationModelId) -> Result<(), StoreError> {
    dirty_users(tx, "model_id", id.as_str())?;
    dirty_users(tx, "video_model_id", id.as_str())?;
    let n = tx.execute("DELETE FROM generation_models WHERE id = ?1", [id.as_str()])?;
    if n == 0 {
        return Err(StoreError::not_found("Generation model", id.as_str()));
    }
    tx.record(Entity::GenerationModel, id.as_str(), None, ChangeOp::Delete);
    Ok(())
}

/// Makes the images (image model, style) or clips (video model) of every project using a
/// catalog entry dirty: its workflow or look changed, or it is going away.
fn dirty_users(tx: &mut WriteTx<'_>, column: &str, id: &str) -> Result<(), StoreError> {
    let edit = match column {
        "video_model_id" => crate::dirty::Edit::ProjectVideoModel,
        "style_id" => crate::dirty::Edit::ProjectStyle,
        _ => crate::dirty::Edit::ProjectImageModel,
    };
    let projects: Vec<String> = {
        let mut stmt = tx.prepare(&format!("SELECT id FROM projects WHERE {column} = ?1"))?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for p in projects {
        let pid = videogen_model::ProjectId(p);
        crate::dirty::apply(tx, edit, crate::dirty::Scope::Project(&pid))?;
    }
    Ok(())
}

const STYLE_COLUMNS: &str = "id, name, description, style_type, prompt_prefix, lora_file, \
    lora_strength, compatible_models, requires_character_ref, is_active, created_at, \
    negative_prompt, colours";

fn style(row: &Row<'_>) -> rusqlite::Result<VisualStyle> {
    let kind: String = row.get(3)?;
    Ok(VisualStyle {
        id: StyleId(row.get(0)?),
        name: row.get(1)?,
        description: row.get(2)?,
        style_type: StyleType::parse(&kind).unwrap_or(StyleType::Prompt),
        prompt_prefix: row.get(4)?,
        lora_file: row.get(5)?,
        lora_strength: row.get(6)?,
        compatible_models: json_list::<String>(row.get(7)?)
            .into_iter()
            .map(GenerationModelId)
            .collect(),
        requires_character_ref: row.get(8)?,
        is_active: row.get(9)?,
        created_at: row.get(10)?,
        negative_prompt: row.get(11)?,
        // The CHECK (json_valid) keeps it JSON; an unknown shape reads as no colours.
        colours: serde_json::from_str::<StyleColours>(&row.get::<_, String>(12)?)
            .unwrap_or_default(),
    })
}

/// Reads one style.
pub fn get_style(conn: &Connection, id: &StyleId) -> Result<VisualStyle, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {STYLE_COLUMNS} FROM visual_styles WHERE id = ?1"
    ))?
    .query_row([id.as_str()], style)
    .optional()?
    .ok_or_else(|| StoreError::not_found("Visual style", id.as_str()))
}

/// Every style, by name.
pub fn list_styles(conn: &Connection) -> Result<Vec<VisualStyle>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STYLE_COLUMNS} FROM visual_styles ORDER BY name, id"
    ))?;
    let rows = stmt.query_map([], style)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn check_style(input: &VisualStyleInput) -> Result<(String, String), StoreError> {
    let name = validate::name("style name", &input.name)?;
    for (what, colour) in [
        ("background", &input.colours.background),
        ("text", &input.colours.text),
        ("accent", &input.colours.accent),
    ] {
        if let Some(c) = colour.as_deref() {
            let hex = c.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                return Err(StoreError::Invalid(format!(
                    "The {what} colour {c:?} is not a colour: write it as #rrggbb, e.g. #1e2a38."
                )));
            }
        }
    }
    if input.style_type == StyleType::Lora
        && input
            .lora_file
            .as_deref()
            .map(str::trim)
            .unwrap_or("")
            .is_empty()
    {
        return Err(StoreError::Invalid(
            "A LoRA style needs a LoRA file name: type the file name ComfyUI knows it by.".into(),
        ));
    }
    if !input.lora_strength.is_finite() || !(-4.0..=4.0).contains(&input.lora_strength) {
        return Err(StoreError::Invalid(format!(
            "LoRA strength {} is out of range: choose a value from -4 to 4 (1 is usual).",
            input.lora_strength
        )));
    }
    let models: Vec<&str> = input.compatible_models.iter().map(|m| m.as_str()).collect();
    let json = serde_json::to_string(&models)
        .map_err(|e| StoreError::Invalid(format!("compatible models: {e}")))?;
    Ok((name, json))
}

/// Inserts or replaces a style's row (creation time kept on replace).
fn write_style(
    tx: &WriteTx<'_>,
    id: &StyleId,
    name: &str,
    compatible_models: &str,
    input: &VisualStyleInput,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO visual_styles (id, name, description, style_type, prompt_prefix, lora_file,
            lora_strength, compatible_models, requires_character_ref, is_active, created_at,
            negative_prompt, colours)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
            style_type = excluded.style_type, prompt_prefix = excluded.prompt_prefix,
            lora_file = excluded.lora_file, lora_strength = excluded.lora_strength,
            compatible_models = excluded.compatible_models,
            requires_character_ref = excluded.requires_character_ref, is_active = excluded.is_active,
            negative_prompt = excluded.negative_prompt, colours = excluded.colours",
        params![
            id.as_str(),
            name,
            validate::optional_text("description", input.description.as_deref())?,
            input.style_type.as_str(),
            validate::optional_text("prompt prefix", input.prompt_prefix.as_deref())?,
            validate::optional_text("LoRA file", input.lora_file.as_deref())?,
            input.lora_strength,
            compatible_models,
            input.requires_character_ref,
            input.is_active,
            now_ms(),
            validate::optional_text("negative prompt", input.negative_prompt.as_deref())?,
            serde_json::to_string(&input.colours)
                .map_err(|e| StoreError::Invalid(format!("colours: {e}")))?
        ],
    )?;
    Ok(())
}

/// Creates a style.
pub fn create_style(
    tx: &mut WriteTx<'_>,
    input: &VisualStyleInput,
) -> Result<VisualStyle, StoreError> {
    let (name, models) = check_style(input)?;
    let id = StyleId(new_id());
    write_style(tx, &id, &name, &models, input)?;
    tx.record(Entity::VisualStyle, id.as_str(), None, ChangeOp::Insert);
    get_style(tx, &id)
}

/// Replaces a style's fields; projects using it get their images and clips dirty.
pub fn update_style(
    tx: &mut WriteTx<'_>,
    id: &StyleId,
    input: &VisualStyleInput,
) -> Result<VisualStyle, StoreError> {
    let before = get_style(tx, id)?;
    let (name, models) = check_style(input)?;
    write_style(tx, id, &name, &models, input)?;
    let after = get_style(tx, id)?;
    let looks_changed = before.style_type != after.style_type
        || before.prompt_prefix != after.prompt_prefix
        || before.lora_file != after.lora_file
        || before.negative_prompt != after.negative_prompt
        || before.colours != after.colours
        || (before.lora_strength - after.lora_strength).abs() > f64::EPSILON;
    if looks_changed {
        dirty_users(tx, "style_id", id.as_str())?;
    }
    tx.record(Entity::VisualStyle, id.as_str(), None, ChangeOp::Update);
    Ok(after)
}

/// Deletes a style; projects using it fall back to none.
pub fn delete_style(tx: &mut WriteTx<'_>, id: &StyleId) -> Result<(), StoreError> {
    dirty_users(tx, "style_id", id.as_str())?;
    let n = tx.execute("DELETE FROM visual_styles WHERE id = ?1", [id.as_str()])?;
    if n == 0 {
        return Err(StoreError::not_found("Visual style", id.as_str()));
    }
    tx.record(Entity::VisualStyle, id.as_str(), None, ChangeOp::Delete);
    Ok(())
}

//! The default catalog, written once on first open: a generation model for each workflow
//! the seed names, and a handful of visual styles.

use rusqlite::params;
use videogen_model::{ChangeOp, Entity};

use crate::{new_id, now_ms, StoreError, WriteTx};

/// (name, workflow template, category, type, steps, cfg, frames, fps, description)
type ModelSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    f64,
    Option<u32>,
    Option<u32>,
    &'static str,
);

const MODELS: &[ModelSeed] = &[
    (
        "Flux 2",
        "image/flux-2",
        "image",
        "text-to-image",
        28,
        1.0,
        None,
        None,
        "Flux 2 dev: detailed, prompt-faithful stills; supports character references.",
    ),
    (
        "Z-Image Turbo",
        "image/z-image-turbo",
        "image",
        "text-to-image",
        8,
        1.0,
        None,
        None,
        "Fast distilled model: good drafts in a few steps.",
    ),
    (
        "Qwen Image",
        "image/qwen",
        "image",
        "text-to-image",
        20,
        2.5,
        None,
        None,
        "Qwen-Image: strong text rendering and composition.",
    ),
    (
        "WAN 2.2",
        "video/wan-2.2",
        "video",
        "image-to-video",
        20,
        3.5,
        Some(81),
        Some(16),
        "WAN 2.2 image-to-video: natural motion, camera moves.",
    ),
    (
        "LTX 2",
        "video/ltx-2",
        "video",
        "image-to-video",
        30,
        3.0,
        Some(121),
        Some(24),
        "LTX-Video 2: fast image-to-video at 24 fps.",
    ),
];

/// (name, description, prompt prefix)
const STYLES: &[(&str, &str, &str)] = &[
    ("Cinematic", "Film still look: shallow depth of field, dramatic light.",
     "cinematic film still, anamorphic lens, shallow depth of field, dramatic lighting, film grain"),
    ("Documentary", "Natural, observational photography.",
     "documentary photograph, natural light, candid, realistic detail"),
    ("Anime", "Japanese animation look.",
     "anime style illustration, clean line art, vibrant cel shading"),
    ("Watercolor", "Soft hand-painted watercolor.",
     "watercolor painting, soft washes, paper texture, delicate brush strokes"),
    ("3D Render", "Polished 3D render.",
     "3D render, octane render, global illumination, highly detailed"),
    ("Vintage Photo", "Old photograph look for history topics.",
     "vintage photograph, sepia tones, 1920s, grainy, archival"),
];

const SEEDED_KEY: &str = "catalog.seeded";
/// The offline models came with schema 3; a catalog seeded before gets them once too.
const OFFLINE_SEEDED_KEY: &str = "catalog.seeded.offline";

/// The models that need no GPU and no server (DESIGN.md, Draft engines): (name, category,
/// type, backend, description).
const OFFLINE_MODELS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Title card",
        "image",
        "text-to-image",
        "title-card",
        "The sentence set on the style's colours: no GPU, no server. A draft, or a real choice for talk-style videos.",
    ),
    (
        "Ken Burns",
        "video",
        "image-to-video",
        "ken-burns",
        "A slow camera move over the image, as long as the narration: no GPU. Pairs with any image model.",
    ),
];

/// A style in calm colours for title cards.
const CARD_STYLE: (&str, &str, &str) = (
    "Title cards",
    "Plain cards for drafts and talk-style videos.",
    r##"{"background":"#16202b","text":"#f4efe6","accent":"#d9a441"}"##,
);

fn seed_offline(tx: &mut WriteTx<'_>) -> Result<(), StoreError> {
    let done: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM settings WHERE key = ?1)",
        [OFFLINE_SEEDED_KEY],
        |r| r.get(0),
    )?;
    if done {
        return Ok(());
    }
    let now = now_ms();
    for (name, category, kind, backend, description) in OFFLINE_MODELS {
        let id = new_id();
        tx.execute(
            "INSERT INTO generation_models (id, name, description, workflow_file, workflow_category,
                workflow_type, is_active, created_at, backend)
             VALUES (?1, ?2, ?3, '', ?4, ?5, 1, ?6, ?7)",
            params![id, name, description, category, kind, now, backend],
        )?;
        tx.record(Entity::GenerationModel, id, None, ChangeOp::Insert);
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO visual_styles (id, name, description, style_type, colours, created_at)
         VALUES (?1, ?2, ?3, 'prompt', ?4, ?5)",
        params![id, CARD_STYLE.0, CARD_STYLE.1, CARD_STYLE.2, now],
    )?;
    tx.record(Entity::VisualStyle, id, None, ChangeOp::Insert);
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, 'true')",
        [OFFLINE_SEEDED_KEY],
    )?;
    Ok(())
}

/// Writes the default catalog once; a catalog the user edited or emptied is left alone.
pub fn seed_defaults(tx: &mut WriteTx<'_>) -> Result<(), StoreError> {
    let done: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM settings WHERE key = ?1)",
        [SEEDED_KEY],
        |r| r.get(0),
    )?;
    if done {
        return seed_offline(tx);
    }
    let now = now_ms();
    for (name, file, category, kind, steps, cfg, frames, fps, description) in MODELS {
        let id = new_id();
        tx.execute(
            "INSERT INTO generation_models (id, name, description, workflow_file, workflow_category,
                workflow_type, default_steps, default_cfg, default_frames, default_fps, is_active, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11)",
            params![id, name, description, file, category, kind, steps, cfg, frames, fps, now],
        )?;
        tx.record(Entity::GenerationModel, id, None, ChangeOp::Insert);
    }
    for (name, description, prefix) in STYLES {
        let id = new_id();
        tx.execute(
            "INSERT INTO visual_styles (id, name, description, style_type, prompt_prefix, created_at)
             VALUES (?1, ?2, ?3, 'prompt', ?4, ?5)",
            params![id, name, description, prefix, now],
        )?;
        tx.record(Entity::VisualStyle, id, None, ChangeOp::Insert);
    }
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, 'true')",
        [SEEDED_KEY],
    )?;
    seed_offline(tx)
}

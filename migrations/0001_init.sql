-- 0001: the seed's nine tables (v1.1 columns included), settings and the change log.
-- Times are ms since the Unix epoch; durations are integer ms; booleans are 0/1.

CREATE TABLE generation_models (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description       TEXT,
    workflow_file     TEXT NOT NULL,
    workflow_category TEXT NOT NULL DEFAULT 'image' CHECK (workflow_category IN ('image', 'video')),
    workflow_type     TEXT NOT NULL DEFAULT 'text-to-image'
                      CHECK (workflow_type IN ('text-to-image', 'image-to-image', 'image-to-video')),
    default_steps     INTEGER DEFAULT 4 CHECK (default_steps IS NULL OR default_steps > 0),
    default_cfg       REAL DEFAULT 1.0 CHECK (default_cfg IS NULL OR default_cfg >= 0),
    default_frames    INTEGER CHECK (default_frames IS NULL OR default_frames > 0),
    default_fps       INTEGER CHECK (default_fps IS NULL OR default_fps > 0),
    is_active         INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at        INTEGER NOT NULL
);

CREATE TABLE visual_styles (
    id                     TEXT PRIMARY KEY NOT NULL,
    name                   TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description            TEXT,
    style_type             TEXT NOT NULL DEFAULT 'prompt' CHECK (style_type IN ('prompt', 'lora')),
    prompt_prefix          TEXT,
    lora_file              TEXT,
    lora_strength          REAL NOT NULL DEFAULT 1.0,
    compatible_models      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(compatible_models)),
    requires_character_ref INTEGER NOT NULL DEFAULT 0 CHECK (requires_character_ref IN (0, 1)),
    is_active              INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at             INTEGER NOT NULL
);

CREATE TABLE projects (
    id                      TEXT PRIMARY KEY NOT NULL,
    name                    TEXT NOT NULL CHECK (length(trim(name)) > 0),
    topic                   TEXT,
    target_duration         INTEGER NOT NULL DEFAULT 8 CHECK (target_duration > 0),
    visual_style            TEXT NOT NULL DEFAULT 'cinematic',
    voice_id                TEXT,
    model_id                TEXT REFERENCES generation_models(id) ON DELETE SET NULL,
    video_model_id          TEXT REFERENCES generation_models(id) ON DELETE SET NULL,
    style_id                TEXT REFERENCES visual_styles(id) ON DELETE SET NULL,
    status                  TEXT NOT NULL DEFAULT 'draft'
                            CHECK (status IN ('draft', 'generating', 'complete', 'exported')),
    width                   INTEGER NOT NULL DEFAULT 1920 CHECK (width > 0),
    height                  INTEGER NOT NULL DEFAULT 1080 CHECK (height > 0),
    fps_num                 INTEGER NOT NULL DEFAULT 24 CHECK (fps_num > 0),
    fps_den                 INTEGER NOT NULL DEFAULT 1 CHECK (fps_den > 0),
    llm_prompt_tokens       INTEGER NOT NULL DEFAULT 0,
    llm_completion_tokens   INTEGER NOT NULL DEFAULT 0,
    llm_cache_hit_tokens    INTEGER NOT NULL DEFAULT 0,
    llm_cache_miss_tokens   INTEGER NOT NULL DEFAULT 0,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL
);

CREATE TABLE sections (
    id                 TEXT PRIMARY KEY NOT NULL,
    project_id         TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    "order"            INTEGER NOT NULL CHECK ("order" >= 0),
    -- section-level narration (FR-803)
    audio_file         TEXT,
    audio_duration_ms  INTEGER,
    is_audio_dirty     INTEGER NOT NULL DEFAULT 1 CHECK (is_audio_dirty IN (0, 1)),
    audio_rev          INTEGER NOT NULL DEFAULT 1,
    audio_file_rev     INTEGER,
    created_at         INTEGER NOT NULL
);

CREATE TABLE sentences (
    id                  TEXT PRIMARY KEY NOT NULL,
    section_id          TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    text                TEXT NOT NULL,
    "order"             INTEGER NOT NULL CHECK ("order" >= 0),
    image_prompt        TEXT,
    image_prompt_user   TEXT,
    image_prompt_stale  INTEGER NOT NULL DEFAULT 0 CHECK (image_prompt_stale IN (0, 1)),
    video_prompt        TEXT,
    video_prompt_user   TEXT,
    video_prompt_stale  INTEGER NOT NULL DEFAULT 0 CHECK (video_prompt_stale IN (0, 1)),
    camera_movement     TEXT NOT NULL DEFAULT 'static'
                        CHECK (camera_movement IN ('static', 'pan_left', 'pan_right', 'tilt_up',
                               'tilt_down', 'zoom_in', 'zoom_out', 'dolly_in', 'dolly_out', 'orbit')),
    motion_strength     REAL NOT NULL DEFAULT 0.5 CHECK (motion_strength BETWEEN 0 AND 1),
    audio_file          TEXT,
    audio_duration_ms   INTEGER CHECK (audio_duration_ms IS NULL OR audio_duration_ms >= 0),
    audio_start_ms      INTEGER,
    audio_end_ms        INTEGER,
    section_audio_file  TEXT,
    word_timings        TEXT CHECK (word_timings IS NULL OR json_valid(word_timings)),
    image_file          TEXT,
    video_file          TEXT,
    video_duration_ms   INTEGER CHECK (video_duration_ms IS NULL OR video_duration_ms >= 0),
    is_audio_dirty      INTEGER NOT NULL DEFAULT 1 CHECK (is_audio_dirty IN (0, 1)),
    is_image_dirty      INTEGER NOT NULL DEFAULT 1 CHECK (is_image_dirty IN (0, 1)),
    is_video_dirty      INTEGER NOT NULL DEFAULT 1 CHECK (is_video_dirty IN (0, 1)),
    audio_rev           INTEGER NOT NULL DEFAULT 1,
    image_rev           INTEGER NOT NULL DEFAULT 1,
    video_rev           INTEGER NOT NULL DEFAULT 1,
    audio_file_rev      INTEGER,
    image_file_rev      INTEGER,
    video_file_rev      INTEGER,
    status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'generating', 'complete', 'failed')),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

CREATE TABLE characters (
    id               TEXT PRIMARY KEY NOT NULL,
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description      TEXT,
    reference_images TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reference_images)),
    style_lora       TEXT,
    created_at       INTEGER NOT NULL
);

CREATE TABLE project_cast (
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    character_id TEXT NOT NULL REFERENCES characters(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, character_id)
);

CREATE TABLE script_outlines (
    id                    TEXT PRIMARY KEY NOT NULL,
    project_id            TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title                 TEXT NOT NULL,
    topic                 TEXT,
    total_target_minutes  INTEGER NOT NULL CHECK (total_target_minutes > 0),
    visual_style          TEXT,
    sections              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sections)),
    running_summary       TEXT,
    covered_topics        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(covered_topics)),
    current_section_index INTEGER NOT NULL DEFAULT 0 CHECK (current_section_index >= 0),
    status                TEXT NOT NULL DEFAULT 'draft'
                          CHECK (status IN ('draft', 'generating', 'complete', 'failed')),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);

CREATE TABLE generation_jobs (
    id             TEXT PRIMARY KEY NOT NULL,
    sentence_id    TEXT REFERENCES sentences(id) ON DELETE CASCADE,
    project_id     TEXT REFERENCES projects(id) ON DELETE CASCADE,
    outline_id     TEXT REFERENCES script_outlines(id) ON DELETE SET NULL,
    section_id     TEXT REFERENCES sections(id) ON DELETE CASCADE,
    job_type       TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress       REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    total_steps    INTEGER,
    current_step   INTEGER,
    step_name      TEXT,
    inngest_run_id TEXT,
    error_message  TEXT,
    result_file    TEXT,
    started_at     INTEGER,
    completed_at   INTEGER,
    created_at     INTEGER NOT NULL
);

-- NFR-001
CREATE INDEX idx_sections_project ON sections(project_id, "order");
CREATE INDEX idx_sentences_section ON sentences(section_id, "order");
CREATE INDEX idx_jobs_project ON generation_jobs(project_id, status);
-- for the cascade from characters and for "projects that cast this character"
CREATE INDEX idx_cast_character ON project_cast(character_id);
CREATE INDEX idx_outlines_project ON script_outlines(project_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL CHECK (json_valid(value))
);

-- What each write changed, for other processes to follow (DESIGN.md, Data).
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    project_id TEXT,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    at         INTEGER NOT NULL
);

-- 0003: what generation needs (DESIGN.md, "Generation pipeline", schema for generation).
-- The migrator runs this with foreign keys off (the projects table is rebuilt to widen its
-- status CHECK) and checks every foreign key before it commits.

-- Every generated or attached file: a take. Rollback makes an older take current.
CREATE TABLE takes (
    id          TEXT PRIMARY KEY NOT NULL,
    sentence_id TEXT REFERENCES sentences(id) ON DELETE CASCADE,
    section_id  TEXT REFERENCES sections(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('audio', 'image', 'video', 'section_audio')),
    -- the input revision it was made from
    rev         INTEGER NOT NULL,
    -- relative to the data dir
    file        TEXT NOT NULL,
    seed        INTEGER,
    -- the model (or voice / engine) that made it
    model       TEXT,
    prompt      TEXT,
    duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
    -- how long making it took, for the plan's time estimates
    render_ms   INTEGER CHECK (render_ms IS NULL OR render_ms >= 0),
    source      TEXT NOT NULL DEFAULT 'generated' CHECK (source IN ('generated', 'attached')),
    created_at  INTEGER NOT NULL,
    CHECK ((sentence_id IS NULL) <> (section_id IS NULL))
);
CREATE INDEX idx_takes_sentence ON takes(sentence_id, kind, created_at);
CREATE INDEX idx_takes_section ON takes(section_id, created_at);
CREATE INDEX idx_takes_render ON takes(kind, model, render_ms) WHERE render_ms IS NOT NULL;

-- Projects: narration mode, TTS engine and parameters, language, pause, LLM cost and cap,
-- source notes, recoverable delete, and the status values the UI shows. The status CHECK
-- widens, which SQLite can only do by rebuilding the table.
CREATE TABLE projects_new (
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
                            CHECK (status IN ('draft', 'scripting', 'generating', 'complete',
                                              'failed', 'exported')),
    width                   INTEGER NOT NULL DEFAULT 1920 CHECK (width > 0),
    height                  INTEGER NOT NULL DEFAULT 1080 CHECK (height > 0),
    fps_num                 INTEGER NOT NULL DEFAULT 24 CHECK (fps_num > 0),
    fps_den                 INTEGER NOT NULL DEFAULT 1 CHECK (fps_den > 0),
    llm_prompt_tokens       INTEGER NOT NULL DEFAULT 0,
    llm_completion_tokens   INTEGER NOT NULL DEFAULT 0,
    llm_cache_hit_tokens    INTEGER NOT NULL DEFAULT 0,
    llm_cache_miss_tokens   INTEGER NOT NULL DEFAULT 0,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    -- new in 0003
    llm_calls               INTEGER NOT NULL DEFAULT 0,
    -- US dollars spent on the LLM, summed at the prices in force at each call
    llm_cost_usd            REAL NOT NULL DEFAULT 0 CHECK (llm_cost_usd >= 0),
    -- LLM jobs stop before this would be passed; NULL: no cap
    llm_spend_cap_usd       REAL CHECK (llm_spend_cap_usd IS NULL OR llm_spend_cap_usd >= 0),
    narration_mode          TEXT NOT NULL DEFAULT 'sentence'
                            CHECK (narration_mode IN ('sentence', 'section')),
    tts_engine              TEXT NOT NULL DEFAULT 'chatterbox'
                            CHECK (tts_engine IN ('chatterbox', 'piper')),
    tts_params              TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(tts_params)),
    language                TEXT NOT NULL DEFAULT 'en' CHECK (length(trim(language)) > 0),
    -- silence after each sentence on the timeline (per-sentence narration), ms
    sentence_pause_ms       INTEGER NOT NULL DEFAULT 300
                            CHECK (sentence_pause_ms BETWEEN 0 AND 10000),
    -- notes and facts the script must use (FR-105); no web search is done
    source_notes            TEXT,
    -- set when deleted: the rows stay recoverable until the trash is emptied
    deleted_at              INTEGER
);
INSERT INTO projects_new (id, name, topic, target_duration, visual_style, voice_id, model_id,
    video_model_id, style_id, status, width, height, fps_num, fps_den, llm_prompt_tokens,
    llm_completion_tokens, llm_cache_hit_tokens, llm_cache_miss_tokens, created_at, updated_at)
SELECT id, name, topic, target_duration, visual_style, voice_id, model_id,
    video_model_id, style_id, status, width, height, fps_num, fps_den, llm_prompt_tokens,
    llm_completion_tokens, llm_cache_hit_tokens, llm_cache_miss_tokens, created_at, updated_at
FROM projects;
DROP TABLE projects;
ALTER TABLE projects_new RENAME TO projects;
CREATE INDEX idx_projects_deleted ON projects(deleted_at);

-- Sentences: what the voice reads (pronunciation), the cast override, the seed of the next
-- image render, and the clip choice of a GPU budget.
ALTER TABLE sentences ADD COLUMN spoken_text TEXT;
-- JSON list of character ids shown in this sentence; NULL: found by name and alias
ALTER TABLE sentences ADD COLUMN cast_override TEXT
    CHECK (cast_override IS NULL OR json_valid(cast_override));
ALTER TABLE sentences ADD COLUMN image_seed INTEGER;
ALTER TABLE sentences ADD COLUMN clip_choice TEXT
    CHECK (clip_choice IS NULL OR clip_choice IN ('generated', 'ken_burns'));

-- Styles: a negative prompt and colours (title cards use them).
ALTER TABLE visual_styles ADD COLUMN negative_prompt TEXT;
ALTER TABLE visual_styles ADD COLUMN colours TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(colours));

-- Characters: other names the script uses for them.
ALTER TABLE characters ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(aliases));

-- Models: which engine renders (a ComfyUI template, or a built-in offline renderer), and
-- the clip length rules of video models (WAN 4n+1, LTX 8n+1; a maximum).
ALTER TABLE generation_models ADD COLUMN backend TEXT NOT NULL DEFAULT 'comfyui'
    CHECK (backend IN ('comfyui', 'title-card', 'ken-burns'));
ALTER TABLE generation_models ADD COLUMN frame_step INTEGER
    CHECK (frame_step IS NULL OR frame_step > 0);
ALTER TABLE generation_models ADD COLUMN max_frames INTEGER
    CHECK (max_frames IS NULL OR max_frames > 0);

-- Jobs: the service endpoint group a job needs ('comfyui', 'tts:chatterbox', 'tts:piper',
-- 'whisper', 'llm', 'local'); limits and health gates are per resource, not per kind.
ALTER TABLE generation_jobs ADD COLUMN resource TEXT;
CREATE INDEX idx_jobs_claim_resource ON generation_jobs(job_type, resource, created_at, id)
    WHERE status = 'queued';

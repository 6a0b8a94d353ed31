import type { AssetState, Job, Project, ProjectSummary, ProjectTree, Section, Sentence, SettingValue } from "../bindings";

export function asset(dirty: boolean, file: string | null = null): AssetState {
  return { file, dirty, rev: 1, fileRev: file ? 1 : null };
}

export function project(id: string, name: string): Project {
  return {
    id,
    name,
    topic: null,
    targetDurationMin: 8,
    visualStyle: "",
    voiceId: null,
    modelId: null,
    videoModelId: null,
    styleId: null,
    status: "draft",
    width: 1920,
    height: 1080,
    fpsNum: 24,
    fpsDen: 1,
    llmUsage: { promptTokens: 0, completionTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0, calls: 0 },
    llmCostUsd: 0,
    llmSpendCapUsd: null,
    narrationMode: "sentence",
    ttsEngine: "chatterbox",
    ttsSettings: { temperature: null, exaggeration: null, cfgWeight: null, seed: null, speed: null },
    language: "en",
    sentencePauseMs: 300,
    sourceNotes: null,
    cast: [],
    createdAt: 0,
    updatedAt: 0,
  };
}

export function summary(id: string, name: string, sentences = 0): ProjectSummary {
  return {
    id,
    name,
    status: "draft",
    sectionCount: sentences > 0 ? 1 : 0,
    sentenceCount: sentences,
    dirtySentenceCount: sentences,
    audioDurationMs: 0,
    updatedAt: Date.now(),
  };
}

export function sentence(id: string, sectionId: string, text: string, order: number, dirty = false): Sentence {
  return {
    id,
    sectionId,
    text,
    order,
    imagePrompt: null,
    imagePromptUser: null,
    imagePromptStale: false,
    videoPrompt: null,
    videoPromptUser: null,
    videoPromptStale: false,
    cameraMovement: "static",
    motionStrength: 0.5,
    audio: asset(dirty, "a.wav"),
    audioDurationMs: null,
    audioStartMs: null,
    audioEndMs: null,
    sectionAudioFile: null,
    wordTimings: null,
    image: asset(dirty, "i.png"),
    video: asset(dirty, "v.mp4"),
    videoDurationMs: null,
    status: "pending",
    spokenText: null,
    castOverride: null,
    imageSeed: null,
    clipChoice: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

/** A project tree with `sections` sections of `perSection` clean sentences each. */
export function tree(projectId: string, sections: number, perSection: number): ProjectTree {
  const all: Section[] = [];
  for (let s = 0; s < sections; s++) {
    const sectionId = `sec-${s}`;
    const sentences: Sentence[] = [];
    for (let n = 0; n < perSection; n++) {
      sentences.push(sentence(`s-${s}-${n}`, sectionId, `Sentence ${n + 1} of section ${s + 1}.`, n));
    }
    all.push({
      id: sectionId,
      projectId,
      title: `Chapter ${s + 1}`,
      order: s,
      narration: { file: null, durationMs: null, dirty: true, rev: 1 },
      sentences,
      createdAt: 0,
    });
  }
  return { project: project(projectId, "Big project"), sections: all };
}

export function job(id: string, kind: Job["kind"], state: Job["state"], extra: Partial<Job> = {}): Job {
  return {
    id,
    kind,
    state,
    projectId: "p",
    sectionId: null,
    sentenceId: "s-0-0",
    outlineId: null,
    progress: 0,
    stepName: null,
    attempt: state === "queued" ? 0 : 1,
    maxAttempts: 3,
    error: null,
    resultFile: null,
    resource: kind === "image" || kind === "video" ? "comfyui" : kind === "audio.sentence" ? "tts:chatterbox" : null,
    createdAt: 0,
    startedAt: null,
    completedAt: null,
    ...extra,
  };
}

export function setting(key: string, value: string, source: SettingValue["source"] = "default"): SettingValue {
  return { key, value, source, help: `help for ${key}` };
}

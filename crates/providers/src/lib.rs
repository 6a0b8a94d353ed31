//! Service clients of VideoGen Studio: LLM, Chatterbox, Whisper, ComfyUI pool, workflow binding.

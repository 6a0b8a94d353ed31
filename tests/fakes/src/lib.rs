//! Fake ComfyUI, Chatterbox, Whisper and LLM servers that speak the real protocols, for tests.

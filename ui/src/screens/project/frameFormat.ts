import type { FrameRate, FrameSize } from "../../bindings";

/**
 * The project's frame size and rate as the window offers them. The checks and their sentences
 * follow crates/model/src/media.rs (`FrameSize::parse`, `FrameRate::SUPPORTED`), which the CLI's
 * `videogen set --size/--fps` uses, so a value the window takes is one the CLI takes too; the
 * store checks again on save.
 */

/** The sizes most videos are made in; anything else is "Custom". */
export const SIZE_PRESETS: readonly { label: string; size: FrameSize }[] = [
  { label: "1920×1080 (Full HD)", size: { width: 1920, height: 1080 } },
  { label: "1280×720 (HD)", size: { width: 1280, height: 720 } },
  { label: "3840×2160 (4K UHD)", size: { width: 3840, height: 2160 } },
  { label: "1080×1920 (vertical)", size: { width: 1080, height: 1920 } },
];

/**
 * The rates a project may use: only these five, the ones editors' timelines and the export's
 * writers agree on (50, 59.94 and 60 are refused by the store, so they are not offered).
 */
export const FPS_CHOICES: readonly { label: string; rate: FrameRate }[] = [
  { label: "23.976", rate: { num: 24000, den: 1001 } },
  { label: "24", rate: { num: 24, den: 1 } },
  { label: "25", rate: { num: 25, den: 1 } },
  { label: "29.97", rate: { num: 30000, den: 1001 } },
  { label: "30", rate: { num: 30, den: 1 } },
];

const MIN_SIDE = 16;
const MAX_SIDE = 8192;

/** `1920x1080`, the way the CLI writes a size. */
export function sizeText(size: FrameSize): string {
  return `${size.width}x${size.height}`;
}

/** The preset's index for `size`, or -1 when it is a custom size. */
export function presetIndex(size: FrameSize): number {
  return SIZE_PRESETS.findIndex((p) => p.size.width === size.width && p.size.height === size.height);
}

/** A rate's key for a `<select>` (`24000/1001`). */
export function rateKey(rate: FrameRate): string {
  return `${rate.num}/${rate.den}`;
}

/** The supported rate with key `key`, or null. */
export function rateOfKey(key: string): FrameRate | null {
  return FPS_CHOICES.find((c) => rateKey(c.rate) === key)?.rate ?? null;
}

/** A whole number as Rust's `u32` parse takes it (digits, an optional `+`), or null. */
function u32Of(text: string): number | null {
  const t = text.trim();
  if (!/^\+?\d+$/.test(t)) return null;
  const n = Number(t);
  return n <= 0xffff_ffff ? n : null;
}

/**
 * Parses `1920x1080` (also `X`, `×` or `:` between the sides) into a usable size: both sides
 * even and from 16 to 8192. Otherwise the sentence that says what to write.
 */
export function parseFrameSize(text: string): { ok: true; size: FrameSize } | { ok: false; message: string } {
  const bad = { ok: false as const, message: `${JSON.stringify(text)} is not a frame size: write it as WIDTHxHEIGHT, e.g. 1920x1080.` };
  const trimmed = text.trim();
  const at = trimmed.search(/[xX×:]/);
  if (at < 0) return bad;
  const width = u32Of(trimmed.slice(0, at));
  const height = u32Of(trimmed.slice(at + 1));
  if (width === null || height === null) return bad;
  const usable = (side: number) => side >= MIN_SIDE && side <= MAX_SIDE && side % 2 === 0;
  if (!usable(width) || !usable(height)) {
    return {
      ok: false,
      message: `The frame size ${width}x${height} is not usable: width and height must be even numbers from ${MIN_SIDE} to ${MAX_SIDE}, e.g. 1920x1080.`,
    };
  }
  return { ok: true, size: { width, height } };
}

/** A target length in whole minutes from 1 to 600 (what the store takes), or the sentence why not. */
export function parseMinutes(text: string): { ok: true; minutes: number } | { ok: false; message: string } {
  const minutes = u32Of(text);
  if (minutes === null) return { ok: false, message: `${text.trim() === "" ? "An empty value" : JSON.stringify(text)} is not a number of minutes: write a whole number from 1 to 600.` };
  if (minutes < 1 || minutes > 600) return { ok: false, message: `The target duration is ${minutes} minutes; choose between 1 and 600.` };
  return { ok: true, minutes };
}

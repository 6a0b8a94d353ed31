/** "1 scene", "2 scenes": a count with its noun, singular only for exactly one. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A message shown on its own as a sentence, first letter capitalised: service messages start
 * with a name written for mid-sentence use ("the TTS server (Chatterbox) at …"). */
export function asSentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

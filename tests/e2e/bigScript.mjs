// The benchmark's script: 30 chapters of 90 ordinary sentences (2,700 in all).
export const SECTIONS = 30;
export const PER_SECTION = 90;

const SUBJECTS = ["The river", "An old farmer", "The valley", "A traveller", "The village", "Morning light", "The market", "A young weaver", "The mountain pass"];
const ACTIONS = [
  "turns slowly toward the sea while the seasons change around it",
  "remembers the winter when the snow reached the rooftops",
  "carries the sound of bells across the fields at dusk",
  "waits for the first boats to return with the evening catch",
  "shows how patient work can shape a landscape over centuries",
];

export function bigScript() {
  const lines = [];
  let k = 0;
  for (let s = 1; s <= SECTIONS; s++) {
    lines.push(`# Chapter ${s}: The long road`, "");
    const sentences = [];
    for (let n = 1; n <= PER_SECTION; n++) {
      k += 1;
      sentences.push(`${SUBJECTS[k % SUBJECTS.length]} ${ACTIONS[k % ACTIONS.length]} (part ${n}).`);
    }
    for (let p = 0; p < sentences.length; p += 6) lines.push(sentences.slice(p, p + 6).join(" "), "");
  }
  return lines.join("\n");
}

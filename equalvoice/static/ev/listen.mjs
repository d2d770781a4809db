// Read aloud (issue 18): the page's main text, read by the browser's own voice (the Web
// Speech API), one sentence at a time, with the sentence being read highlighted.
// Progressive enhancement: the buttons stay hidden unless the browser can speak (it has
// speech synthesis and at least one voice). Nothing is sent anywhere.

const READ = "h1, h2, h3, h4, p, li, dt, dd, th, td, caption, legend, label, .govuk-hint";
const SENTENCE = /[^.!?]+(?:[.!?]+["”’)]*|$)/g;
const HIGHLIGHT = "ev-reading";

function readableBlocks(main, controls) {
  const blocks = [];
  for (const el of main.querySelectorAll(READ)) {
    if (controls.contains(el) || el.closest("[hidden], .govuk-visually-hidden, script, style")) {
      continue;
    }
    // Read the innermost block only: a <li> with a <p> inside is read through its <p>.
    if (el.querySelector(READ)) continue;
    if (el.textContent.trim()) blocks.push(el);
  }
  return blocks;
}

// The sentences of a block, each with a DOM Range over its words.
function sentencesOf(block) {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: text.length });
    text += node.data;
  }
  const at = (offset) => {
    let found = nodes[0];
    for (const n of nodes) if (n.start <= offset) found = n;
    return [found.node, Math.min(offset - found.start, found.node.data.length)];
  };
  const out = [];
  for (const match of text.matchAll(SENTENCE)) {
    const words = match[0].trim();
    if (!words) continue;
    const start = match.index + match[0].indexOf(words);
    const range = document.createRange();
    range.setStart(...at(start));
    range.setEnd(...at(start + words.length));
    out.push({ words, range, block });
  }
  return out;
}

function highlight(sentence) {
  document.querySelectorAll(`.${HIGHLIGHT}`).forEach((el) => el.classList.remove(HIGHLIGHT));
  if (window.CSS && CSS.highlights && window.Highlight) {
    CSS.highlights.delete(HIGHLIGHT);
    if (sentence) CSS.highlights.set(HIGHLIGHT, new Highlight(sentence.range));
  } else if (sentence) {
    sentence.block.classList.add(HIGHLIGHT);
  }
}

function start(controls) {
  const speech = window.speechSynthesis;
  const main = controls.closest("main") || document.body;
  const play = controls.querySelector("[data-ev-listen-play]");
  const pause = controls.querySelector("[data-ev-listen-pause]");
  const slower = controls.querySelector("[data-ev-listen-slower]");
  const lang = document.documentElement.lang || "en-GB";
  // The words on the play button come from the page (translated there), never from here.
  const listenLabel = controls.dataset.evListenLabel || play.textContent;
  const resumeLabel = controls.dataset.evListenResumeLabel || listenLabel;
  let queue = [];
  let index = 0;
  let paused = false;
  // Each start (or restart at a new speed) is a new generation: an utterance cancelled
  // on the way still ends, and must not move the reading on.
  let generation = 0;

  const setPause = (enabled) => {
    pause.disabled = !enabled;
    pause.setAttribute("aria-disabled", String(!enabled));
  };
  const finish = () => {
    highlight(null);
    play.textContent = listenLabel;
    setPause(false);
    paused = false;
  };
  const speakFrom = (i) => {
    index = i;
    if (index >= queue.length) return finish();
    const sentence = queue[index];
    const mine = generation;
    const said = new SpeechSynthesisUtterance(sentence.words);
    said.lang = lang;
    said.rate = slower.getAttribute("aria-pressed") === "true" ? 0.7 : 1;
    said.onstart = () => highlight(sentence);
    said.onend = () => {
      if (mine === generation && !paused) speakFrom(index + 1);
    };
    speech.speak(said);
  };

  play.addEventListener("click", () => {
    if (paused) {
      paused = false;
      speech.resume();
      play.textContent = listenLabel;
      setPause(true);
      return;
    }
    generation += 1;
    speech.cancel();
    queue = readableBlocks(main, controls).flatMap(sentencesOf);
    setPause(true);
    speakFrom(0);
  });
  pause.addEventListener("click", () => {
    paused = true;
    speech.pause();
    play.textContent = resumeLabel;
    setPause(false);
  });
  slower.addEventListener("click", () => {
    const on = slower.getAttribute("aria-pressed") !== "true";
    slower.setAttribute("aria-pressed", String(on));
    // Slower from the sentence being read: start it again at the new speed.
    if (queue.length && !paused && speech.speaking) {
      generation += 1;
      speech.cancel();
      speakFrom(index);
    }
  });
  window.addEventListener("pagehide", () => speech.cancel());
  controls.hidden = false;
}

export function initListen() {
  const controls = document.querySelector("[data-ev-listen]");
  if (!controls || !("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) {
    return;
  }
  const ready = () => {
    if (controls.hidden && window.speechSynthesis.getVoices().length > 0) start(controls);
  };
  ready();
  window.speechSynthesis.addEventListener?.("voiceschanged", ready);
}

// 朗读本页: reads the page's main content aloud with the browser's own speech synthesis
// (no external service). Progressive enhancement: the controls stay hidden where the browser
// cannot speak, and nothing else on the page depends on this script.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var box = document.querySelector("[data-read-aloud]");
  if (!box || !synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }

  var startButton = box.querySelector("[data-read-start]");
  var pauseButton = box.querySelector("[data-read-pause]");
  var stopButton = box.querySelector("[data-read-stop]");
  var status = box.querySelector("[data-read-status]");
  // Never read: navigation, scripts, form controls (a select would read every option) and the
  // filter forms above lists.
  var SKIP = "nav, script, style, noscript, template, svg, select, option, textarea, input, button, " +
    "[hidden], [aria-hidden='true'], [data-read-skip], .filter-form, .no-speech";
  var BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|CAPTION|DD|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LEGEND|LI|MAIN|OL|P|PRE|SECTION|TABLE|TBODY|TD|TFOOT|TH|THEAD|TR|UL|BR)$/;
  // A sentence ends at 。！？； (or their ASCII forms); Chrome cuts off long utterances, so
  // an overlong sentence is cut again at commas and then at MAX_CHUNK characters.
  var SENTENCE = /[^。！？；!?;]+[。！？；!?;]*/g;
  var MAX_CHUNK = 120;

  var queue = [];
  var position = 0;
  var state = "idle";
  var session = 0;

  function visible(element) {
    var style = window.getComputedStyle(element);
    return style.display !== "none" && style.visibility !== "hidden";
  }

  function collect(node, parts) {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push(node.nodeValue);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || node.matches(SKIP) || !visible(node)) { return; }
    var block = BLOCK.test(node.tagName);
    if (block) { parts.push("\n"); }
    for (var child = node.firstChild; child; child = child.nextSibling) { collect(child, parts); }
    if (block) { parts.push("\n"); }
  }

  function split(text) {
    var chunks = [];
    text.split(/\n+/).forEach(function (line) {
      line = line.replace(/\s+/g, " ").trim();
      if (!line) { return; }
      (line.match(SENTENCE) || []).forEach(function (sentence) {
        sentence = sentence.trim();
        while (sentence.length > MAX_CHUNK) {
          var cut = Math.max(sentence.lastIndexOf("，", MAX_CHUNK), sentence.lastIndexOf(",", MAX_CHUNK));
          cut = cut > 20 ? cut + 1 : MAX_CHUNK;
          chunks.push(sentence.slice(0, cut));
          sentence = sentence.slice(cut).trim();
        }
        if (sentence) { chunks.push(sentence); }
      });
    });
    return chunks;
  }

  function mainText() {
    var main = document.querySelector("main");
    var parts = [];
    if (main) { collect(main, parts); }
    return split(parts.join(""));
  }

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i += 1) {
      if (/^zh[-_]CN/i.test(voices[i].lang)) { return voices[i]; }
    }
    for (var j = 0; j < voices.length; j += 1) {
      if (/^zh/i.test(voices[j].lang)) { return voices[j]; }
    }
    return null;
  }

  function announce(text) {
    status.textContent = text;
  }

  function show(newState) {
    state = newState;
    box.setAttribute("data-state", newState);
    var active = newState !== "idle";
    startButton.hidden = active;
    pauseButton.hidden = !active;
    stopButton.hidden = !active;
    pauseButton.textContent = newState === "paused" ? "继续朗读" : "暂停";
    pauseButton.setAttribute("aria-pressed", newState === "paused" ? "true" : "false");
  }

  function finish(message) {
    var hadFocus = box.contains(document.activeElement);
    session += 1;
    synth.cancel();
    queue = [];
    show("idle");
    announce(message);
    if (hadFocus) { startButton.focus(); }
  }

  function speakNext(current) {
    if (current !== session || state === "idle") { return; }
    if (position >= queue.length) {
      finish("本页朗读完毕");
      return;
    }
    var utterance = new window.SpeechSynthesisUtterance(queue[position]);
    utterance.lang = "zh-CN";
    var voice = chineseVoice();
    if (voice) { utterance.voice = voice; }
    utterance.onend = function () {
      position += 1;
      speakNext(current);
    };
    utterance.onerror = function (event) {
      // "interrupted"/"canceled" follow our own stop; anything else means no speech here.
      if (current !== session || event.error === "interrupted" || event.error === "canceled") {
        return;
      }
      finish("浏览器暂时无法朗读，请稍后再试或使用读屏软件");
    };
    synth.speak(utterance);
  }

  function start() {
    queue = mainText();
    if (!queue.length) {
      announce("本页没有可朗读的内容");
      return;
    }
    session += 1;
    synth.cancel();
    position = 0;
    show("speaking");
    announce("开始朗读本页");
    pauseButton.focus();
    speakNext(session);
  }

  startButton.addEventListener("click", start);
  pauseButton.addEventListener("click", function () {
    if (state === "speaking") {
      synth.pause();
      show("paused");
      announce("已暂停朗读");
    } else if (state === "paused") {
      synth.resume();
      show("speaking");
      announce("继续朗读");
    }
  });
  stopButton.addEventListener("click", function () { finish("已停止朗读"); });
  // Speech belongs to this page: stop it when the reader leaves (or the page goes to the cache).
  window.addEventListener("pagehide", function () {
    if (state !== "idle") { finish(""); } else { synth.cancel(); }
  });
  show("idle");
  box.hidden = false;
})();

// Sikkerhetsguiden web chat widget over Socket.IO. One script tag, no globals:
//
//   <script src="https://bot.example/webhooks/webchat/static/widget.js"
//           data-sg-url="https://bot.example" defer></script>
//
// data-sg-url       the bot's base URL (default: where widget.js was loaded from)
// data-sg-mount     id of an element to draw the chat in, always open (the page at /);
//                   without it, a launcher button and a floating panel are added
// data-sg-notices   "off" when the page itself shows the emergency and privacy notices
// data-sg-standard  "nb" or "nn": the written standard (Bokmål or Nynorsk) to start in
//                   when the user has not chosen one; without it, Nynorsk when the
//                   page's <html lang> starts with "nn", else Bokmål
//
// Everything is drawn in a shadow root, so neither the host page's CSS nor ours
// leaks across. Text from the user or the bot is only ever inserted as text
// (textContent / text nodes), never as HTML; links are made only from http(s)
// URLs. The session id is a secret kept in sessionStorage for this tab; the
// conversation is reloaded from the server after a reload.
//
// No text the widget shows is written in this file: /webhooks/webchat/config
// sends them all, in Bokmål and Nynorsk (bot/channels/widget_texts.yml), with
// the emergency number (from the knowledge base). Nothing is drawn until the
// config has loaded; without it the widget keeps trying, as it does offline.
// Every element showing a text carries its key (data-sg-text for its content,
// data-sg-aria-label and so on for an attribute), so the setting in the header
// redraws them all in the other standard; when mounted (data-sg-mount) the
// page's own data-sg-text elements and <html lang> follow. The user's choice is
// kept in localStorage and told to the assistant (the written_standard slot),
// so its replies come in the same standard.
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script || document.querySelector("sikkerhetsguiden-chat, [data-sikkerhetsguiden]")) {
    return;
  }
  script.setAttribute("data-sikkerhetsguiden", "script"); // a second copy of the script stops

  const SESSION_KEY = "sikkerhetsguiden.session";
  const OPEN_KEY = "sikkerhetsguiden.open";
  const STANDARD_KEY = "sikkerhetsguiden.standard";
  const STANDARDS = ["nb", "nn"];
  // Sets the conversation's standard (intent choose_written_standard); sent, never shown.
  const CHOOSE_STANDARD = "/choose_written_standard";
  const REPLY_TIMEOUT_MS = 30 * 1000;
  const CONFIG_RETRY_MS = [1000, 2000, 5000]; // then every 5 s, as Socket.IO reconnects
  const URL_PATTERN = /https?:\/\/[^\s<>"'«»]+/g;
  const PLACEHOLDER = /\{(\w+)\}/; // split by it: every odd part is a placeholder's name
  // Attributes that hold a text, each named by its key in data-sg-<attribute>.
  const TEXT_ATTRIBUTES = ["aria-label", "placeholder"];
  const TEXT_SELECTOR = ["text", ...TEXT_ATTRIBUTES].map((a) => "[data-sg-" + a + "]").join(",");

  const base = new URL(script.dataset.sgUrl || new URL(script.src, location.href).origin);
  const root = base.href.replace(/\/+$/, "");
  const api = root + "/webhooks/webchat";
  const mount = script.dataset.sgMount ? document.getElementById(script.dataset.sgMount) : null;
  const floating = !mount;
  const store = storage("sessionStorage");
  const saved = storage("localStorage");

  let texts = null; // { nb: {key: text, …, errors: {…}}, nn: {…} } from the config
  let standard = initialStandard();
  let emergency = "";
  let socket = null;
  let started = false;
  let ready = false;
  let historyChecked = false;
  let sessionId = store.get(SESSION_KEY);
  let standardUntold = false; // changed while the session was not connected
  let maxChars = 4000;
  let waitTimer = 0;
  const queue = [];
  // The UI, drawn by build() once the config has loaded.
  let shadow = null;
  let frame = null;
  let panel = null;
  let log = null;
  let status = null;
  let input = null;
  let picker = null;
  let launcher = null;

  // ---- texts: by key, in the current standard ----
  // A reference to a text of the config ("send", "errors.failed"), for el() and setStatus().
  function tr(key) {
    return { key: key };
  }

  function textOf(ref) {
    let value = texts ? texts[standard] : null;
    ref.key.split(".").forEach((part) => {
      value = value && typeof value === "object" ? value[part] : undefined;
    });
    return typeof value === "string" ? value : "";
  }

  function placeholderValue(name) {
    return name === "police_emergency" && emergency ? emergency : textOf(tr("emergencyFallback"));
  }

  // Show text `ref` in `node`, placeholders filled in (emphasised in the widget's own DOM).
  function fill(node, ref, emphasise) {
    const parts = textOf(ref).split(PLACEHOLDER);
    const shown = parts.map((part, i) => (i % 2 ? placeholderValue(part) : part)).join("");
    if (node.textContent === shown && node.childNodes.length) {
      return; // unchanged: nothing for a live region to announce again
    }
    node.replaceChildren(
      ...parts.map((part, i) => {
        if (i % 2 === 0) {
          return document.createTextNode(part);
        }
        const value = document.createTextNode(placeholderValue(part));
        return emphasise ? el("strong", {}, [value]) : value;
      })
    );
  }

  // Draw every text `node` carries a key for (a key the config lacks leaves it as it is).
  function show(node, emphasise) {
    const key = node.getAttribute("data-sg-text");
    if (key === "" || (key && textOf(tr(key)))) {
      fill(node, tr(key), emphasise);
    }
    TEXT_ATTRIBUTES.forEach((name) => {
      const text = textOf(tr(node.getAttribute("data-sg-" + name) || ""));
      if (text) {
        node.setAttribute(name, text);
      }
    });
  }

  function initialStandard() {
    const stored = saved.get(STANDARD_KEY);
    if (STANDARDS.includes(stored)) {
      return stored;
    }
    if (STANDARDS.includes(script.dataset.sgStandard)) {
      return script.dataset.sgStandard;
    }
    return document.documentElement.lang.toLowerCase().startsWith("nn") ? "nn" : "nb";
  }

  // Redraw every text in the current standard: the widget's, and the page's when mounted.
  function showStandard() {
    frame.lang = standard;
    picker.value = standard;
    shadow.querySelectorAll(TEXT_SELECTOR).forEach((node) => show(node, true));
    if (!floating) {
      document.querySelectorAll(TEXT_SELECTOR).forEach((node) => show(node, false));
      if (!document.documentElement.lang.toLowerCase().startsWith(standard)) {
        document.documentElement.lang = standard;
      }
    }
  }

  function setStandard(chosen) {
    if (!STANDARDS.includes(chosen) || chosen === standard) {
      return;
    }
    standard = chosen;
    showStandard();
    saved.set(STANDARD_KEY, chosen);
    if (ready) {
      utter(standardMessage());
      waiting(true);
    } else if (sessionId) {
      standardUntold = true; // told when the session is confirmed again
    }
  }

  function standardMessage() {
    return CHOOSE_STANDARD + JSON.stringify({ written_standard: standard });
  }

  // ---- DOM helpers: text only, never HTML ----
  // Props are attributes; `text` is the content. A value from tr() is a text of the
  // config: the node keeps its key (data-sg-*) and shows it in the current standard.
  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (value && typeof value === "object") {
        node.setAttribute("data-sg-" + key, value.key);
      } else if (key === "text") {
        node.textContent = value;
      } else if (key === "className") {
        node.className = value;
      } else {
        node.setAttribute(key, value);
      }
    });
    (children || []).forEach((child) => node.appendChild(child));
    show(node, true);
    return node;
  }

  function safeHref(raw) {
    try {
      const url = new URL(raw);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  // Text with http(s) URLs turned into links; everything else stays text.
  function appendLinked(parent, text) {
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      const shown = match[0].replace(/[.,;:!?)\]]+$/, "");
      const href = safeHref(shown);
      if (!href) {
        continue;
      }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      const link = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" });
      link.appendChild(document.createTextNode(shown));
      link.appendChild(
        el("span", { className: "sr" }, [
          document.createTextNode(" "),
          el("span", { text: tr("newTab") }),
        ])
      );
      parent.appendChild(link);
      last = match.index + shown.length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // Blank lines separate paragraphs, "- " lines become a list, other lines keep their breaks.
  function appendFormatted(parent, text) {
    text.split(/\n\s*\n/).forEach((block) => {
      let list = null;
      let paragraph = null;
      block.split("\n").forEach((line) => {
        const item = /^\s*[-•]\s+(.*)$/.exec(line);
        if (item) {
          if (!list) {
            list = parent.appendChild(el("ul"));
            paragraph = null;
          }
          appendLinked(list.appendChild(el("li")), item[1]);
        } else if (line.trim()) {
          list = null;
          if (paragraph) {
            paragraph.appendChild(el("br"));
          } else {
            paragraph = parent.appendChild(el("p"));
          }
          appendLinked(paragraph, line);
        }
      });
    });
  }

  // A bubble: `text` is what the user or the bot wrote, or for a notice a text of the config.
  function messageNode(kind, text, buttons) {
    const item = el("div", { className: "msg " + kind });
    if (kind === "notice") {
      item.appendChild(el("div", { className: "body", text: text }));
    } else {
      item.appendChild(
        el("span", { className: "sr" }, [
          el("span", { text: kind === "user" ? tr("you") : tr("bot") }),
          document.createTextNode(" "),
        ])
      );
      if (text) {
        appendFormatted(item.appendChild(el("div", { className: "body" })), text);
      }
    }
    const valid = (Array.isArray(buttons) ? buttons : []).filter(
      (b) => b && typeof b.title === "string" && typeof b.payload === "string"
    );
    if (valid.length) {
      const group = item.appendChild(
        el("div", { className: "buttons", role: "group", "aria-label": tr("choices") })
      );
      valid.forEach((b) => {
        const button = group.appendChild(el("button", { type: "button", text: b.title }));
        button.addEventListener("click", () => send(b.payload, b.title));
      });
    }
    return item;
  }

  // ---- the UI ----
  function build() {
    const host = mount || document.createElement("sikkerhetsguiden-chat");
    host.setAttribute("data-sikkerhetsguiden", floating ? "floating" : "inline");
    shadow = host.attachShadow({ mode: "open" });
    shadow.appendChild(el("link", { rel: "stylesheet", href: api + "/static/widget.css" }));

    log = el("div", {
      className: "log", id: "log", role: "log", "aria-live": "polite", "aria-label": tr("log"),
      tabindex: "0",
    });
    status = el("p", { className: "status", role: "status" });
    input = el("input", {
      id: "input", type: "text", autocomplete: "off", enterkeyhint: "send",
      placeholder: tr("placeholder"), maxlength: String(maxChars),
    });
    const form = el("form", { className: "form", novalidate: "" }, [
      el("label", { className: "sr", for: "input", text: tr("inputLabel") }),
      input,
      el("button", { type: "submit", className: "primary", text: tr("send") }),
    ]);
    picker = el("select", { id: "standard", "aria-describedby": "standard-help" }, [
      el("option", { value: "nb", text: tr("standardNb") }),
      el("option", { value: "nn", text: tr("standardNn") }),
    ]);
    const setting = el("div", { className: "setting" }, [
      el("label", { for: "standard", text: tr("standardLabel") }),
      picker,
      el("span", { className: "sr", id: "standard-help", text: tr("standardHelp") }),
    ]);
    const restartButton = el("button", { type: "button", className: "ghost", text: tr("restart") });
    const head = el("div", { className: "head" });
    panel = el("div", { className: "panel", id: "panel" }, [head]);
    // Inline: the setting at the left of the header; floating: a row of its own below the title.
    head.appendChild(floating ? el("h2", { id: "title", text: tr("title") }) : setting);
    head.appendChild(restartButton);
    if (script.dataset.sgNotices !== "off") {
      panel.appendChild(el("div", { className: "notices" }, [
        el("p", { className: "alert", text: tr("emergency") }),
        el("p", { className: "privacy", text: tr("privacy") }),
      ]));
    }
    panel.append(log, status, form);

    if (floating) {
      const closeButton = el("button", {
        type: "button", className: "ghost", text: tr("close"), "aria-label": tr("closeChat"),
      });
      head.append(closeButton, setting);
      launcher = el("button", {
        id: "launcher", type: "button", className: "launcher primary", "aria-expanded": "false",
        "aria-controls": "panel", text: tr("openChat"),
      });
      panel.hidden = true;
      frame = el("aside", { className: "floating", "aria-label": tr("region") }, [panel, launcher]);
      shadow.appendChild(frame);
      launcher.addEventListener("click", () => setOpen(panel.hidden, true));
      closeButton.addEventListener("click", () => setOpen(false, true));
      panel.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          setOpen(false, true);
        }
      });
      document.body.appendChild(host);
    } else {
      frame = el("div", { className: "inline" }, [panel]);
      shadow.appendChild(frame);
    }
    showStandard();

    picker.addEventListener("change", () => setStandard(picker.value));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text) {
        input.value = "";
        send(text);
      }
      input.focus();
    });
    restartButton.addEventListener("click", () => {
      store.set(SESSION_KEY, "");
      sessionId = null;
      standardUntold = false;
      queue.length = 0;
      log.replaceChildren();
      waiting(false);
      if (socket && socket.connected) {
        ready = false;
        socket.emit("session_request", { session_id: null });
      }
      input.focus();
    });
  }

  function setOpen(open, moveFocus) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    store.set(OPEN_KEY, open ? "1" : "");
    if (open) {
      start();
    }
    if (moveFocus) {
      (open ? input : launcher).focus();
    }
  }

  // The status line: a text of the config, or nothing (null).
  function setStatus(ref) {
    const key = ref ? ref.key : "";
    if (status.getAttribute("data-sg-text") !== key) {
      status.setAttribute("data-sg-text", key);
      show(status, true);
    }
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(kind, text, buttons) {
    log.appendChild(messageNode(kind, text, buttons));
    scrollDown();
  }

  function waiting(on) {
    clearTimeout(waitTimer);
    if (on) {
      setStatus(tr("typing"));
      waitTimer = setTimeout(() => setStatus(tr("slow")), REPLY_TIMEOUT_MS);
    } else if (ready) {
      setStatus(null);
    }
  }

  // ---- talking to the server ----
  function utter(message) {
    // Kept for the tab only once it holds a message: a reload then shows the history.
    store.set(SESSION_KEY, sessionId);
    socket.emit("user_uttered", { message: message, session_id: sessionId });
  }

  function send(message, shown) {
    if (message.length > maxChars) {
      addMessage("notice", tr("tooLong"));
    } else {
      addMessage("user", shown || message);
      if (ready) {
        utter(message);
      } else {
        queue.push(message);
      }
      waiting(true);
    }
    input.focus();
  }

  // The config, or null when it cannot be had (offline, or not the server's answer).
  async function loadConfig() {
    try {
      const answer = await fetch(api + "/config", { credentials: "omit" });
      const config = answer.ok ? await answer.json() : null;
      const given = config && config.texts;
      const complete = given && STANDARDS.every((s) => given[s] && typeof given[s] === "object");
      return complete ? config : null;
    } catch (_) {
      return null;
    }
  }

  async function boot(attempt) {
    const config = await loadConfig();
    if (!config) {
      const delay = CONFIG_RETRY_MS[Math.min(attempt, CONFIG_RETRY_MS.length - 1)];
      setTimeout(() => boot(attempt + 1), delay);
      return;
    }
    texts = config.texts;
    if (typeof config.emergency === "string" && config.emergency) {
      emergency = config.emergency;
    }
    if (Number.isInteger(config.max_chars) && config.max_chars > 0) {
      maxChars = config.max_chars;
    }
    if (document.readyState === "loading") {
      await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve));
    }
    build();
    if (!floating) {
      start();
    } else if (store.get(OPEN_KEY)) {
      setOpen(true, false);
    }
  }

  async function loadHistory() {
    log.setAttribute("aria-busy", "true");
    try {
      const answer = await fetch(api + "/history", {
        headers: { Authorization: "Bearer " + sessionId },
        credentials: "omit",
        cache: "no-store",
      });
      if (answer.ok) {
        const body = await answer.json();
        const earlier = document.createDocumentFragment();
        (Array.isArray(body.messages) ? body.messages : []).forEach((m) => {
          const text = typeof m.text === "string" ? m.text : "";
          if (m.sender === "user" && text.startsWith(CHOOSE_STANDARD)) {
            return; // sent by the setting, never shown
          }
          earlier.appendChild(messageNode(m.sender === "user" ? "user" : "bot", text, m.buttons));
        });
        log.insertBefore(earlier, log.firstChild);
        scrollDown();
      }
    } catch (_) {
      // Without the history the conversation still goes on.
    } finally {
      log.removeAttribute("aria-busy");
    }
  }

  async function onSessionConfirm(data) {
    const id = typeof data === "string" ? data : data && data.session_id;
    if (typeof id !== "string" || !id) {
      return;
    }
    const resumed = id === sessionId;
    sessionId = id;
    if (log.querySelector(".msg.user")) {
      store.set(SESSION_KEY, id);
    }
    if (!historyChecked) {
      historyChecked = true;
      if (resumed) {
        await loadHistory();
      }
    }
    ready = true;
    // A new conversation is in Bokmål until told; a resumed one missed a change made offline.
    const tell = resumed ? standardUntold : standard === "nn";
    standardUntold = false;
    if (tell) {
      utter(standardMessage());
      waiting(true);
    } else {
      setStatus(queue.length ? tr("typing") : null);
    }
    while (queue.length) {
      utter(queue.shift());
    }
  }

  function onBotMessage(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    const text = typeof data.text === "string" ? data.text : "";
    const buttons = Array.isArray(data.quick_replies) ? data.quick_replies : data.buttons;
    if (text || (Array.isArray(buttons) && buttons.length)) {
      waiting(false);
      addMessage("bot", text, buttons);
    }
  }

  function onError(data) {
    waiting(false);
    const code = data && typeof data.code === "string" ? data.code : "failed";
    const known = /^\w+$/.test(code) && textOf(tr("errors." + code));
    addMessage("notice", known ? tr("errors." + code) : tr("errors.failed"));
  }

  async function start() {
    if (started) {
      return;
    }
    started = true;
    setStatus(tr("connecting"));
    let client;
    try {
      client = await import(api + "/static/vendor/socket.io.esm.min.js");
    } catch (_) {
      started = false;
      setStatus(tr("offline"));
      return;
    }
    socket = client.io(base.origin, {
      path: base.pathname.replace(/\/+$/, "") + "/socket.io",
      transports: ["websocket", "polling"],
      tryAllTransports: true,
    });
    socket.on("connect", () => {
      ready = false;
      socket.emit("session_request", { session_id: sessionId || null });
    });
    socket.on("session_confirm", onSessionConfirm);
    socket.on("bot_uttered", onBotMessage);
    socket.on("sg_error", onError);
    socket.on("disconnect", () => {
      ready = false;
      setStatus(tr("offline"));
    });
    socket.on("connect_error", () => setStatus(tr("offline")));
  }

  function storage(kind) {
    // Storage can be switched off; the chat then works, and forgets on reload.
    return {
      get(key) {
        try {
          return window[kind].getItem(key) || null;
        } catch (_) {
          return null;
        }
      },
      set(key, value) {
        try {
          if (value) {
            window[kind].setItem(key, value);
          } else {
            window[kind].removeItem(key);
          }
        } catch (_) {
          // not kept across reloads
        }
      },
    };
  }

  boot(0);
})();

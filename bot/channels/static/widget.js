// Sikkerhetsguiden web chat widget over Socket.IO. One script tag, no globals:
//
//   <script src="https://bot.example/webhooks/webchat/static/widget.js"
//           data-sg-url="https://bot.example" defer></script>
//
// data-sg-url      the bot's base URL (default: where widget.js was loaded from)
// data-sg-mount    id of an element to draw the chat in, always open (the page at /);
//                  without it, a launcher button and a floating panel are added
// data-sg-notices  "off" when the page itself shows the emergency and privacy notices
//
// Everything is drawn in a shadow root, so neither the host page's CSS nor ours
// leaks across. Text from the user or the bot is only ever inserted as text
// (textContent / text nodes), never as HTML; links are made only from http(s)
// URLs. The emergency number comes from /webhooks/webchat/config (the knowledge
// base), never from this file. The session id is a secret kept in sessionStorage
// for this tab; the conversation is reloaded from the server after a reload.
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script || document.querySelector("sikkerhetsguiden-chat, [data-sikkerhetsguiden]")) {
    return;
  }

  const T = {
    title: "Sikkerhetsguiden",
    intro: "Veileder for helse- og omsorgspersonell om sikkerhetstiltak ved vold i nære relasjoner.",
    region: "Sikkerhetsguiden, chat",
    openChat: "Spør Sikkerhetsguiden",
    closeChat: "Lukk chatten",
    close: "Lukk",
    restart: "Ny samtale",
    emergencyBefore: "Ved akutt fare: ring ",
    emergencyFallback: "politiets nødnummer",
    privacy: "Skriv ikke navn eller andre personopplysninger om pasienten.",
    log: "Samtale",
    you: "Du: ",
    bot: "Sikkerhetsguiden: ",
    choices: "Svaralternativer",
    newTab: " (åpnes i ny fane)",
    inputLabel: "Skriv spørsmålet ditt",
    placeholder: "Skriv spørsmålet ditt …",
    send: "Send",
    connecting: "Kobler til Sikkerhetsguiden …",
    offline: "Ingen forbindelse med Sikkerhetsguiden. Prøver igjen …",
    typing: "Sikkerhetsguiden skriver …",
    slow: "Svaret lar vente på seg. Sjekk forbindelsen, eller prøv igjen.",
    tooLong: "Meldingen er for lang. Del den opp i kortere meldinger.",
    errors: {
      too_long: "Meldingen er for lang. Del den opp i kortere meldinger.",
      not_text: "Meldingen kunne ikke leses. Skriv den på nytt.",
      no_session: "Samtalen var ikke klar. Send meldingen på nytt.",
      failed: "Noe gikk galt hos Sikkerhetsguiden. Prøv igjen om litt.",
      rate_limited: "For mange meldinger på kort tid. Vent et minutt og prøv igjen.",
    },
  };
  const SESSION_KEY = "sikkerhetsguiden.session";
  const OPEN_KEY = "sikkerhetsguiden.open";
  const REPLY_TIMEOUT_MS = 30 * 1000;
  const URL_PATTERN = /https?:\/\/[^\s<>"'«»]+/g;

  const base = new URL(script.dataset.sgUrl || new URL(script.src, location.href).origin);
  const root = base.href.replace(/\/+$/, "");
  const api = root + "/webhooks/webchat";
  const mount = script.dataset.sgMount ? document.getElementById(script.dataset.sgMount) : null;
  const floating = !mount;
  const store = sessionStore();

  let socket = null;
  let started = false;
  let ready = false;
  let historyChecked = false;
  let sessionId = store.get(SESSION_KEY);
  let maxChars = 4000;
  let waitTimer = 0;
  const queue = [];

  // ---- DOM helpers: text only, never HTML ----
  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (key === "text") {
        node.textContent = value;
      } else if (key === "className") {
        node.className = value;
      } else {
        node.setAttribute(key, value);
      }
    });
    (children || []).forEach((child) => node.appendChild(child));
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
      link.appendChild(el("span", { className: "sr", text: T.newTab }));
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

  function messageNode(kind, text, buttons) {
    const item = el("div", { className: "msg " + kind });
    if (kind !== "notice") {
      item.appendChild(el("span", { className: "sr", text: kind === "user" ? T.you : T.bot }));
    }
    if (text) {
      appendFormatted(item.appendChild(el("div", { className: "body" })), text);
    }
    const valid = (Array.isArray(buttons) ? buttons : []).filter(
      (b) => b && typeof b.title === "string" && typeof b.payload === "string"
    );
    if (valid.length) {
      const group = item.appendChild(
        el("div", { className: "buttons", role: "group", "aria-label": T.choices })
      );
      valid.forEach((b) => {
        const button = group.appendChild(el("button", { type: "button", text: b.title }));
        button.addEventListener("click", () => send(b.payload, b.title));
      });
    }
    return item;
  }

  // ---- the UI ----
  const host = mount || document.createElement("sikkerhetsguiden-chat");
  host.setAttribute("data-sikkerhetsguiden", floating ? "floating" : "inline");
  const shadow = host.attachShadow({ mode: "open" });
  shadow.appendChild(el("link", { rel: "stylesheet", href: api + "/static/widget.css" }));

  const emergencyNumber = el("strong", { text: T.emergencyFallback });
  const log = el("div", {
    className: "log", id: "log", role: "log", "aria-live": "polite", "aria-label": T.log,
    tabindex: "0",
  });
  const status = el("p", { className: "status", role: "status" });
  const input = el("input", {
    id: "input", type: "text", autocomplete: "off", enterkeyhint: "send",
    placeholder: T.placeholder, maxlength: String(maxChars),
  });
  const form = el("form", { className: "form", novalidate: "" }, [
    el("label", { className: "sr", for: "input", text: T.inputLabel }),
    input,
    el("button", { type: "submit", className: "primary", text: T.send }),
  ]);
  const restartButton = el("button", { type: "button", className: "ghost", text: T.restart });
  const head = el("div", { className: "head" });
  const panel = el("div", { className: "panel", id: "panel" }, [head]);
  if (floating) {
    head.appendChild(el("h2", { id: "title", text: T.title }));
  }
  head.appendChild(restartButton);
  if (script.dataset.sgNotices !== "off") {
    panel.appendChild(el("div", { className: "notices" }, [
      el("p", { className: "alert" }, [
        document.createTextNode(T.emergencyBefore), emergencyNumber, document.createTextNode("."),
      ]),
      el("p", { className: "privacy", text: T.privacy }),
    ]));
  }
  panel.append(log, status, form);

  let launcher = null;
  if (floating) {
    const closeButton = el("button", {
      type: "button", className: "ghost", text: T.close, "aria-label": T.closeChat,
    });
    head.appendChild(closeButton);
    launcher = el("button", {
      id: "launcher", type: "button", className: "launcher primary", "aria-expanded": "false",
      "aria-controls": "panel", text: T.openChat,
    });
    panel.hidden = true;
    shadow.appendChild(el("aside", { className: "floating", "aria-label": T.region }, [panel, launcher]));
    launcher.addEventListener("click", () => setOpen(panel.hidden, true));
    closeButton.addEventListener("click", () => setOpen(false, true));
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        setOpen(false, true);
      }
    });
    document.body.appendChild(host);
  } else {
    shadow.appendChild(el("div", { className: "inline" }, [panel]));
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

  function setStatus(text) {
    if (status.textContent !== text) {
      status.textContent = text;
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
    setStatus(on ? T.typing : ready ? "" : status.textContent);
    if (on) {
      waitTimer = setTimeout(() => setStatus(T.slow), REPLY_TIMEOUT_MS);
    }
  }

  // ---- talking to the server ----
  function send(message, shown) {
    if (message.length > maxChars) {
      addMessage("notice", T.tooLong);
    } else {
      addMessage("user", shown || message);
      if (ready) {
        // Kept for the tab only once it holds a message: a reload then shows the history.
        store.set(SESSION_KEY, sessionId);
        socket.emit("user_uttered", { message: message, session_id: sessionId });
      } else {
        queue.push(message);
      }
      waiting(true);
    }
    input.focus();
  }

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
    queue.length = 0;
    log.replaceChildren();
    waiting(false);
    if (socket && socket.connected) {
      ready = false;
      socket.emit("session_request", { session_id: null });
    }
    input.focus();
  });

  async function loadConfig() {
    try {
      const answer = await fetch(api + "/config", { credentials: "omit" });
      const config = answer.ok ? await answer.json() : {};
      if (typeof config.emergency === "string" && config.emergency) {
        emergencyNumber.textContent = config.emergency;
      }
      if (Number.isInteger(config.max_chars) && config.max_chars > 0) {
        maxChars = config.max_chars;
        input.maxLength = maxChars;
      }
    } catch (_) {
      // The fallback wording stays; the chat itself does not depend on this.
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
    setStatus(queue.length ? T.typing : "");
    while (queue.length) {
      socket.emit("user_uttered", { message: queue.shift(), session_id: sessionId });
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
    addMessage("notice", T.errors[code] || T.errors.failed);
  }

  async function start() {
    if (started) {
      return;
    }
    started = true;
    setStatus(T.connecting);
    loadConfig();
    let client;
    try {
      client = await import(api + "/static/vendor/socket.io.esm.min.js");
    } catch (_) {
      started = false;
      setStatus(T.offline);
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
      setStatus(T.offline);
    });
    socket.on("connect_error", () => setStatus(T.offline));
  }

  function sessionStore() {
    // Storage can be switched off; the chat then works until the page is reloaded.
    return {
      get(key) {
        try {
          return window.sessionStorage.getItem(key) || null;
        } catch (_) {
          return null;
        }
      },
      set(key, value) {
        try {
          if (value) {
            window.sessionStorage.setItem(key, value);
          } else {
            window.sessionStorage.removeItem(key);
          }
        } catch (_) {
          // not kept across reloads
        }
      },
    };
  }

  if (!floating) {
    start();
  } else if (store.get(OPEN_KEY)) {
    setOpen(true, false);
  }
})();

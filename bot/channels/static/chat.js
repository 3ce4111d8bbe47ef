// Minimal chat page over the REST channel. Text is always inserted as text
// (never as HTML), so neither user nor bot text can inject markup.
(function () {
  "use strict";
  var log = document.getElementById("sg-log");
  var form = document.getElementById("sg-form");
  var input = document.getElementById("sg-input");
  var senderKey = "sikkerhetsguiden.sender";
  var sender = localStorage.getItem(senderKey);
  if (!sender) {
    sender = "web-" + (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
    localStorage.setItem(senderKey, sender);
  }

  function appendText(parent, text) {
    // Lines starting with "- " become a list; other lines keep their breaks.
    var list = null;
    text.split("\n").forEach(function (line) {
      if (/^\s*[-•]\s+/.test(line)) {
        if (!list) { list = document.createElement("ul"); parent.appendChild(list); }
        var li = document.createElement("li");
        li.textContent = line.replace(/^\s*[-•]\s+/, "");
        list.appendChild(li);
      } else {
        list = null;
        parent.appendChild(document.createTextNode(line + "\n"));
      }
    });
  }

  function add(role, text, buttons) {
    var item = document.createElement("li");
    item.className = "sg-msg " + role;
    if (text) { appendText(item, text); }
    if (buttons && buttons.length) {
      var group = document.createElement("div");
      group.className = "sg-buttons";
      buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", function () { send(b.payload, b.title); });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  function send(message, shown) {
    add("user", shown || message);
    fetch("/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message })
    }).then(function (r) { return r.json(); }).then(function (replies) {
      replies.forEach(function (m) { add("bot", m.text || "", m.buttons); });
    }).catch(function () {
      add("bot", "Fikk ikke kontakt med serveren. Prøv igjen om litt.");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });
})();

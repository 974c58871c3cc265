// orak-gym run viewer: builds the page from the JSON blocks of the report.
// Everything from a run is untrusted text: it reaches the page through textContent only, never as HTML.
(() => {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const byId = (id) => document.getElementById(id);
  const cache = new Map();
  /** A JSON block of the report, parsed on first use (episodes of a large run cost nothing until opened). */
  function block(id) {
    if (!cache.has(id)) {
      const node = byId(id);
      cache.set(id, node ? JSON.parse(node.textContent) : null);
    }
    return cache.get(id);
  }
  /** An element: props set as properties/attributes (text via textContent), children appended as nodes or text. */
  function h(tag, props, ...kids) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }
  const fmt = (value, digits = 2) =>
    value === null || value === undefined || Number.isNaN(Number(value)) ? "-" : Number(value).toFixed(digits);
  const text = (value) => (value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value, null, 1));
  const num = (value, digits, cls) => h("td", { class: "num " + (cls || ""), text: fmt(value, digits) });

  function table(id, header, rows) {
    return h("table", { id }, h("thead", {}, h("tr", {}, header.map((name) => h("th", { text: name })))), h("tbody", {}, rows));
  }
  function settings(data) {
    return h("dl", { class: "settings" }, Object.entries(data).map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]));
  }

  // ------------------------------------------------------------------ an eval run
  function summaryTable(summary) {
    const rows = Object.entries(summary).map(([env, s]) =>
      h("tr", { "data-env": env },
        h("td", { class: "env", text: env }),
        num(s.episodes, 0, "episodes"),
        num(s.score_mean, 2, "score-mean"),
        num(s.score_se, 2, "score-se"),
        num(s.raw_score_mean, 2, "raw-score-mean"),
        num(s.errors, 0, "errors"),
        num(s.llm_calls, 0, "llm-calls"),
        num(s.tokens_in, 0, "tokens-in"),
        num(s.tokens_out, 0, "tokens-out"),
        num(s.cost_usd, 4, "cost")));
    return table("summary", ["env", "scored episodes", "score (0-100)", "± s.e.", "raw score", "errored", "LLM calls",
      "tokens in", "tokens out", "cost $"], rows);
  }

  /** Final score of every scored episode, one column of dots per env (errored episodes have none). */
  function scoresChart(episodes) {
    const envs = [...new Set(episodes.map((e) => e.env))];
    const width = Math.max(320, 150 * envs.length), height = 190, pad = 34;
    const root = svg("svg", { id: "scores-chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
    const y = (score) => height - pad - (score / 100) * (height - 2 * pad);
    for (const tick of [0, 25, 50, 75, 100]) {
      root.append(svg("line", { x1: pad, x2: width - 8, y1: y(tick), y2: y(tick), stroke: "#e3e6ee" }));
      const label = svg("text", { x: 4, y: y(tick) + 4 });
      label.textContent = String(tick);
      root.append(label);
    }
    const step = (width - pad - 8) / Math.max(1, envs.length);
    envs.forEach((env, i) => {
      const x = pad + step * (i + 0.5);
      const label = svg("text", { x, y: height - 10, "text-anchor": "middle" });
      label.textContent = env;
      root.append(label);
      const scored = episodes.filter((e) => e.env === env && !e.errored && e.score !== null);
      scored.forEach((e, j) => {
        const dx = scored.length > 1 ? ((j / (scored.length - 1)) - 0.5) * Math.min(step * 0.6, 80) : 0;
        const dot = svg("circle", { cx: x + dx, cy: y(e.score), r: 4, fill: "#2f6fde", "fill-opacity": 0.75 });
        const tip = svg("title", {});
        tip.textContent = `seed ${e.seed}: ${fmt(e.score)}`;
        dot.append(tip);
        root.append(dot);
      });
    });
    return root;
  }

  function episodeRow(e, errored) {
    const cells = errored
      ? [h("td", { text: e.env }), num(e.seed, 0), num(e.steps, 0), h("td", { class: "error", text: e.error })]
      : [h("td", { text: e.env }), num(e.seed, 0), num(e.score, 2, "score"), num(e.steps, 0), h("td", { text: e.termination }),
         num(e.invalid_actions, 0), num(e.llm_calls, 0), num(e.tokens_in + e.tokens_out, 0), num(e.frames, 0)];
    return h("tr", { class: "clickable episode", "data-id": e.id, onclick: () => viewer.open(e) }, cells);
  }

  function renderEval(app, index) {
    app.append(h("h2", { text: "Summary" }), summaryTable(index.summary));
    if (index.summary_note) app.append(h("p", { class: "note", id: "summary-note", text: index.summary_note }));
    app.append(h("p", { class: "note", text: "Means over scored episodes only; errored episodes are counted apart, never averaged." }));
    const board = index.leaderboard;
    app.append(h("h2", { text: "Leaderboard" }),
      table("leaderboard", board.header, board.rows.map((cells) => h("tr", {}, cells.map((c) => h("td", { text: c }))))));
    if (board.plot) app.append(h("img", { class: "plot", id: "leaderboard-plot", alt: "leaderboard chart", src: board.plot }));
    const scored = index.episodes.filter((e) => !e.errored);
    const errored = index.episodes.filter((e) => e.errored);
    app.append(h("h2", { text: "Scores per episode" }), scoresChart(index.episodes));
    app.append(h("h2", { text: `Episodes (${scored.length} scored)` }),
      h("p", { class: "note", text: "Click an episode to step through it (← and → keys move)." }),
      table("episodes", ["env", "seed", "score", "steps", "termination", "invalid actions", "LLM calls", "tokens", "frames"],
        scored.map((e) => episodeRow(e, false))));
    app.append(h("h2", { text: `Errored episodes (${errored.length}, not scored)` }),
      errored.length ? table("errored", ["env", "seed", "steps", "error"], errored.map((e) => episodeRow(e, true)))
        : h("p", { class: "note", id: "errored", text: "None." }));
    app.append(viewer.root);
  }

  // ------------------------------------------------------------------ the step-through
  const viewer = (() => {
    const root = h("section", { id: "viewer", hidden: "" });
    let episode = null, chunk = null, frames = null, positions = [], at = 0;
    const title = h("h2", { id: "ep-title" });
    const stepNum = h("span", { id: "step-num" });
    const slider = h("input", { id: "slider", type: "range", min: 0, max: 0, value: 0, oninput: () => show(Number(slider.value)) });
    const button = (id, label, move) => h("button", { id, type: "button", onclick: () => show(move()) }, label);
    const first = button("first", "« first", () => 0), prev = button("prev", "◀ prev", () => at - 1);
    const next = button("next", "next ▶", () => at + 1), last = button("last", "last »", () => positions.length - 1);
    const plot = h("div", { id: "score-plot" });
    const frameBox = h("div", { class: "frame-box", id: "frame-box" });
    const observation = h("pre", { id: "observation" });
    const calls = h("div", { id: "calls" });
    const action = h("pre", { id: "action" });
    const outcome = h("div", { id: "outcome" });
    root.append(title, h("p", { class: "note", id: "ep-meta" }),
      h("div", { class: "controls" }, first, prev, stepNum, next, last, slider), plot,
      h("div", { class: "grid" },
        h("div", {}, h("h3", { text: "Frame the agent saw" }), frameBox),
        h("div", {}, h("h3", { text: "Observation" }), observation)),
      h("h3", { text: "LLM calls (prompt and answer)" }), calls,
      h("h3", { text: "Action" }), action, outcome);

    function open(e) {
      episode = e;
      chunk = block(`ep-${e.id}`);
      frames = null; // parsed when a frame is first shown
      positions = chunk.steps.map((s, i) => ({ kind: "step", step: s, frame: i }));
      positions.push({ kind: "end", frame: chunk.steps.length });
      title.textContent = `${e.env}  seed ${e.seed}`;
      byId("ep-meta").textContent = e.errored
        ? `errored after ${e.steps} step(s), not scored: ${e.error}`
        : `score ${fmt(e.score)} / 100 · ${e.steps} steps · ${e.termination}`;
      slider.max = String(positions.length - 1);
      document.querySelectorAll("tr.episode").forEach((row) => row.classList.toggle("selected", row.dataset.id === String(e.id)));
      drawPlot();
      root.hidden = false;
      show(0);
      root.scrollIntoView({ block: "start" });
    }

    function drawPlot() {
      const scores = chunk.steps.map((s) => s.score);
      const width = 640, height = 120, pad = 28;
      const box = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
      const n = Math.max(1, scores.length);
      const top = Math.max(1, ...scores.filter((v) => v !== null));
      const x = (i) => pad + (i / Math.max(1, n - 1)) * (width - pad - 10);
      const y = (v) => height - 18 - (v / top) * (height - 30);
      box.append(svg("line", { x1: pad, x2: width - 10, y1: y(0), y2: y(0), stroke: "#ccd" }));
      for (const [v, label] of [[0, "0"], [top, fmt(top, 1)]]) {
        const t = svg("text", { x: 2, y: y(v) + 4 });
        t.textContent = label;
        box.append(t);
      }
      const points = scores.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
      box.append(svg("polyline", { points: points.join(" "), fill: "none", stroke: "#2f6fde", "stroke-width": 2 }));
      const marker = svg("circle", { id: "plot-marker", r: 5, fill: "#b3261e", cx: x(0), cy: y(scores[0] || 0) });
      const caption = svg("text", { x: width / 2, y: height - 2, "text-anchor": "middle" });
      caption.textContent = "score (0-100) after each step";
      box.append(marker, caption);
      plot.replaceChildren(box);
      plot.moveMarker = (i) => {
        const v = scores[Math.min(i, scores.length - 1)];
        marker.setAttribute("cx", x(Math.min(i, n - 1)).toFixed(1));
        marker.setAttribute("cy", y(v === null || v === undefined ? 0 : v).toFixed(1));
      };
    }

    function frameAt(i) {
      if (frames === null) frames = block(`fr-${episode.id}`) || [];
      return frames[i] || null;
    }

    function show(i) {
      if (!positions.length) return;
      at = Math.max(0, Math.min(positions.length - 1, i));
      const pos = positions[at];
      slider.value = String(at);
      first.disabled = prev.disabled = at === 0;
      next.disabled = last.disabled = at === positions.length - 1;
      const src = frameAt(pos.frame);
      frameBox.replaceChildren(src ? h("img", { id: "frame", alt: `frame ${pos.frame}`, src })
        : h("p", { class: "note", id: "frame", text: chunk.frames_note || "No frame saved: run orak-gym eval with --frames, or orak-gym view with --render." }));
      if (plot.moveMarker) plot.moveMarker(pos.kind === "step" ? at : chunk.steps.length - 1);
      if (pos.kind === "step") {
        const s = pos.step;
        stepNum.textContent = `step ${s.step} of ${chunk.steps.length}`;
        observation.textContent = text(s.observation);
        calls.replaceChildren(...(s.calls.length ? s.calls.map(callView) : [h("p", { class: "note", text: "No LLM call (a baseline agent, or a skipped decision)." })]));
        action.textContent = text(s.action);
        outcome.replaceChildren(...[
          h("div", {}, "parsed actions: ", h("code", { id: "native-actions", text: JSON.stringify(s.native_actions) ?? "-" }), " ",
            h("span", { class: s.action_valid ? "valid" : "invalid", id: "valid", text: s.action_valid ? "valid" : "invalid" }),
            s.fallback ? h("span", { class: "invalid", text: " (fallback action)" }) : null),
          h("div", {}, "feedback: ", h("span", { id: "feedback", text: text(s.feedback) })),
          s.decision_error ? h("div", { class: "badge-error", text: `decision error: ${s.decision_error}` }) : null,
          h("div", {}, "reward ", h("b", { id: "reward", text: fmt(s.reward, 2) }), "   score after this step ",
            h("b", { id: "score-now", text: fmt(s.score, 2) }), " / 100")].filter(Boolean));
      } else {
        const end = chunk.end || {};
        stepNum.textContent = end.event === "error" ? "end: error" : `end: ${end.termination || "unfinished"}`;
        observation.textContent = text(end.observation || "(no final observation recorded)");
        calls.replaceChildren(h("p", { class: "note", text: "The episode is over." }));
        action.textContent = "";
        outcome.replaceChildren(end.event === "error"
          ? h("div", { class: "badge-error", id: "end-error", text: `error: ${end.error} (no score)` })
          : h("div", {}, "final score ", h("b", { id: "score-now", text: fmt(episode.score, 2) }), " / 100"));
      }
    }

    function callView(call) {
      const head = `${call.module || "call"} · ${call.prompt_tokens ?? 0}+${call.completion_tokens ?? 0} tokens · ${fmt(call.latency_s, 2)} s`;
      const messages = (call.messages || []).map((m) =>
        h("details", {}, h("summary", { text: `${m.role || "message"} (${text(m.content).length} chars)` }), h("pre", { class: "message", text: text(m.content) })));
      return h("div", { class: "call" }, h("div", { text: head }),
        messages.length ? h("details", { class: "prompt" }, h("summary", { text: `prompt: ${messages.length} message(s)` }), messages) : null,
        call.error ? h("div", { class: "badge-error", text: `error: ${call.error}` }) : h("pre", { class: "response", text: text(call.response) }));
    }

    document.addEventListener("keydown", (event) => {
      if (root.hidden || event.target instanceof HTMLInputElement) return;
      if (event.key === "ArrowRight") show(at + 1);
      else if (event.key === "ArrowLeft") show(at - 1);
    });
    return { root, open };
  })();

  // ------------------------------------------------------------------ an arena
  function renderArena(app, index) {
    app.append(h("h2", { text: "Elo (Bradley-Terry fit, 95% bootstrap interval)" }),
      index.elo.length ? table("elo", ["player", "Elo", "95% CI", "games"], index.elo.map((r) =>
        h("tr", { "data-player": r.player }, h("td", { text: r.player }), h("td", { class: "num elo", text: r.elo }),
          h("td", { class: "num", text: `${r.ci_low} – ${r.ci_high}` }), h("td", { class: "num", text: r.games }))))
        : h("p", { class: "note", text: "No elo.csv: the arena has not finished." }));
    app.append(h("h2", { text: "Wins / draws / losses (row vs column)" }),
      table("wdl", ["", ...index.names], index.names.map((a) => h("tr", {}, h("th", { text: a }),
        index.names.map((b) => h("td", { class: "num", text: a === b ? "-" : index.wdl[a][b].join("/") }))))));
    if (index.heatmap) app.append(h("img", { class: "plot", id: "heatmap", alt: "score-rate heatmap", src: index.heatmap }));
    const rated = index.matches.filter((m) => !m.error), failed = index.matches.filter((m) => m.error);
    const rewards = (m) => (m.rewards ? Object.entries(m.rewards).map(([k, v]) => `${k}: ${fmt(v, 1)}`).join(", ") : "-");
    const row = (m, cells) => h("tr", m.replay === null ? {} : { class: "clickable match", "data-replay": m.replay, onclick: () => replay.open(m) }, cells);
    app.append(h("h2", { text: `Matches (${rated.length} rated)` }),
      h("p", { class: "note", text: "Click a match to step through its moves (← and → keys move)." }),
      table("matches", ["first seat", "second seat", "seed", "winner", "rewards", "steps", "LLM calls"], rated.map((m) =>
        row(m, [h("td", { text: m.player_0 }), h("td", { text: m.player_1 }), num(m.seed, 0),
          h("td", { class: "winner", text: m.winner ?? "draw" }), h("td", { text: rewards(m) }), num(m.steps, 0), num(m.llm_calls, 0)]))));
    app.append(h("h2", { text: `Errored matches (${failed.length}, not rated)` }),
      failed.length ? table("arena-errors", ["first seat", "second seat", "seed", "error"], failed.map((m) =>
        row(m, [h("td", { text: m.player_0 }), h("td", { text: m.player_1 }), num(m.seed, 0), h("td", { class: "error", text: m.error })])))
        : h("p", { class: "note", id: "arena-errors", text: "None." }));
    app.append(replay.root);
  }

  // ------------------------------------------------------------------ an arena game, move by move
  const replay = (() => {
    const root = h("section", { id: "replay", hidden: "" });
    let moves = [], at = 0, match = null;
    const title = h("h2", { id: "replay-title" });
    const stepNum = h("span", { id: "replay-step" });
    const prev = h("button", { id: "replay-prev", type: "button", onclick: () => show(at - 1) }, "◀ prev");
    const next = h("button", { id: "replay-next", type: "button", onclick: () => show(at + 1) }, "next ▶");
    const slider = h("input", { id: "replay-slider", type: "range", min: 0, max: 0, value: 0, oninput: () => show(Number(slider.value)) });
    const player = h("p", { id: "replay-player" });
    const observation = h("pre", { id: "replay-observation" });
    const calls = h("div", { id: "replay-calls" });
    const outcome = h("div", { id: "replay-outcome" });
    root.append(title, h("p", { class: "note", id: "replay-meta" }), h("div", { class: "controls" }, prev, stepNum, next, slider),
      player, h("h3", { text: "Observation" }), observation, h("h3", { text: "LLM answers" }), calls, h("h3", { text: "Move" }), outcome);

    function open(m) {
      match = m;
      moves = block(`m-${m.replay}`) || [];
      title.textContent = `${m.player_0} vs ${m.player_1}  seed ${m.seed}`;
      byId("replay-meta").textContent = m.error ? `errored, not rated: ${m.error}` : `winner: ${m.winner ?? "draw"} · ${moves.length} moves`;
      slider.max = String(Math.max(0, moves.length - 1));
      root.hidden = false;
      show(0);
      root.scrollIntoView({ block: "start" });
    }
    function show(i) {
      if (!moves.length) {
        stepNum.textContent = "no move recorded";
        prev.disabled = next.disabled = true;
        return;
      }
      at = Math.max(0, Math.min(moves.length - 1, i));
      const mv = moves[at];
      slider.value = String(at);
      prev.disabled = at === 0;
      next.disabled = at === moves.length - 1;
      stepNum.textContent = `move ${mv.turn} of ${moves.length}`;
      player.replaceChildren("to play: ", h("b", { id: "replay-who", text: mv.player }));
      observation.textContent = text(mv.observation);
      calls.replaceChildren(...(mv.calls.length ? mv.calls.map((c) => h("div", { class: "call" }, h("div", { text: c.module || "call" }),
        c.error ? h("div", { class: "badge-error", text: `error: ${c.error}` }) : h("pre", { class: "response", text: text(c.response) })))
        : [h("p", { class: "note", text: "No LLM call (a baseline player)." })]));
      outcome.replaceChildren(
        h("div", {}, "action: ", h("code", { id: "replay-action", text: text(mv.action) }), " ",
          h("span", { class: mv.action_valid === false ? "invalid" : "valid", text: mv.action_valid === false ? "invalid" : "valid" })),
        h("div", {}, "feedback: ", h("span", { text: text(mv.feedback) })),
        h("div", {}, "rewards so far: ", h("span", { id: "replay-rewards", text: Object.entries(mv.rewards).map(([k, v]) => `${k} ${fmt(v, 1)}`).join(", ") })));
    }
    document.addEventListener("keydown", (event) => {
      if (root.hidden || event.target instanceof HTMLInputElement) return;
      if (event.key === "ArrowRight") show(at + 1);
      else if (event.key === "ArrowLeft") show(at - 1);
    });
    return { root, open };
  })();

  const index = block("orak-index");
  const app = byId("app");
  app.replaceChildren(h("h1", { id: "title", text: `orak-gym · ${index.title}` }), settings(index.settings));
  if (index.kind === "arena") renderArena(app, index);
  else renderEval(app, index);
  document.body.dataset.ready = "1";
})();

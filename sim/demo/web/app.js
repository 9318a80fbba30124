/* The page of cogov serve: polls /api/state, draws the map and the charts
 * (Chart.js), sends play/pause/step/speed/reset and what-ifs as POSTs. */
"use strict";
const T = {
  en: { title: "Community co-governance, live", play: "Play", pause: "Pause",
    step: "Step a week", speed: "Speed", wps: "weeks/s", reset: "Reset",
    save: "Save the what-if", whatif: "What if…",
    whatifnote: "Changes apply from the next day; the charts mark the day (dashed line).",
    day: "day", backlog: "Open matters by scope", matters: "matters",
    resdays: "Time in system (mean, days)", days: "days",
    sat: "Satisfaction (mean, 0–1)", trust: "Trust (mean, 0–1)",
    part: "Participation (share of residents)", share: "share",
    who: "Who solved matters (last 4 weeks)", solved: "matters solved",
    scope: ["private", "community", "government"],
    tgov: "government", tcom: "community", maplegend: "Map: open matters per resident of each building (row: community); white 0, red ≥ 0.2",
    run: "run", changed: "from day", twin: "model only", klass: "the class",
    joinat: "Join at", code: "code", students: "students" },
  zh: { title: "社区共治，实时演示", play: "播放", pause: "暂停",
    step: "前进一周", speed: "速度", wps: "周/秒", reset: "重来",
    save: "保存这个假如", whatif: "假如……",
    whatifnote: "改动从下一天起生效；图上以虚线标出改动的那一天。",
    day: "天", backlog: "未办结事务（按类别）", matters: "件",
    resdays: "在办时长（平均，天）", days: "天",
    sat: "满意度（平均，0–1）", trust: "信任（平均，0–1）",
    part: "参与率（居民比例）", share: "比例",
    who: "谁办结了事务（近四周）", solved: "办结件数",
    scope: ["居民私事", "社区小事", "政府大事"],
    tgov: "对政府", tcom: "对社区", maplegend: "地图：每栋楼人均未办结事务（每行一个社区）；白 0，红 ≥ 0.2",
    run: "运行", changed: "自第", twin: "仅模型", klass: "全班",
    joinat: "加入：", code: "加入码", students: "名学生" }
};
const COL = ["#1d3557", "#e76f51"];          /* run 0, run 1 */
const SCOPE_COL = ["#2a9d8f", "#e9c46a", "#6d597a"];
const CH_COL = ["#bab0ac", "#59a14f", "#edc948", "#4e79a7", "#b07aa1",
  "#f28e2b", "#76b7b2", "#ff9da7", "#e15759", "#9c755f"];  /* as the GIF */
let info = null, lang = "en", frames = [[], []], marks = [[], []];
let charts = {}, version = -1, playing = false, values = [{}, {}];
const $ = (id) => document.getElementById(id);

function t(k) { return T[lang][k]; }

/* vertical dashed lines at the days of the what-ifs */
const markPlugin = {
  id: "marks",
  afterDatasetsDraw(ch) {
    const x = ch.scales.x; if (!x) return;
    const c = ch.ctx;
    marks.forEach((ms, r) => ms.forEach((m) => {
      const px = x.getPixelForValue(m.day);
      if (px < x.left || px > x.right) return;
      c.save(); c.strokeStyle = COL[r]; c.setLineDash([4, 3]);
      c.beginPath(); c.moveTo(px, ch.chartArea.top);
      c.lineTo(px, ch.chartArea.bottom); c.stroke(); c.restore();
    }));
  }
};

/* ymax undefined: the axis fits the data (small changes stay visible) */
function lineChart(id, title, ylab, ymax, zero) {
  return new Chart($(id), {
    type: "line", data: { datasets: [] }, plugins: [markPlugin],
    options: { animation: false, responsive: true, maintainAspectRatio: false,
      parsing: false, normalized: true,
      elements: { point: { radius: 0 }, line: { borderWidth: 2 } },
      plugins: { title: { display: true, text: title },
        legend: { labels: { boxWidth: 12, font: { size: 10 } } } },
      scales: { x: { type: "linear", min: 0,
                     title: { display: true, text: t("day") } },
                y: { min: zero ? 0 : undefined, max: ymax, grace: "5%",
                     title: { display: true, text: ylab } } } } });
}

function runName(r) {
  return (r + 1) + ": " + info.runs[r].name +
    (info.class ? " (" + t(r ? "klass" : "twin") + ")" : "");
}

async function pollClass() {
  const c = await (await fetch("api/class")).json();
  const box = $("class");
  if (box.hidden) {   /* once: the text and the QR code of the link */
    box.hidden = false;
    box.innerHTML = '<p id="classinfo"></p><img id="qr" src="qr.svg">';
    $("qr").alt = info.url;
  }
  const p = $("classinfo"); p.textContent = "";
  p.append(t("joinat") + " " + info.url + " — " + t("code") + " ");
  const b = document.createElement("b"); b.textContent = c.code; p.appendChild(b);
  p.append(" — " + c.students.length + "/" + c.max + " " + t("students"));
  document.body.dataset.students = c.students.length;
}

function buildCharts() {
  Object.values(charts).forEach((c) => c.destroy());
  charts = {};
  const nf = info.runs[0].n_frames * info.frame_days;
  const ds = (label, col, dash, get) => ({ label, borderColor: col,
    backgroundColor: col, borderDash: dash ? [5, 3] : [], data: [], get });
  const two = (get, lab) => [0, 1].map((r) => ds(lab ? lab(r) : runName(r),
    COL[r], r === 0, (f) => get(f)));
  charts.backlog = lineChart("backlog", t("backlog"), t("matters"), undefined, true);
  [0, 1].forEach((r) => [0, 1, 2].forEach((s) => {
    const d = ds(t("scope")[s] + " (" + (r + 1) + ")", SCOPE_COL[s], r === 0,
                 (f) => f[1 + s]);
    d.run = r; charts.backlog.data.datasets.push(d);
  }));
  charts.resdays = lineChart("resdays", t("resdays"), t("days"), undefined, true);
  charts.sat = lineChart("sat", t("sat"), "0–1");
  charts.trust = lineChart("trust", t("trust"), "0–1");
  charts.part = lineChart("part", t("part"), t("share"), undefined, true);
  const add = (c, get, lab) => two(get, lab).forEach((d, r) => {
    d.run = r; c.data.datasets.push(d); });
  add(charts.resdays, (f) => f[9]);
  add(charts.sat, (f) => f[4]);
  [[5, "tgov"], [6, "tcom"]].forEach(([i, k]) => {
    [0, 1].forEach((r) => {
      const d = ds(t(k) + " (" + (r + 1) + ")", i === 5 ? COL[r] : ["#457b9d", "#f4a261"][r],
                   r === 0, (f) => f[i]);
      d.run = r; charts.trust.data.datasets.push(d);
    });
  });
  add(charts.part, (f) => f[7]);
  Object.values(charts).forEach((c) => { c.options.scales.x.max = nf; });
  charts.who = new Chart($("who"), { type: "bar",
    data: { labels: [t("run") + " 1", t("run") + " 2"],
      datasets: info.channels.map((c, k) => ({ label: c[lang],
        backgroundColor: CH_COL[k], data: [0, 0] })) },
    options: { animation: false, responsive: true, maintainAspectRatio: false,
      indexAxis: "y",
      plugins: { title: { display: true, text: t("who") },
        legend: { position: "right", labels: { boxWidth: 10, font: { size: 9 } } } },
      scales: { x: { stacked: true, title: { display: true, text: t("solved") } },
                y: { stacked: true } } } });
  refill();
}

function refill() {
  for (const k of ["backlog", "resdays", "sat", "trust", "part"]) {
    for (const d of charts[k].data.datasets)
      d.data = frames[d.run].map((f) => ({ x: f[0] + 1, y: d.get(f) }));
    charts[k].update("none");
  }
  info.channels.forEach((c, k) => {
    charts.who.data.datasets[k].data = [0, 1].map((r) => {
      let s = 0; const fr = frames[r];
      for (let i = Math.max(0, fr.length - 4); i < fr.length; i++) s += fr[i][10 + k];
      return s;
    });
  });
  charts.who.update("none");
  const n = frames[0].length;
  document.body.dataset.frames = n;
  $("probe").textContent = JSON.stringify({ frames: n,
    points: charts.sat.data.datasets.map((d) => d.data.length),
    marks: marks.map((m) => m.length) });
}

function drawMap(r, map) {
  const cv = $("map" + r), c = cv.getContext("2d");
  const rows = info.runs[r].buildings, nr = rows.length;
  const nc = Math.max(...rows);
  c.fillStyle = "#fff"; c.fillRect(0, 0, cv.width, cv.height);
  const w = cv.width / nc, h = cv.height / nr;
  let b = 0;
  rows.forEach((n, y) => {
    for (let x = 0; x < n; x++, b++) {
      const v = Math.max(0, Math.min(1, (map[b] || 0) / 0.2));
      const g = Math.round(255 * (1 - v));
      c.fillStyle = "rgb(255," + g + "," + g + ")";
      c.fillRect(x * w + 0.5, y * h + 0.5, Math.max(1, w - 1), h - 1);
    }
  });
}

function texts() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-t]").forEach((e) => {
    e.textContent = t(e.dataset.t); });
  $("play").textContent = playing ? t("pause") : t("play");
  $("lang").textContent = lang === "zh" ? "English" : "中文";
  $("maplegend").textContent = t("maplegend");
  [0, 1].forEach((r) => { $("name" + r).textContent = runName(r); });
  const sel = $("target"); sel.innerHTML = "";
  [0, 1].forEach((r) => { const o = document.createElement("option");
    o.value = r; o.textContent = t("run") + " " + runName(r); sel.appendChild(o); });
  sel.value = "1";
  controls();
  showMarks();
}

function target() { return +$("target").value; }

function controls() {
  const box = $("controls"); box.innerHTML = "";
  const v = values[target()] || {};
  info.controls.forEach((c) => {
    const d = document.createElement("div"); d.className = "ctl";
    const lab = document.createElement("label");
    const inp = document.createElement("input");
    inp.dataset.key = c.key;
    if (c.switch) {
      inp.type = "checkbox"; inp.checked = !!v[c.key];
      lab.appendChild(inp); lab.append(" " + c[lang]);
      inp.onchange = () => set(c.key, inp.checked ? "true" : "false");
    } else {
      inp.type = "range"; inp.min = c.lo; inp.max = c.hi; inp.step = c.step;
      inp.value = v[c.key];
      const out = document.createElement("span"); out.textContent = " " + v[c.key];
      lab.append(c[lang]); lab.appendChild(out); lab.appendChild(inp);
      inp.oninput = () => { out.textContent = " " + inp.value; };
      inp.onchange = () => set(c.key, inp.value);
    }
    d.appendChild(lab); box.appendChild(d);
  });
  $("save").href = "api/scenario?run=" + target();
}

function showMarks() {
  const ul = $("marks"); ul.innerHTML = "";
  marks.forEach((ms, r) => ms.forEach((m) => {
    const li = document.createElement("li");
    li.textContent = "(" + (r + 1) + ") " + t("changed") + " " + m.day + " " +
      (lang === "zh" ? "天" : "") + ": " + m.set.join(", ");
    ul.appendChild(li);
  }));
}

async function post(url) {
  const r = await fetch(url, { method: "POST" });
  const j = await r.json();
  $("msg").textContent = j.error || "";
  poll();
  return j;
}
function set(key, value) {
  post("api/set?run=" + target() + "&key=" + encodeURIComponent(key) +
       "&value=" + encodeURIComponent(value));
}

let busy = false;
async function poll() {
  if (busy) return; busy = true;
  try {
    const since = frames[0].length;
    const r = await fetch("api/state?since=" + since);
    const s = await r.json();
    const restarted = s.runs.some((x, i) => x.done < frames[i].length);
    if (restarted) { frames = [[], []]; busy = false; version = -1;
      const r2 = await fetch("api/state?since=0"); return apply(await r2.json()); }
    apply(s, since);
    if (info.class) await pollClass();
  } catch (e) { $("msg").textContent = String(e); }
  finally { busy = false; }
}

function apply(s, since) {
  s.runs.forEach((x, i) => {
    if (since === undefined) frames[i] = x.frames;
    else frames[i] = frames[i].concat(x.frames);
    marks[i] = x.marks; values[i] = x.values;
    if (x.map.length) drawMap(i, x.map);
  });
  const changed = s.version !== version;
  version = s.version;
  if (playing !== s.playing) { playing = s.playing;
    $("play").textContent = playing ? t("pause") : t("play"); }
  $("speedv").textContent = s.speed;
  const f = frames[0];
  const d = f.length ? f[f.length - 1][0] + 1 : 0;
  $("day").textContent = !f.length ? "" : lang === "zh" ? "第 " + d + " 天"
                                                      : t("day") + " " + d;
  refill();
  if (changed) { showMarks();
    if (!document.activeElement || !document.activeElement.dataset ||
        !document.activeElement.dataset.key) controls(); }
}

async function start() {
  info = await (await fetch("api/info")).json();
  lang = new URLSearchParams(location.search).get("lang") || info.lang;
  if (!T[lang]) lang = "en";
  $("play").onclick = () => post("api/control?do=" + (playing ? "pause" : "play"));
  $("step").onclick = () => post("api/control?do=step");
  $("reset").onclick = () => { frames = [[], []]; post("api/control?do=reset"); };
  $("speed").onchange = () => post("api/control?do=speed&value=" + $("speed").value);
  $("lang").onclick = () => { lang = lang === "zh" ? "en" : "zh"; texts(); buildCharts(); };
  $("target").onchange = controls;
  texts(); buildCharts();
  await poll();
  setInterval(poll, 300);
}
start();
